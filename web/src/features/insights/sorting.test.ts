import { byNumber, byText, sortRows } from './sorting';

const rows = [
  { name: '王海军', points: 10, change: 2 },
  { name: '李红梅', points: 30, change: null },
  { name: '陈志强', points: 20, change: -1 },
];
const compare = { points: byNumber((r: (typeof rows)[number]) => r.points), change: byNumber((r: (typeof rows)[number]) => r.change), name: byText((r: (typeof rows)[number]) => r.name) };

describe('sortRows', () => {
  it('sorts by the chosen column either way and keeps the order without a choice', () => {
    expect(sortRows(rows, { key: 'points', order: 'descend' }, compare).map((r) => r.points)).toEqual([30, 20, 10]);
    expect(sortRows(rows, { key: 'change', order: 'ascend' }, compare).map((r) => r.change)).toEqual([null, -1, 2]);
    expect(sortRows(rows, { key: 'name', order: 'ascend' }, compare).map((r) => r.name)).toEqual(['陈志强', '李红梅', '王海军']);
    expect(sortRows(rows, null, compare)).toEqual(rows);
    expect(sortRows(rows, { key: 'unknown', order: 'ascend' }, compare)).toEqual(rows);
  });
});
