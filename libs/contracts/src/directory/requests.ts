import { z } from 'zod';
import { exportCursor, listFormat } from '../export';
import { idSchema } from '../ids';
import { RANK_LEVELS, ROLES } from '../caller';
import { dateView, intView, pageSchema } from '../view-schema';

const code = z
  .string()
  .regex(/^[A-Z][A-Z0-9_-]{1,31}$/, 'must be 2–32 upper-case letters, digits, - or _, starting with a letter');
const id = idSchema;
const name = z.string().trim().min(1, 'is required').max(100);

export const loginInput = z.strictObject({
  username: z.string().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(256),
});

export const createDepartmentInput = z.strictObject({ name, code, parentId: id.optional() });
export const updateDepartmentInput = z
  .strictObject({ name: name.optional(), code: code.optional(), parentId: id.nullable().optional() })
  .refine((value) => Object.keys(value).length > 0, 'give at least one field to change');

/** An e-mail address for notifications (RFC 5321 caps a path at 254 characters). */
export const emailSchema = z.email('must be an e-mail address').max(254, 'must be at most 254 characters');

export const usernameSchema = z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/, 'must be 3–32 lower-case letters, digits, . _ or -, starting with a letter');

export const createUserInput = z.strictObject({
  username: usernameSchema,
  password: z.string().max(256),
  name,
  staffNo: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'must be 1–32 letters, digits or -'),
  departmentId: id,
  roles: z.array(z.enum(ROLES)).min(1, 'give at least one role').max(ROLES.length),
  rankLevel: z.enum(RANK_LEVELS),
  title: z.string().trim().max(100).default(''),
  postDate: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  email: emailSchema.optional(),
});

export const updateUserInput = z
  .strictObject({
    password: z.string().max(256).optional(),
    name: name.optional(),
    staffNo: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'must be 1–32 letters, digits or -').optional(),
    departmentId: id.optional(),
    roles: z.array(z.enum(ROLES)).min(1, 'give at least one role').max(ROLES.length).optional(),
    rankLevel: z.enum(RANK_LEVELS).optional(),
    title: z.string().trim().max(100).optional(),
    postDate: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
    active: z.boolean().optional(),
    /** A new address, or null to remove it. */
    email: emailSchema.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'give at least one field to change');

export const pageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'must be at most 100').default(20),
});

export const userListQuery = pageQuery.extend({
  departmentId: id.optional(),
  role: z.enum(ROLES).optional(),
  q: z.string().trim().max(64).optional(),
  format: listFormat,
  cursor: exportCursor,
});

export type LoginInput = z.infer<typeof loginInput>;
export type CreateDepartmentInput = z.infer<typeof createDepartmentInput>;
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentInput>;
export type CreateUserInput = z.infer<typeof createUserInput>;
export type UpdateUserInput = z.infer<typeof updateUserInput>;
export type UserListQuery = z.infer<typeof userListQuery>;

export const departmentViewSchema = z.strictObject({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  /** Department ids from the root down to this department (inclusive). */
  path: z.array(z.string()),
  version: intView,
});
export type DepartmentView = z.infer<typeof departmentViewSchema>;

/** `GET /departments`: the whole tree as a list. */
export const departmentListViewSchema = z.strictObject({ items: z.array(departmentViewSchema), total: intView });
export type DepartmentListView = z.infer<typeof departmentListViewSchema>;

export const userViewSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  staffNo: z.string(),
  departmentId: z.string(),
  departmentPath: z.array(z.string()),
  roles: z.array(z.string()),
  rankLevel: z.string(),
  title: z.string(),
  postDate: dateView.nullable(),
  active: z.boolean(),
  version: intView,
  /** Only in the views an administrator or the user themself reads, and only when the user has one. */
  email: z.string().optional(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** `GET /me`: the caller's user with their department. */
export const meViewSchema = userViewSchema.extend({ department: departmentViewSchema.nullable() });
export type MeView = z.infer<typeof meViewSchema>;

/** `POST /auth/login`. */
export const loginViewSchema = z.strictObject({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds. */
  expiresIn: intView,
  user: userViewSchema,
});
export type LoginView = z.infer<typeof loginViewSchema>;

export const userPageViewSchema = pageSchema(userViewSchema);
