import { Schema, type Connection, type Model } from 'mongoose';

/** A service's local copy of the gateway's directory, fed by `directory.*` events. */
export interface ReplicaUser {
  _id: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  roles: string[];
  rankLevel: string;
  title: string;
  active: boolean;
  /**
   * Only for notifications by e-mail; never shown. Not selected by default (`select: false`): read it with
   * `DirectoryReplica.emailOf`.
   */
  email?: string | null;
  version: number;
}

export interface ReplicaDepartment {
  _id: string;
  code: string;
  name: string;
  parentId: string | null;
  path: string[];
  version: number;
}

const UserSchema = new Schema<ReplicaUser>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    departmentId: { type: String, required: true },
    departmentPath: { type: [String], default: [] },
    roles: { type: [String], default: [] },
    rankLevel: { type: String, required: true },
    title: { type: String, default: '' },
    active: { type: Boolean, required: true },
    email: { type: String, default: null, select: false },
    version: { type: Number, required: true },
  },
  { collection: 'directory_users', versionKey: false },
);
UserSchema.index({ departmentPath: 1 });

const DepartmentSchema = new Schema<ReplicaDepartment>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    parentId: { type: String, default: null },
    path: { type: [String], default: [] },
    version: { type: Number, required: true },
  },
  { collection: 'directory_departments', versionKey: false },
);

export const REPLICA_USERS = Symbol('REPLICA_USERS');
export const REPLICA_DEPARTMENTS = Symbol('REPLICA_DEPARTMENTS');

export const replicaUserModel = (connection: Connection): Model<ReplicaUser> => connection.model<ReplicaUser>('ReplicaUser', UserSchema);
export const replicaDepartmentModel = (connection: Connection): Model<ReplicaDepartment> =>
  connection.model<ReplicaDepartment>('ReplicaDepartment', DepartmentSchema);
