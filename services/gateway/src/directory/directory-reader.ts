import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { DepartmentView, UserListQuery } from '@cadre/contracts';
import { ensureIndexes, keysetPage } from '@cadre/platform';
import { DEPARTMENTS, USERS, type DepartmentDocument, type UserDocument } from './persistence/directory.schemas';
import { DirectoryCache } from './directory-cache';
import { departmentView } from './views';
import { escapeRegex, nameKeysOf } from './domain/people';
import type { StoredPersonRow } from './people-index';

/** What people search reads of a user. */
const PERSON_FIELDS = { _id: 1, name: 1, departmentId: 1, departmentPath: 1, title: 1, rankLevel: 1, active: 1, version: 1, pinyinInitials: 1, pinyinFull: 1 } as const;

/** The directory's reads: what the use cases look up, and what every authenticated request asks (cached). */
@Injectable()
export class DirectoryReader implements OnModuleInit {
  constructor(
    @Inject(DEPARTMENTS) private readonly departments: Model<DepartmentDocument>,
    @Inject(USERS) private readonly users: Model<UserDocument>,
    @Inject(DirectoryCache) private readonly cache: DirectoryCache,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.departments, this.users]);
  }

  /** The whole tree, root first (cached). */
  departmentList(): Promise<DepartmentView[]> {
    return this.cache.departments(async () => {
      const rows = await this.departments.find({}, { outbox: 0 }).lean<DepartmentDocument[]>();
      return rows.map(departmentView).sort((a, b) => a.path.length - b.path.length || a.code.localeCompare(b.code));
    });
  }

  department(id: string): Promise<DepartmentDocument | null> {
    return this.departments.findById(id, { outbox: 0 }).lean<DepartmentDocument>();
  }

  root(): Promise<DepartmentDocument | null> {
    return this.departments.findOne({ parentId: null }, { outbox: 0 }).lean<DepartmentDocument>();
  }

  async hasRoot(): Promise<boolean> {
    return (await this.departments.countDocuments({})) > 0;
  }

  /** The departments below `id` (not itself). */
  async descendantIds(id: string): Promise<string[]> {
    const rows = await this.departments.find({ path: id, _id: mongoose.trusted({ $ne: id }) }, { _id: 1 }).lean<{ _id: string }[]>();
    return rows.map((row) => row._id);
  }

  /** The users of `id`'s subtree. */
  async memberIds(id: string): Promise<string[]> {
    const rows = await this.users.find({ departmentPath: id }, { _id: 1 }).lean<{ _id: string }[]>();
    return rows.map((row) => row._id);
  }

  user(id: string): Promise<UserDocument | null> {
    return this.users.findById(id, { outbox: 0 }).lean<UserDocument>();
  }

  /** The user behind a token, cached briefly: every authenticated request asks. */
  activeUser(id: string): Promise<UserDocument | null> {
    return this.cache.user(id, async () => {
      const user = await this.user(id);
      return user?.active ? user : null;
    });
  }

  userByUsername(username: string): Promise<UserDocument | null> {
    return this.users.findOne({ username }, { outbox: 0 }).lean<UserDocument>();
  }

  /** One page of users matching the filters, by username. */
  async userPage(query: UserListQuery): Promise<{ rows: UserDocument[]; total: number }> {
    const filter = userFilter(query);
    const [total, rows] = await Promise.all([
      this.users.countDocuments(filter),
      this.users
        .find(filter, { outbox: 0, passwordHash: 0 })
        .sort({ username: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<UserDocument[]>(),
    ]);
    return { rows, total };
  }

  /** One page of the users matching the filters for the export, by username after `cursor` (the first page without one). */
  exportRows(query: UserListQuery, cursor?: string | null): Promise<{ rows: UserDocument[]; next: string | null }> {
    return keysetPage<UserDocument & Record<string, unknown>>({
      model: this.users as unknown as Model<never>,
      filter: userFilter(query),
      sort: { field: 'username', direction: 1 },
      cursor,
      projection: { outbox: 0, passwordHash: 0 },
    });
  }

  /**
   * Every user's search row (active or not: the people index keeps versions), in one read with a projection: what
   * the people index loads. The keys are missing on users the backfill has not reached yet (the index computes them).
   */
  personRows(): Promise<StoredPersonRow[]> {
    return this.users.find({}, PERSON_FIELDS).lean<StoredPersonRow[]>();
  }

  /**
   * Writes the name's search keys on every user written before they existed (one pass; a user already carrying them is
   * left alone, so running it again changes nothing). Not an aggregate change: the keys are derived from the name,
   * nobody else sees them, so no version and no event; each write is conditional on the name it was computed from.
   */
  async backfillNameKeys(): Promise<number> {
    let written = 0;
    const missing = this.users.find({ pinyinInitials: mongoose.trusted({ $exists: false }) }, { _id: 1, name: 1 }).lean<{ _id: string; name: string }[]>().cursor();
    for await (const row of missing) {
      const result = await this.users.updateOne(
        { _id: row._id, name: row.name, pinyinInitials: mongoose.trusted({ $exists: false }) },
        { $set: nameKeysOf(row.name) },
        { timestamps: false },
      );
      written += result.modifiedCount;
    }
    return written;
  }

  /** Which unique field of a user's clashed with another user's: the duplicate-key error does not say on every server. */
  async duplicateUserDetail(user: Pick<UserDocument, '_id' | 'username' | 'staffNo'>): Promise<string> {
    const other = { _id: mongoose.trusted({ $ne: user._id }) };
    if (await this.users.exists({ ...other, username: user.username })) return `The username ${user.username} is already in use.`;
    if (await this.users.exists({ ...other, staffNo: user.staffNo })) return `The staff number ${user.staffNo} is already in use.`;
    return 'The username or staff number is already in use.';
  }
}

/** A user list's filters: the department's subtree, a role, a username prefix or a name fragment. */
function userFilter(query: UserListQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.departmentId) filter.departmentPath = query.departmentId;
  if (query.role) filter.roles = query.role;
  if (query.q) {
    const pattern = escapeRegex(query.q);
    filter.$or = [{ username: mongoose.trusted({ $regex: `^${pattern}` }) }, { name: mongoose.trusted({ $regex: pattern }) }];
  }
  return filter;
}
