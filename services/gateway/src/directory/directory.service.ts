import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import mongoose, { type Model } from 'mongoose';
import {
  DIRECTORY_EVENTS,
  createEnvelope,
  type CreateDepartmentInput,
  type CreateUserInput,
  type DepartmentUpsertedV1,
  type DepartmentView,
  type Page,
  type RankLevel,
  type Role,
  type UpdateDepartmentInput,
  type UpdateUserInput,
  type UserListQuery,
  type UserUpsertedV1,
  type UserView,
} from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError, problems } from '@cadre/platform';
import { OutboxRelay, outboxEntry } from '@cadre/messaging';
import { hashPassword } from '../auth/password-hasher';
import { childPath, rebasePath, wouldCreateCycle } from './domain/department-tree';
import { passwordProblems } from './domain/password-policy';
import { DEPARTMENTS, USERS, type DepartmentDocument, type UserDocument } from './persistence/directory.schemas';
import { DirectoryCache } from './directory-cache';

/** The directory the gateway owns: departments (a tree) and users. Every change is announced through the outbox. */
@Injectable()
export class DirectoryService implements OnModuleInit {
  constructor(
    @Inject(DEPARTMENTS) private readonly departments: Model<DepartmentDocument>,
    @Inject(USERS) private readonly users: Model<UserDocument>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DirectoryCache) private readonly cache: DirectoryCache,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.departments, this.users]);
    this.relay.register(this.departments);
    this.relay.register(this.users);
  }

  // ── departments ────────────────────────────────────────────────────────────────────────────────

  async listDepartments(): Promise<DepartmentView[]> {
    return this.cache.departments(async () => {
      const rows = await this.departments.find({}, { outbox: 0 }).lean<DepartmentDocument[]>();
      return rows.map(departmentView).sort((a, b) => a.path.length - b.path.length || a.code.localeCompare(b.code));
    });
  }

  async getDepartment(id: string): Promise<DepartmentView> {
    const department = await this.departments.findById(id, { outbox: 0 }).lean<DepartmentDocument>();
    if (!department) throw problems.notFound('No such department.');
    return departmentView(department);
  }

  async createDepartment(input: CreateDepartmentInput): Promise<DepartmentView> {
    const parent = input.parentId ? await this.departments.findById(input.parentId).lean<DepartmentDocument>() : null;
    if (input.parentId && !parent) throw problems.invalid([{ path: 'parentId', message: 'no such department' }]);
    if (!parent && (await this.departments.countDocuments({})) > 0) {
      throw problems.invalid([{ path: 'parentId', message: 'is required: the tree already has its root' }]);
    }
    const id = randomUUID();
    const doc = { _id: id, code: input.code, name: input.name, parentId: parent?._id ?? null, path: childPath(parent?.path ?? null, id), version: 1 };
    try {
      await this.departments.create({ ...doc, outbox: [departmentEvent(doc)] });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(`The department code ${input.code} is already in use.`);
      throw error;
    }
    this.afterDepartmentWrite(id);
    return departmentView(doc);
  }

  updateDepartment(id: string, input: UpdateDepartmentInput): Promise<DepartmentView> {
    return this.relay.locks.run(this.departments.collection.collectionName, id, () => this.applyDepartmentUpdate(id, input));
  }

  private async applyDepartmentUpdate(id: string, input: UpdateDepartmentInput): Promise<DepartmentView> {
    const current = await this.departments.findById(id).lean<DepartmentDocument>();
    if (!current) throw problems.notFound('No such department.');
    let path = current.path;
    let parentId = current.parentId;
    if (input.parentId !== undefined && input.parentId !== current.parentId) {
      if (input.parentId === null) throw problems.invalid([{ path: 'parentId', message: 'a department cannot become a second root' }]);
      const parent = await this.departments.findById(input.parentId).lean<DepartmentDocument>();
      if (!parent) throw problems.invalid([{ path: 'parentId', message: 'no such department' }]);
      if (wouldCreateCycle(id, parent.path)) throw problems.invalid([{ path: 'parentId', message: 'would put the department under itself' }]);
      parentId = parent._id;
      path = childPath(parent.path, id);
    }
    const next = { ...current, code: input.code ?? current.code, name: input.name ?? current.name, parentId, path, version: current.version + 1 };
    await this.writeDepartment(current.version, next);
    if (path !== current.path) await this.moveSubtree(current.path, path);
    return departmentView(next);
  }

  private async writeDepartment(expectedVersion: number, next: Omit<DepartmentDocument, 'outbox' | 'createdAt' | 'updatedAt'>): Promise<void> {
    try {
      const result = await this.departments.updateOne(
        { _id: next._id, version: expectedVersion },
        { $set: { code: next.code, name: next.name, parentId: next.parentId, path: next.path, version: next.version }, $push: { outbox: departmentEvent(next) } },
      );
      if (result.matchedCount === 0) throw problems.conflict('The department changed meanwhile; reload and try again.');
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(`The department code ${next.code} is already in use.`);
      throw error;
    }
    this.afterDepartmentWrite(next._id);
  }

  /**
   * Rebases every department and user below a moved department. Each document is written with its own event;
   * running the same move again finishes one that was interrupted.
   */
  private async moveSubtree(oldPath: string[], newPath: string[]): Promise<void> {
    const movedId = oldPath[oldPath.length - 1];
    const descendants = await this.departments.find({ path: movedId, _id: mongoose.trusted({ $ne: movedId }) }).lean<DepartmentDocument[]>();
    for (const { _id } of descendants) {
      await this.relay.locks.run(this.departments.collection.collectionName, _id, async () => {
        const department = await this.departments.findById(_id).lean<DepartmentDocument>();
        if (department) await this.writeDepartment(department.version, { ...department, path: rebasePath(department.path, oldPath, newPath), version: department.version + 1 });
      });
    }
    const members = await this.users.find({ departmentPath: movedId }, { _id: 1 }).lean<{ _id: string }[]>();
    for (const { _id } of members) {
      await this.relay.locks.run(this.users.collection.collectionName, _id, async () => {
        const user = await this.users.findById(_id).lean<UserDocument>();
        if (user) await this.writeUser(user.version, { ...user, departmentPath: rebasePath(user.departmentPath, oldPath, newPath), version: user.version + 1 });
      });
    }
  }

  private afterDepartmentWrite(id: string) {
    this.cache.invalidateDepartments();
    void this.relay.notify(this.departments, id);
  }

  // ── users ──────────────────────────────────────────────────────────────────────────────────────

  async createUser(input: CreateUserInput, options: { enforcePasswordPolicy?: boolean } = {}): Promise<UserView> {
    const policy = options.enforcePasswordPolicy === false ? [] : passwordProblems(input.password, input.username);
    const department = await this.departments.findById(input.departmentId).lean<DepartmentDocument>();
    const errors = [...policy, ...(department ? [] : [{ path: 'departmentId', message: 'no such department' }])];
    if (errors.length) throw problems.invalid(errors);
    const id = randomUUID();
    const doc = {
      _id: id,
      username: input.username,
      name: input.name,
      staffNo: input.staffNo,
      departmentId: department!._id,
      departmentPath: department!.path,
      roles: [...new Set(input.roles)],
      rankLevel: input.rankLevel,
      title: input.title,
      postDate: input.postDate ?? null,
      active: true,
      passwordHash: await hashPassword(input.password),
      version: 1,
    };
    try {
      await this.users.create({ ...doc, outbox: [userEvent(doc)] });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(await this.duplicateUserDetail(doc));
      throw error;
    }
    void this.relay.notify(this.users, id);
    return userView(doc);
  }

  updateUser(id: string, input: UpdateUserInput): Promise<UserView> {
    return this.relay.locks.run(this.users.collection.collectionName, id, () => this.applyUserUpdate(id, input));
  }

  private async applyUserUpdate(id: string, input: UpdateUserInput): Promise<UserView> {
    const current = await this.users.findById(id).lean<UserDocument>();
    if (!current) throw problems.notFound('No such user.');
    const department = input.departmentId ? await this.departments.findById(input.departmentId).lean<DepartmentDocument>() : null;
    const errors = [
      ...(input.password !== undefined ? passwordProblems(input.password, current.username) : []),
      ...(input.departmentId && !department ? [{ path: 'departmentId', message: 'no such department' }] : []),
    ];
    if (errors.length) throw problems.invalid(errors);
    const next: UserDocument = {
      ...current,
      name: input.name ?? current.name,
      staffNo: input.staffNo ?? current.staffNo,
      departmentId: department?._id ?? current.departmentId,
      departmentPath: department?.path ?? current.departmentPath,
      roles: input.roles ? [...new Set(input.roles)] : current.roles,
      rankLevel: input.rankLevel ?? current.rankLevel,
      title: input.title ?? current.title,
      postDate: input.postDate ?? current.postDate,
      active: input.active ?? current.active,
      passwordHash: input.password !== undefined ? await hashPassword(input.password) : current.passwordHash,
      version: current.version + 1,
    };
    await this.writeUser(current.version, next);
    return userView(next);
  }

  private async writeUser(expectedVersion: number, next: Omit<UserDocument, 'outbox' | 'createdAt' | 'updatedAt'>): Promise<void> {
    const { _id, ...fields } = next;
    try {
      const result = await this.users.updateOne(
        { _id, version: expectedVersion },
        {
          $set: {
            name: fields.name,
            staffNo: fields.staffNo,
            departmentId: fields.departmentId,
            departmentPath: fields.departmentPath,
            roles: fields.roles,
            rankLevel: fields.rankLevel,
            title: fields.title,
            postDate: fields.postDate,
            active: fields.active,
            passwordHash: fields.passwordHash,
            version: fields.version,
          },
          $push: { outbox: userEvent(next) },
        },
      );
      if (result.matchedCount === 0) throw problems.conflict('The user changed meanwhile; reload and try again.');
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(await this.duplicateUserDetail(next));
      throw error;
    }
    this.cache.invalidateUser(_id);
    void this.relay.notify(this.users, _id);
  }

  /** Which unique field clashed: the error does not say on every server, so ask. */
  private async duplicateUserDetail(user: Pick<UserDocument, '_id' | 'username' | 'staffNo'>): Promise<string> {
    const other = { _id: mongoose.trusted({ $ne: user._id }) };
    if (await this.users.exists({ ...other, username: user.username })) return `The username ${user.username} is already in use.`;
    if (await this.users.exists({ ...other, staffNo: user.staffNo })) return `The staff number ${user.staffNo} is already in use.`;
    return 'The username or staff number is already in use.';
  }

  async getUser(id: string): Promise<UserView> {
    const user = await this.users.findById(id, { outbox: 0 }).lean<UserDocument>();
    if (!user) throw problems.notFound('No such user.');
    return userView(user);
  }

  /** The user behind a token, cached briefly: every authenticated request asks. */
  activeUser(id: string): Promise<UserDocument | null> {
    return this.cache.user(id, async () => {
      const user = await this.users.findById(id, { outbox: 0 }).lean<UserDocument>();
      return user?.active ? user : null;
    });
  }

  findByUsername(username: string): Promise<UserDocument | null> {
    return this.users.findOne({ username }, { outbox: 0 }).lean<UserDocument>();
  }

  async listUsers(query: UserListQuery): Promise<Page<UserView>> {
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
    return { items: rows.map(userView), total, page: query.page, pageSize: query.pageSize };
  }

  /** Every user matching the filters (at most 10,000), for the CSV export. */
  async exportUsers(query: UserListQuery): Promise<UserView[]> {
    const rows = await this.users.find(userFilter(query), { outbox: 0, passwordHash: 0 }).sort({ username: 1 }).limit(10_000).lean<UserDocument[]>();
    return rows.map(userView);
  }

  /** First start: the root department and the `admin` user, only if the directory is empty. */
  async bootstrap(rootDepartment: { code: string; name: string }, adminPassword: string, isDevelopmentPassword: boolean): Promise<'created' | 'exists'> {
    if (await this.findByUsername('admin')) return 'exists';
    const root = (await this.departments.findOne({ parentId: null }).lean<DepartmentDocument>()) ?? (await this.createDepartment(rootDepartment));
    const rootId = 'id' in root ? root.id : root._id;
    await this.createUser({
      username: 'admin',
      password: adminPassword,
      name: '系统管理员',
      staffNo: 'ADMIN-0001',
      departmentId: rootId,
      roles: ['admin'],
      rankLevel: 'staff',
      title: '系统管理员',
    }, { enforcePasswordPolicy: !isDevelopmentPassword });
    return 'created';
  }
}

