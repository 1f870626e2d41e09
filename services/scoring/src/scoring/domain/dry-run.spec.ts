import type { DryRunView } from '@cadre/contracts';
import { namedDryRun } from './dry-run';

describe('namedDryRun', () => {
  it('names every listed cadre and their department, and leaves the numbers alone', () => {
    const view: DryRunView = {
      version: 2,
      period: '2026',
      cadres: [
        { cadreId: 'c1', before: 10, after: 12, delta: 2 },
        { cadreId: 'c2', before: 5, after: 4, delta: -1 },
        { cadreId: 'c3', before: 1, after: 1, delta: 0 },
      ],
      totals: { before: 16, after: 17, moved: 2 },
    };
    const users = new Map([
      ['c1', { name: '王海军', departmentId: 'd1' }],
      ['c2', { name: '王海军', departmentId: 'd-unknown' }],
    ]);
    expect(namedDryRun(view, users, new Map([['d1', '甲区商务局']]))).toEqual({
      ...view,
      cadres: [
        { cadreId: 'c1', name: '王海军', departmentId: 'd1', departmentName: '甲区商务局', before: 10, after: 12, delta: 2 },
        { cadreId: 'c2', name: '王海军', departmentId: 'd-unknown', before: 5, after: 4, delta: -1 },
        { cadreId: 'c3', before: 1, after: 1, delta: 0 },
      ],
    });
  });
});
