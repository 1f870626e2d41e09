import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { DepartmentView, UserListQuery } from '@cadre/contracts';
import { ensureIndexes } from '@cadre/platform';
import { DEPARTMENTS, USERS, type DepartmentDocument, type UserDocument } from './persistence/directory.schemas';
import { DirectoryCache } from './directory-cache';
import { departmentView } from './views';

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

  /** Every user matching the filters (at most 10,000), for the CSV export. */
  exportRows(query: UserListQuery): Promise<UserDocument[]> {
    return this.users.find(userFilter(query), { outbox: 0, passwordHash: 0 }).sort({ username: 1 }).limit(10_000).lean<UserDocument[]>();
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

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
