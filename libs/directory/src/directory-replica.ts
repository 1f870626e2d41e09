import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { isWithinSubtree, type DepartmentUpsertedV1, type EventEnvelope, type UserUpsertedV1 } from '@cadre/contracts';
import { DocumentLocks, ensureIndexes, isDuplicateKeyError } from '@cadre/platform';
import { REPLICA_DEPARTMENTS, REPLICA_USERS, type ReplicaDepartment, type ReplicaUser } from './directory-replica.schema';

/** `directory_role_holders`: per role and per `role|departmentId` (`_id`), the ids of the active users holding it; `_id` ROLE_INDEX_BUILT marks it built. */
const ROLE_HOLDERS = 'directory_role_holders';
const ROLE_INDEX_BUILT = '~built';

/**
 * The local copy of users and departments every service keeps. Upserts move a row only to a newer version,
 * so redelivered, duplicated or late events change nothing.
 */
@Injectable()
export class DirectoryReplica implements OnModuleInit {
  private readonly locks = new DocumentLocks();

  constructor(
    @Inject(REPLICA_USERS) private readonly users: Model<ReplicaUser>,
    @Inject(REPLICA_DEPARTMENTS) private readonly departments: Model<ReplicaDepartment>,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.users, this.departments]);
    await this.buildRoleIndex();
  }

  private get roleHolders() {
    return this.users.db.collection<{ _id: string; userIds: string[] }>(ROLE_HOLDERS);
  }

  /**
   * Once per database: the role index from the users kept so far (one scan). FerretDB v1 answers a filter on
   * `roles` by scanning every user (seconds at 5,000 users), so holders of a role are found by `_id` instead.
   */
  private async buildRoleIndex(): Promise<void> {
    if (await this.roleHolders.findOne({ _id: ROLE_INDEX_BUILT })) return;
    const byRole = new Map<string, string[]>();
    for await (const u of this.users.find({}, { roles: 1, active: 1, departmentId: 1 }).lean<Pick<ReplicaUser, '_id' | 'roles' | 'active' | 'departmentId'>[]>().cursor()) {
      for (const key of roleKeys(u)) byRole.set(key, [...(byRole.get(key) ?? []), u._id]);
    }
    for (const [role, userIds] of byRole) {
      await this.locks.run(ROLE_HOLDERS, role, () => this.roleHolders.updateOne({ _id: role }, { $addToSet: { userIds: { $each: userIds } } }, { upsert: true }));
    }
    await this.roleHolders.updateOne({ _id: ROLE_INDEX_BUILT }, { $set: { userIds: [] } }, { upsert: true });
  }

  /** Keeps the user among the holders of each role (city-wide and in their department) while active, and out of the others they were in. */
  private async indexRoles(userId: string, before: string[], now: string[]): Promise<void> {
    const held = new Set(now);
    for (const key of new Set([...before, ...now])) {
      await this.locks.run(ROLE_HOLDERS, key, () =>
        held.has(key)
          ? this.roleHolders.updateOne({ _id: key }, { $addToSet: { userIds: userId } }, { upsert: true })
          : this.roleHolders.updateOne({ _id: key }, { $pull: { userIds: userId } }),
      );
    }
  }

  async applyUser(event: EventEnvelope<UserUpsertedV1>): Promise<boolean> {
    const u = event.data;
    return this.locks.run('directory_users', u.userId, async () => {
      const fields = { roles: 1, active: 1, departmentId: 1 };
      const before = await this.users.findById(u.userId, fields).lean<Pick<ReplicaUser, 'roles' | 'active' | 'departmentId'>>();
      const changed = await this.applyUserRow(u);
      // Also when the row was not newer: a crash between the row and the index is finished by the redelivery.
      const now = changed ? u : await this.users.findById(u.userId, fields).lean<Pick<ReplicaUser, 'roles' | 'active' | 'departmentId'>>();
      if (now) await this.indexRoles(u.userId, before ? roleKeys(before) : [], roleKeys(now));
      return changed;
    });
  }

  private applyUserRow(u: UserUpsertedV1): Promise<boolean> {
    return upsertNewer(this.users, u.userId, u.version, {
      name: u.name,
      departmentId: u.departmentId,
      departmentPath: u.departmentPath,
      roles: u.roles,
      rankLevel: u.rankLevel,
      title: u.title,
      active: u.active,
      // Absent in events written before users had an address: none then.
      email: typeof u.email === 'string' && u.email.trim() ? u.email.trim() : null,
    });
  }

  async applyDepartment(event: EventEnvelope<DepartmentUpsertedV1>): Promise<boolean> {
    const d = event.data;
    return upsertNewer(this.departments, d.departmentId, d.version, { code: d.code, name: d.name, parentId: d.parentId, path: d.path });
  }

  user(id: string): Promise<ReplicaUser | null> {
    return this.users.findById(id).lean<ReplicaUser>();
  }

  department(id: string): Promise<ReplicaDepartment | null> {
    return this.departments.findById(id).lean<ReplicaDepartment>();
  }

  /** Whether the user belongs to the department subtree rooted at `departmentId` (false if unknown). */
  async isUserWithin(userId: string, departmentId: string): Promise<boolean> {
    const user = await this.user(userId);
    return !!user && isWithinSubtree(user.departmentPath, departmentId);
  }

  /** A user's e-mail address, only for notifications by e-mail (null when none or unknown). */
  async emailOf(userId: string): Promise<string | null> {
    const row = await this.users.findById(userId, { email: 1 }).select('+email').lean<{ email?: string | null }>();
    return row?.email ?? null;
  }

  /**
   * Active users holding `role`, city-wide (`departmentIds` null) or whose own department is one of `departmentIds`
   * (e.g. the departments on an item's path: whoever's subtree covers it).
   */
  async usersWithRole(role: string, departmentIds: string[] | null): Promise<ReplicaUser[]> {
    const keys = departmentIds ? [...new Set(departmentIds)].map((d) => `${role}|${d}`) : [String(role)];
    const lists = await Promise.all(keys.map((key) => this.roleHolders.findOne({ _id: key })));
    const users = await Promise.all([...new Set(lists.flatMap((l) => l?.userIds ?? []))].map((id) => this.user(id)));
    const within = departmentIds ? new Set(departmentIds) : null;
    return users.filter((u): u is ReplicaUser => !!u && u.active && (u.roles ?? []).includes(role) && (!within || within.has(u.departmentId)));
  }

  /** Every user the directory knows, for whole-population work (rankings). */
  allUsers(): Promise<ReplicaUser[]> {
    return this.users.find({}).lean<ReplicaUser[]>();
  }

  /** Ids of the users within a department subtree. */
  async userIdsWithin(departmentId: string): Promise<string[]> {
    const rows = await this.users.find({ departmentPath: departmentId }, { _id: 1 }).lean<{ _id: string }[]>();
    return rows.map((row) => row._id);
  }
}

/** The role-index keys an active user is under: each role city-wide, and each role in their own department (`role|departmentId`). */
function roleKeys(u: { roles?: string[]; active: boolean; departmentId: string }): string[] {
  return u.active ? (u.roles ?? []).flatMap((role) => [role, `${role}|${u.departmentId}`]) : [];
}

async function upsertNewer<T>(model: Model<T>, id: string, version: number, fields: Record<string, unknown>): Promise<boolean> {
  try {
    const result = await model.updateOne(
      { _id: id, version: mongoose.trusted({ $lt: version }) } as never,
      { $set: { ...fields, version } } as never,
      { upsert: true },
    );
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false; // a row at the same or a newer version exists
    throw error;
  }
}
