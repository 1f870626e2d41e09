import { nameMatcher } from './name-match';

describe('finding a cadre in a ranking by q', () => {
  const names = ['王海军', '李红梅', '陈志强', '王红'];
  const found = (q: string) => names.filter(nameMatcher(q));

  it('matches a name or a part of it', () => {
    expect(found('王')).toEqual(['王海军', '王红']);
    expect(found('红')).toEqual(['李红梅', '王红']);
    expect(found('海军')).toEqual(['王海军']);
  });

  it('matches pinyin initials and full pinyin from the start, in any case', () => {
    expect(found('whj')).toEqual(['王海军']);
    expect(found('WH')).toEqual(['王海军', '王红']);
    expect(found('lihong')).toEqual(['李红梅']);
    expect(found('hj')).toEqual([]);
  });

  it('takes q as text, never a pattern; a blank q matches everyone', () => {
    expect(found('.*')).toEqual([]);
    expect(found('王|李')).toEqual([]);
    expect(found('  ')).toEqual(names);
  });
});
