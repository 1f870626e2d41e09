import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { isWithinSubtree, type DepartmentUpsertedV1, type EventEnvelope, type UserUpsertedV1 } from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError } from '@cadre/platform';
import { REPLICA_DEPARTMENTS, REPLICA_USERS, type ReplicaDepartment, type ReplicaUser } from './directory-replica.schema';

/**
 * The local copy of users and departments every service keeps. Upserts move a row only to a newer version,
 * so redelivered, duplicated or late events change nothing.
 */
@Injectable()
export class DirectoryReplica implements OnModuleInit {
  constructor(
    @Inject(REPLICA_USERS) private readonly users: Model<ReplicaUser>,
    @Inject(REPLICA_DEPARTMENTS) private readonly departments: Model<ReplicaDepartment>,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.users, this.departments]);
  }

  async applyUser(event: EventEnvelope<UserUpsertedV1>): Promise<boolean> {
    const u = event.data;
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
  usersWithRole(role: string, departmentIds: string[] | null): Promise<ReplicaUser[]> {
    const filter: Record<string, unknown> = { roles: role, active: true };
    if (departmentIds) filter.departmentId = mongoose.trusted({ $in: departmentIds });
    return this.users.find(filter as never).lean<ReplicaUser[]>();
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
