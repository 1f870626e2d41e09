import type { RankLevel, Role, DepartmentView, DryRunView, RecalculationJobView, ScoringStandardView } from '@cadre/contracts';

/** The password policy of the API (gateway `passwordProblems`): ≥ 10 characters, ≤ 128, letters and digits, not containing the username. */
export function passwordProblem(password: string, username: string): 'policy' | 'tooLong' | null {
  if (password.length > 128) return 'tooLong';
  if (password.length < 10) return 'policy';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'policy';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'policy';
  return null;
}

/** The roles and rank levels of the contracts (values are not imported from @cadre/contracts: types only). */
export const ROLES = ['cadre', 'reviewer', 'assessor', 'publisher', 'evaluator', 'appraiser', 'admin'] as const satisfies readonly Role[];
export const RANK_LEVELS = ['division', 'section', 'staff'] as const satisfies readonly RankLevel[];

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;
export const STAFF_NO_PATTERN = /^[A-Za-z0-9-]{1,32}$/;
export const DEPARTMENT_CODE_PATTERN = /^[A-Z][A-Z0-9_-]{1,31}$/;

/** What an admin may do with a scoring standard version: only a draft can be dry-run and activated. */
export function standardActions(standard: Pick<ScoringStandardView, 'status'>): { dryRun: boolean; activate: boolean } {
  const draft = standard.status === 'draft';
  return { dryRun: draft, activate: draft };
}

/** Whether a job is over (no more polling). */
export function jobFinished(job: Pick<RecalculationJobView, 'state'> | null | undefined): boolean {
  return job?.state === 'completed' || job?.state === 'failed';
}

/** antd Progress status for a job. */
export function jobProgressStatus(job: Pick<RecalculationJobView, 'state'>): 'success' | 'exception' | 'active' | 'normal' {
  if (job.state === 'completed') return 'success';
  if (job.state === 'failed') return 'exception';
  if (job.state === 'active') return 'active';
  return 'normal';
}

export type DryRunRow = DryRunView['cadres'][number];
export type DryRunSortKey = 'delta' | 'before' | 'after';

/** Dry-run rows sorted by a column (|delta| by default, largest first; ties by cadre id). */
export function sortDryRun(rows: DryRunRow[], key: DryRunSortKey = 'delta', order: 'ascend' | 'descend' = 'descend'): DryRunRow[] {
  const value = (row: DryRunRow) => (key === 'delta' ? Math.abs(row.delta) : row[key]);
  const sign = order === 'descend' ? -1 : 1;
  return [...rows].sort((a, b) => sign * (value(a) - value(b)) || a.cadreId.localeCompare(b.cadreId));
}

export interface DepartmentNode {
  key: string;
  value: string;
  title: string;
  department: DepartmentView;
  children?: DepartmentNode[];
}

/** The department list (each with parentId) as a tree for antd Tree / TreeSelect, siblings by name. */
export function buildDepartmentTree(departments: DepartmentView[], label: (d: DepartmentView) => string = (d) => `${d.name}（${d.code}）`): DepartmentNode[] {
  const ids = new Set(departments.map((d) => d.id));
  const byParent = new Map<string | null, DepartmentView[]>();
  for (const department of departments) {
    const parent = department.parentId && ids.has(department.parentId) ? department.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), department]);
  }
  const build = (parent: string | null, seen: Set<string>): DepartmentNode[] =>
    (byParent.get(parent) ?? [])
      .filter((d) => !seen.has(d.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((department) => {
        const children = build(department.id, new Set([...seen, department.id]));
        return { key: department.id, value: department.id, title: label(department), department, ...(children.length ? { children } : {}) };
      });
  return build(null, new Set());
}

/** A department and all below it: the places it cannot be moved under. */
export function subtreeIds(departments: DepartmentView[], rootId: string): Set<string> {
  return new Set(departments.filter((d) => d.id === rootId || d.path.includes(rootId)).map((d) => d.id));
}

/** The fields of an edit form that differ from the current values (PATCH sends only those). */
export function changedFields<T extends Record<string, unknown>>(current: Record<string, unknown>, next: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    if (JSON.stringify(current[key]) !== JSON.stringify(value)) out[key] = value;
  }
  return out as Partial<T>;
}

