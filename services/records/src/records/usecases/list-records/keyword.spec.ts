import { escapeRegex, keywordFilter } from './keyword';

describe('the list keyword', () => {
  it('escapes every regular-expression metacharacter, so the keyword matches only itself', () => {
    expect(escapeRegex('a.*(')).toBe('a\\.\\*\\(');
    const pattern = new RegExp(escapeRegex('[x]+$^{1}|\\?'), 'i');
    expect(pattern.test('前缀[x]+$^{1}|\\?后缀')).toBe(true);
    expect(pattern.test('xx')).toBe(false);
  });

  it('looks in the title and the filer’s name, case-insensitive', () => {
    expect(JSON.parse(JSON.stringify(keywordFilter('a.b')))).toEqual({
      $or: [{ title: { $regex: 'a\\.b', $options: 'i' } }, { cadreName: { $regex: 'a\\.b', $options: 'i' } }],
    });
  });
});
