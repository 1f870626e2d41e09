import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type { Department } from '../domain/department';
import type { User } from '../domain/user';

/** Timestamps and the outbox are the store's: absent from what the domain builds. */
export interface DepartmentDocument extends Department {
  createdAt?: Date;
  updatedAt?: Date;
  outbox?: OutboxEntry[];
}

export interface UserDocument extends User {
  createdAt?: Date;
  updatedAt?: Date;
  outbox?: OutboxEntry[];
}

const DepartmentSchema = new Schema<DepartmentDocument>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    parentId: { type: String, default: null },
    path: { type: [String], required: true },
    version: { type: Number, required: true },
    ...outboxPath,
  },
  { collection: 'departments', timestamps: true, versionKey: false, minimize: false },
);
DepartmentSchema.index({ code: 1 }, { unique: true });
DepartmentSchema.index({ path: 1 });

const UserSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    name: { type: String, required: true },
    staffNo: { type: String, required: true },
    departmentId: { type: String, required: true },
    departmentPath: { type: [String], required: true },
    roles: { type: [String], required: true },
    rankLevel: { type: String, required: true },
    title: { type: String, default: '' },
    postDate: { type: String, default: null },
    active: { type: Boolean, required: true },
    passwordHash: { type: String, required: true },
    version: { type: Number, required: true },
    email: { type: String, default: null },
    pinyinInitials: { type: String },
    pinyinFull: { type: String },
    ...outboxPath,
  },
  { collection: 'users', timestamps: true, versionKey: false, minimize: false },
);
UserSchema.index({ username: 1 }, { unique: true });
UserSchema.index({ staffNo: 1 }, { unique: true });
UserSchema.index({ departmentPath: 1 });
// People search (`GET /people`): initials and full pinyin are matched by prefix.
UserSchema.index({ pinyinInitials: 1 });
UserSchema.index({ pinyinFull: 1 });

export const DEPARTMENTS = Symbol('DEPARTMENTS');
export const USERS = Symbol('USERS');

export const departmentModel = (connection: Connection): Model<DepartmentDocument> => connection.model<DepartmentDocument>('Department', DepartmentSchema);
export const userModel = (connection: Connection): Model<UserDocument> => connection.model<UserDocument>('User', UserSchema);
