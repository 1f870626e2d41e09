import type { DepartmentUpsertedV1, UserUpsertedV1 } from '@cadre/contracts';
import { DIRECTORY_EVENTS } from '@cadre/contracts';
import { nameKeysOf, rankPeople, type PersonCandidate } from './domain/people';

/**
 * What people search knows of a user: the search keys of the name, where the user works (the department and the
 * path to it, for the subtree filter), title and rank for the answer, active and version to apply changes in order.
 */
export interface PersonRow extends PersonCandidate {
  departmentId: string;
  departmentPath: string[];
  title: string;
  rankLevel: string;
  active: boolean;
  version: number;
}

/** A user row as read from the collection (keys may be missing on users written before they existed). */
export type StoredPersonRow = Omit<PersonRow, 'pinyinInitials' | 'pinyinFull'> & Partial<Pick<PersonRow, 'pinyinInitials' | 'pinyinFull'>>;

/** The row with its search keys (computed from the name when the stored row has none yet). */
export function personRowOf(row: StoredPersonRow): PersonRow {
  const keys = row.pinyinInitials === undefined || row.pinyinFull === undefined ? nameKeysOf(row.name) : { pinyinInitials: row.pinyinInitials, pinyinFull: row.pinyinFull };
  return {
    _id: row._id,
    name: row.name,
    ...keys,
    departmentId: row.departmentId,
    departmentPath: [...(row.departmentPath ?? [])],
    title: row.title ?? '',
    rankLevel: row.rankLevel,
    active: row.active,
    version: row.version,
  };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

/** The row of a `directory.user.upserted` event's data, or null when it is not one. */
export function personRowFromEvent(data: unknown): PersonRow | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<UserUpsertedV1>;
  if (!isString(d.userId) || !isString(d.name) || !isString(d.departmentId) || !isStringArray(d.departmentPath)) return null;
  if (typeof d.active !== 'boolean' || typeof d.version !== 'number' || !isString(d.rankLevel)) return null;
  return personRowOf({ _id: d.userId, name: d.name, departmentId: d.departmentId, departmentPath: d.departmentPath, title: isString(d.title) ? d.title : '', rankLevel: d.rankLevel, active: d.active, version: d.version });
}

/** The department of a `directory.department.upserted` event's data, or null when it is not one. */
export function departmentFromEvent(data: unknown): Pick<DepartmentUpsertedV1, 'departmentId' | 'path'> | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<DepartmentUpsertedV1>;
  return isString(d.departmentId) && isStringArray(d.path) && d.path[d.path.length - 1] === d.departmentId ? { departmentId: d.departmentId, path: d.path } : null;
}

/** What a message on `directory.>` means for people search. */
export type DirectoryChange = { kind: 'user'; row: PersonRow } | { kind: 'department'; department: Pick<DepartmentUpsertedV1, 'departmentId' | 'path'> };

export function directoryChangeOf(subject: string, envelope: unknown): DirectoryChange | null {
  if (typeof envelope !== 'object' || envelope === null || !('data' in envelope)) return null;
  const data = (envelope as { data: unknown }).data;
  if (subject === DIRECTORY_EVENTS.userUpserted) {
    const row = personRowFromEvent(data);
    return row ? { kind: 'user', row } : null;
  }
  if (subject === DIRECTORY_EVENTS.departmentUpserted) {
    const department = departmentFromEvent(data);
    return department ? { kind: 'department', department } : null;
  }
  return null;
}

const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin');
const byName = (a: PersonRow, b: PersonRow) => collator.compare(a.name, b.name) || a._id.localeCompare(b._id);

/**
 * Every user's search row in memory (10,000 users: a few MB), so that `GET /people` reads no database per keystroke.
 * Loaded with one read at first use (requests that come together wait for the same load), changed at once by
 * `apply` (this process's writes, and every gateway's `directory.user.upserted` on NATS), and read again in full
 * at most every `ttlMs` (in the background: a search answers from what is held meanwhile) in case a message was
 * missed. Changes apply by version: an older row never replaces a newer one, also when it arrives during a load.
 */
export class PeopleIndex {
  private rows = new Map<string, PersonRow>();
  /** The active rows by name in pinyin order, built again after a change (ranking then sorts almost sorted input). */
  private sorted?: PersonRow[];
  private loadedAt?: number;
  private loading?: Promise<void>;
  /** Rows applied while a load is under way: what the load read may be older. */
  private appliedDuringLoad?: Map<string, PersonRow>;

  constructor(
    private readonly load: () => Promise<StoredPersonRow[]>,
    private readonly ttlMs: number,
    private readonly onBackgroundError: (error: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The best `limit` active people for `q` (today's rules: `rankPeople`), of the subtree of `departmentId` when given
   * (users whose department path has it).
   */
  async search(q: string, departmentId: string | undefined, limit: number): Promise<PersonRow[]> {
    await this.fresh();
    this.sorted ??= [...this.rows.values()].filter((row) => row.active).sort(byName);
    const candidates = departmentId ? this.sorted.filter((row) => row.departmentPath.includes(departmentId)) : this.sorted;
    return rankPeople(candidates, q, limit);
  }

  /** A user's row as written (by this process or another): newer versions replace older ones; inactive rows are kept out of answers. */
  apply(row: PersonRow): void {
    if (this.appliedDuringLoad) {
      const pending = this.appliedDuringLoad.get(row._id);
      if (!pending || pending.version <= row.version) this.appliedDuringLoad.set(row._id, row);
    }
    const held = this.rows.get(row._id);
    if (held && held.version > row.version) return;
    this.rows.set(row._id, row);
    this.sorted = undefined;
  }

  /**
   * A department now at `path`: the rows below it rebased at once (their own events follow, one per user, and
   * carry the same path), so the subtree filter is right from the department's event on.
   */
  applyDepartment(department: { departmentId: string; path: readonly string[] }): void {
    for (const [id, row] of this.rows) {
      const at = row.departmentPath.indexOf(department.departmentId);
      if (at < 0) continue;
      const rebased = [...department.path, ...row.departmentPath.slice(at + 1)];
      if (rebased.join('/') === row.departmentPath.join('/')) continue;
      this.rows.set(id, { ...row, departmentPath: rebased });
      this.sorted = undefined;
    }
  }

  /** Reads every user again (joining a load under way). */
  reload(): Promise<void> {
    this.loading ??= this.loadAll().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** How many rows are held (active or not); for tests and the ops log. */
  get size(): number {
    return this.rows.size;
  }

  private async fresh(): Promise<void> {
    if (this.loadedAt === undefined) return this.reload();
    if (this.now() - this.loadedAt >= this.ttlMs && !this.loading) void this.reload().catch(this.onBackgroundError);
  }

  private async loadAll(): Promise<void> {
    const started = this.now();
    const applied = new Map<string, PersonRow>();
    this.appliedDuringLoad = applied;
    try {
      const next = new Map<string, PersonRow>();
      for (const stored of await this.load()) next.set(stored._id, personRowOf(stored));
      for (const row of applied.values()) {
        const read = next.get(row._id);
        if (!read || read.version <= row.version) next.set(row._id, row);
      }
      this.rows = next;
      this.sorted = undefined;
      this.loadedAt = started;
    } finally {
      if (this.appliedDuringLoad === applied) this.appliedDuringLoad = undefined;
    }
  }
}
