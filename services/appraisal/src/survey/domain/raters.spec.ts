import { drawRaters, editRaters, type RaterEntry } from './raters';

const dept = 'D1';

describe('drawRaters', () => {
  const input = {
    cadre: { userId: 'me', departmentId: dept, rankLevel: 'section' },
    departmentCadres: [
      { userId: 'me', rankLevel: 'section' },
      { userId: 'chief', rankLevel: 'division' },
      { userId: 'peer1', rankLevel: 'section' },
      { userId: 'peer2', rankLevel: 'section' },
      { userId: 'staff1', rankLevel: 'staff' },
      { userId: 'odd', rankLevel: 'unknown' },
    ],
    leaders: ['reviewer', 'appraiser', 'me'],
    collaborators: [
      { userId: 'outside', departmentId: 'D2' },
      { userId: 'peer1', departmentId: dept },
      { userId: 'me', departmentId: dept },
    ],
  };

  it('puts leaders and higher ranks above, the same rank and outside collaborators beside, lower ranks below; never the cadre', () => {
    const raters = drawRaters(input);
    const byGroup = (group: string) => raters.filter((r) => r.group === group).map((r) => r.userId);
    expect(byGroup('superior')).toEqual(['appraiser', 'chief', 'reviewer']);
    expect(byGroup('peer')).toEqual(['outside', 'peer1', 'peer2']);
    expect(byGroup('subordinate')).toEqual(['staff1']);
    expect(byGroup('recipient')).toEqual([]);
    expect(raters.some((r) => r.userId === 'me')).toBe(false);
    expect(raters.some((r) => r.userId === 'odd')).toBe(false);
    expect(raters.every((r) => r.voted === false)).toBe(true);
  });

  it('keeps a person in one group only, the first of 上级, 同级, 下级', () => {
    const raters = drawRaters({ ...input, leaders: ['peer1'], collaborators: [{ userId: 'staff1', departmentId: 'D2' }] });
    expect(raters.find((r) => r.userId === 'peer1')?.group).toBe('superior');
    expect(raters.find((r) => r.userId === 'staff1')?.group).toBe('peer');
    expect(new Set(raters.map((r) => r.userId)).size).toBe(raters.length);
  });

  it('draws no colleagues by rank for a cadre without a known rank level, but still the leaders and collaborators', () => {
    const raters = drawRaters({ ...input, cadre: { ...input.cadre, rankLevel: undefined } });
    expect(raters.map((r) => `${r.group}:${r.userId}`)).toEqual(['superior:appraiser', 'superior:reviewer', 'peer:outside']);
  });

  it('orders division > section > staff', () => {
    const top = drawRaters({ ...input, cadre: { ...input.cadre, rankLevel: 'division' }, leaders: [], collaborators: [] });
    expect(top.filter((r) => r.group === 'superior')).toEqual([]);
    expect(top.filter((r) => r.group === 'subordinate').map((r) => r.userId)).toEqual(['peer1', 'peer2', 'staff1']);
    const bottom = drawRaters({ ...input, cadre: { ...input.cadre, rankLevel: 'staff' }, leaders: [], collaborators: [] });
    expect(bottom.filter((r) => r.group === 'superior').map((r) => r.userId)).toEqual(['chief', 'peer1', 'peer2']);
  });
});

describe('editRaters', () => {
  const current: RaterEntry[] = [
    { userId: 'a', group: 'peer', voted: true },
    { userId: 'b', group: 'peer', voted: false },
  ];

  it('keeps voters with their flag and takes the new list', () => {
    const edit = editRaters('me', current, [
      { userId: 'c', group: 'recipient' },
      { userId: 'a', group: 'peer' },
    ]);
    expect(edit.raters).toEqual([
      { userId: 'a', group: 'peer', voted: true },
      { userId: 'c', group: 'recipient', voted: false },
    ]);
    expect(edit.voterChanged).toEqual([]);
    expect(edit.self).toEqual([]);
  });

  it('names a voter removed or moved, and the indexes listing the cadre', () => {
    expect(editRaters('me', current, [{ userId: 'b', group: 'peer' }]).voterChanged).toEqual(['a']);
    expect(editRaters('me', current, [{ userId: 'a', group: 'superior' }]).voterChanged).toEqual(['a']);
    expect(editRaters('me', current, [{ userId: 'a', group: 'peer' }, { userId: 'me', group: 'peer' }]).self).toEqual([1]);
  });
});
