import { contentDisposition, csvNumber } from './csv';

describe('gateway CSV helpers', () => {
  it('keeps the header ASCII: a non-ASCII or quoted name also goes as filename*', () => {
    expect(contentDisposition('候选人.csv')).toBe(`attachment; filename="___.csv"; filename*=UTF-8''%E5%80%99%E9%80%89%E4%BA%BA.csv`);
    expect(contentDisposition('a"b.csv')).toBe(`attachment; filename="a_b.csv"; filename*=UTF-8''a%22b.csv`);
  });

  it('renders points as numbers with two decimals at most, blank for none', () => {
    expect(csvNumber(12.345)).toBe(12.35);
    expect(csvNumber(null)).toBe('');
  });
});