/** The first-level item's base points under a standard. */
export function basePointsOf(standard: Pick<ScoringStandardView, 'itemBasePoints'>, code: string): number {
  return standard.itemBasePoints.byFirstLevel[code] ?? standard.itemBasePoints.default;
}

/** Whether a number has at most `places` decimals (like the API's check, tolerant of binary floating point). */
export function hasAtMostDecimals(value: number, places: number): boolean {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export interface FieldProblem {
  path: string;
  message: string;
}

const FIRST_CODE = /^[A-Z]{2,20}$/;
const SECOND_CODE = /^[A-Z]{2,20}-\d{2}$/;

/**
 * Checks a taxonomy body like the API's `taxonomyInput` (items 1–50, each with code, name ≤ 50 and children 1–50,
 * nothing else). Answers the problems with API-like paths (`items.3.children.0.code`), messages as the API words them.
 */
export function taxonomyProblems(body: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const unknownKeys = (value: Record<string, unknown>, allowed: string[], base: string) => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push({ path: base ? `${base}.${key}` : key, message: 'is not allowed' });
  };
  const checkName = (value: unknown, path: string) => {
    if (typeof value !== 'string' || !value.trim()) problems.push({ path, message: 'is required' });
    else if (value.trim().length > 50) problems.push({ path, message: 'must be at most 50 characters' });
  };
  if (!isObject(body)) return [{ path: '', message: 'must be an object { items: [...] }' }];
  unknownKeys(body, ['items'], '');
  const items = body.items;
  if (!Array.isArray(items)) return [...problems, { path: 'items', message: 'must be a list' }];
  if (items.length < 1) problems.push({ path: 'items', message: 'needs at least one item' });
  if (items.length > 50) problems.push({ path: 'items', message: 'must have at most 50 items' });
  items.forEach((item, i) => {
    const base = `items.${i}`;
    if (!isObject(item)) return problems.push({ path: base, message: 'must be an object' });
    unknownKeys(item, ['code', 'name', 'children'], base);
    if (typeof item.code !== 'string' || !FIRST_CODE.test(item.code)) problems.push({ path: `${base}.code`, message: 'must be 2–20 upper-case letters' });
    checkName(item.name, `${base}.name`);
    if (!Array.isArray(item.children)) return problems.push({ path: `${base}.children`, message: 'must be a list' });
    if (item.children.length < 1) problems.push({ path: `${base}.children`, message: 'needs at least one second-level item' });
    if (item.children.length > 50) problems.push({ path: `${base}.children`, message: 'must have at most 50 items' });
    item.children.forEach((child: unknown, j: number) => {
      const path = `${base}.children.${j}`;
      if (!isObject(child)) return problems.push({ path, message: 'must be an object' });
      unknownKeys(child, ['code', 'name'], path);
      if (typeof child.code !== 'string' || !SECOND_CODE.test(child.code)) problems.push({ path: `${path}.code`, message: 'must be <FIRST>-NN' });
      checkName(child.name, `${path}.name`);
    });
  });
  return [...problems, ...taxonomyCodeProblems(items)];
}

/** Like the records service: codes are unique across both levels, and a child's code starts with its parent's (INVEST → INVEST-03). */
function taxonomyCodeProblems(items: unknown[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const codeOf = (value: unknown) => (typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' ? ((value as { code: string }).code) : null);
  items.forEach((item, i) => {
    const code = codeOf(item);
    if (code) {
      if (seen.has(code)) problems.push({ path: `items.${i}.code`, message: 'is used twice' });
      seen.add(code);
    }
    const children = (item as { children?: unknown }).children;
    if (!Array.isArray(children)) return;
    children.forEach((child: unknown, j: number) => {
      const childCode = codeOf(child);
      if (!childCode) return;
      if (code && SECOND_CODE.test(childCode) && !childCode.startsWith(`${code}-`)) problems.push({ path: `items.${i}.children.${j}.code`, message: `must start with ${code}-` });
      if (seen.has(childCode)) problems.push({ path: `items.${i}.children.${j}.code`, message: 'is used twice' });
      seen.add(childCode);
    });
  });
  return problems;
}
