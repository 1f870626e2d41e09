import type { DepartmentView } from '@cadre/contracts';
import { buildDepartmentTree, changedFields, jobFinished, jobProgressStatus, passwordProblem, sortDryRun, standardActions, subtreeIds, taxonomyProblems, basePointsOf } from './rules';

const dept = (id: string, name: string, parentId: string | null, path: string[]): DepartmentView => ({ id, code: id.toUpperCase(), name, parentId, path, version: 1 });

describe('passwordProblem (the API policy)', () => {
  it('accepts a long password mixing letters and digits without the username', () => {
    expect(passwordProblem('Haikou2026Gov', 'wang')).toBeNull();
  });
  it('refuses short, unmixed, username-containing and over-long passwords', () => {
    expect(passwordProblem('short1', 'wang')).toBe('policy');
    expect(passwordProblem('onlyletterspassword', 'wang')).toBe('policy');
    expect(passwordProblem('1234567890123', 'wang')).toBe('policy');
    expect(passwordProblem('WangWei2026x', 'wangwei')).toBe('policy');
    expect(passwordProblem(`a1${'x'.repeat(127)}`, 'wang')).toBe('tooLong');
  });
});

describe('standardActions', () => {
  it('offers dry run and activation for a draft only', () => {
    expect(standardActions({ status: 'draft' })).toEqual({ dryRun: true, activate: true });
    expect(standardActions({ status: 'active' })).toEqual({ dryRun: false, activate: false });
    expect(standardActions({ status: 'retired' })).toEqual({ dryRun: false, activate: false });
  });
});

describe('jobs', () => {
  it('are finished when completed or failed', () => {
    expect(jobFinished({ state: 'waiting' })).toBe(false);
    expect(jobFinished({ state: 'active' })).toBe(false);
    expect(jobFinished({ state: 'completed' })).toBe(true);
    expect(jobFinished({ state: 'failed' })).toBe(true);
    expect(jobFinished(null)).toBe(false);
    expect(jobProgressStatus({ state: 'failed' })).toBe('exception');
    expect(jobProgressStatus({ state: 'completed' })).toBe('success');
  });
});

describe('sortDryRun', () => {
  const rows = [
    { cadreId: 'b', before: 10, after: 12, delta: 2 },
    { cadreId: 'a', before: 20, after: 15, delta: -5 },
    { cadreId: 'c', before: 5, after: 7, delta: 2 },
  ];
  it('sorts by |delta| largest first, ties by cadre id', () => {
    expect(sortDryRun(rows).map((r) => r.cadreId)).toEqual(['a', 'b', 'c']);
  });
  it('sorts by a column either way', () => {
    expect(sortDryRun(rows, 'before', 'ascend').map((r) => r.cadreId)).toEqual(['c', 'b', 'a']);
    expect(sortDryRun(rows, 'after', 'descend').map((r) => r.cadreId)).toEqual(['a', 'b', 'c']);
  });
});

describe('departments', () => {
  const list = [dept('root', '海口市', null, ['root']), dept('d2', '美兰区', 'root', ['root', 'd2']), dept('d1', '龙华区', 'root', ['root', 'd1']), dept('d3', '龙华区商务局', 'd1', ['root', 'd1', 'd3'])];
  it('builds the tree from parent ids', () => {
    const tree = buildDepartmentTree(list, (d) => d.name);
    expect(tree).toHaveLength(1);
    expect(tree[0].children?.map((c) => c.title).sort()).toEqual(['美兰区', '龙华区'].sort());
    expect(tree[0].children?.find((c) => c.key === 'd1')?.children?.[0].key).toBe('d3');
  });
  it('knows a subtree (where a department cannot move)', () => {
    expect([...subtreeIds(list, 'd1')].sort()).toEqual(['d1', 'd3']);
  });
});

describe('changedFields', () => {
  it('keeps only what changed', () => {
    expect(changedFields({ name: 'a', roles: ['cadre'], active: true }, { name: 'a', roles: ['cadre', 'reviewer'], active: true, title: undefined })).toEqual({ roles: ['cadre', 'reviewer'] });
  });
});

describe('taxonomyProblems', () => {
  it('accepts a valid taxonomy', () => {
    expect(taxonomyProblems({ items: [{ code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }] }] })).toEqual([]);
  });
  it('names every offending field like the API', () => {
    expect(taxonomyProblems({ items: [{ code: 'invest', name: '', children: [{ code: 'X1', name: '签约', extra: 1 }] }] }).map((p) => p.path)).toEqual([
      'items.0.code',
      'items.0.name',
      'items.0.children.0.extra',
      'items.0.children.0.code',
    ]);
    expect(taxonomyProblems({ items: [] })[0].path).toBe('items');
    expect(taxonomyProblems([])[0].path).toBe('');
  });
  it('refuses a code used twice (across both levels) and a child code not under its parent, like the records service', () => {
    const body = {
      items: [
        { code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '签约' }, { code: 'INVEST-01', name: '落地' }] },
        { code: 'INVEST', name: '重复', children: [{ code: 'PARTY-01', name: '学习' }] },
      ],
    };
    expect(taxonomyProblems(body)).toEqual([
      { path: 'items.0.children.1.code', message: 'is used twice' },
      { path: 'items.1.code', message: 'is used twice' },
      { path: 'items.1.children.0.code', message: 'must start with INVEST-' },
    ]);
  });
});

describe('basePointsOf', () => {
  it('uses the item’s own base points or the default', () => {
    const standard = { itemBasePoints: { default: 5, byFirstLevel: { INVEST: 8 } } };
    expect(basePointsOf(standard, 'INVEST')).toBe(8);
    expect(basePointsOf(standard, 'PARTY')).toBe(5);
  });
});