function departmentEvent(doc: Pick<DepartmentDocument, '_id' | 'code' | 'name' | 'parentId' | 'path' | 'version'>) {
  return outboxEntry(
    DIRECTORY_EVENTS.departmentUpserted,
    createEnvelope<DepartmentUpsertedV1>(DIRECTORY_EVENTS.departmentUpserted, 'gateway', {
      departmentId: doc._id,
      code: doc.code,
      name: doc.name,
      parentId: doc.parentId,
      path: doc.path,
      version: doc.version,
    }),
  );
}

function userEvent(doc: Omit<UserDocument, 'outbox' | 'createdAt' | 'updatedAt' | 'passwordHash'> & { passwordHash?: string }) {
  return outboxEntry(
    DIRECTORY_EVENTS.userUpserted,
    createEnvelope<UserUpsertedV1>(DIRECTORY_EVENTS.userUpserted, 'gateway', {
      userId: doc._id,
      username: doc.username,
      name: doc.name,
      staffNo: doc.staffNo,
      departmentId: doc.departmentId,
      departmentPath: doc.departmentPath,
      roles: doc.roles as Role[],
      rankLevel: doc.rankLevel as RankLevel,
      title: doc.title,
      active: doc.active,
      version: doc.version,
    }),
  );
}

export function departmentView(doc: Pick<DepartmentDocument, '_id' | 'code' | 'name' | 'parentId' | 'path' | 'version'>): DepartmentView {
  return { id: doc._id, code: doc.code, name: doc.name, parentId: doc.parentId, path: doc.path, version: doc.version };
}

export function userView(doc: Omit<UserDocument, 'outbox' | 'createdAt' | 'updatedAt' | 'passwordHash'>): UserView {
  return {
    id: doc._id,
    username: doc.username,
    name: doc.name,
    staffNo: doc.staffNo,
    departmentId: doc.departmentId,
    departmentPath: doc.departmentPath,
    roles: doc.roles,
    rankLevel: doc.rankLevel,
    title: doc.title,
    postDate: doc.postDate ?? null,
    active: doc.active,
    version: doc.version,
  };
}


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
