import { escapeRegex, matchTier, nameKeysOf, personView, rankPeople, type PersonCandidate } from './people';

const person = (id: string, name: string): PersonCandidate => ({ _id: id, name, ...nameKeysOf(name) });

describe('the search keys of a name', () => {
  it('are the pinyin initials and the full pinyin, lower case, without tones', () => {
    expect(nameKeysOf('王海军')).toEqual({ pinyinInitials: 'whj', pinyinFull: 'wanghaijun' });
    expect(nameKeysOf('吕小明')).toEqual({ pinyinInitials: 'lxm', pinyinFull: 'lvxiaoming' });
  });

  it('read a surname as a surname (单 shan, 曾 zeng)', () => {
    expect(nameKeysOf('单雄信').pinyinInitials).toBe('sxx');
    expect(nameKeysOf('曾国藩').pinyinFull).toBe('zengguofan');
  });

  it('keep the letters of names that are not Chinese as they are (each its own initial), dropping punctuation', () => {
    expect(nameKeysOf('Anna·李')).toEqual({ pinyinInitials: 'annal', pinyinFull: 'annali' });
  });
});

describe('matching and ranking people', () => {
  const wang1 = person('a', '王海军');
  const wang2 = person('b', '王海军');
  const huang = person('c', '黄海军');
  const wanghai = person('d', '王海');
  const other = person('e', '李四');

  it('matches by characters anywhere in the name, or by initials or full pinyin from the start, ignoring case', () => {
    expect(matchTier(wang1, 'whj')).toBe(0);
    expect(matchTier(wang1, '王海军')).toBe(0);
    expect(matchTier(wang1, 'wh')).toBe(1);
    expect(matchTier(wang1, 'wanghai')).toBe(1);
    expect(matchTier(wang1, '王')).toBe(1);
    expect(matchTier(wang1, '海军')).toBe(2);
    expect(matchTier(wang1, 'hj')).toBeNull();
    expect(matchTier(other, 'whj')).toBeNull();
    expect(rankPeople([wang1], 'WHJ', 10)).toEqual([wang1]);
  });

  it('ranks exact matches first, then prefixes, then the rest, then by name in pinyin order; at most limit', () => {
    expect(rankPeople([huang, wanghai, wang2, wang1, other], '海', 10).map((p) => p.name)).toEqual(['黄海军', '王海', '王海军', '王海军']);
    expect(rankPeople([huang, wanghai, wang2, wang1, other], 'wh', 10).map((p) => p._id)).toEqual(['d', 'a', 'b']);
    expect(rankPeople([huang, wanghai, wang1], 'whj', 10).map((p) => p._id)).toEqual(['a']);
    expect(rankPeople([wang1, wang2, huang], '海军', 1)).toHaveLength(1);
    // The same person from two queries counts once.
    expect(rankPeople([wang1, wang1, wang2], 'whj', 10).map((p) => p._id)).toEqual(['a', 'b']);
  });

  it('lists everyone by name for an empty query', () => {
    expect(rankPeople([wang1, other, huang], '', 10).map((p) => p.name)).toEqual(['黄海军', '李四', '王海军']);
  });

  it('takes regular-expression characters literally', () => {
    expect(escapeRegex('.*(')).toBe('\\.\\*\\(');
    expect(new RegExp(escapeRegex('a.*b')).test('a.*b')).toBe(true);
    expect(new RegExp(escapeRegex('a.*b')).test('axxb')).toBe(false);
    expect(rankPeople([wang1], '.*', 10)).toEqual([]);
  });

  it('shows a person with the department name and the rank label, and nothing else', () => {
    const view = personView({ _id: 'a', name: '王海军', departmentId: 'd1', title: '科长', rankLevel: 'section', username: 'whj', staffNo: 'S1', email: 'x@y.z' } as never, (id) => (id === 'd1' ? '龙华区' : undefined));
    expect(view).toEqual({ userId: 'a', name: '王海军', departmentId: 'd1', departmentName: '龙华区', title: '科长', rankLevel: 'section', rankLabel: '科级' });
  });
});
