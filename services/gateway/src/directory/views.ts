import type { DepartmentView, UserView } from '@cadre/contracts';
import type { Department } from './domain/department';
import type { User } from './domain/user';

export function departmentView(doc: Department): DepartmentView {
  return { id: doc._id, code: doc.code, name: doc.name, parentId: doc.parentId, path: doc.path, version: doc.version };
}

/**
 * A user as administrators and the user themself read it (the only readers of a user view: `mayReadUser`), with
 * the e-mail address when there is one. Colleagues see people only as PersonView (`GET /people`).
 */
export function userView(doc: Omit<User, 'passwordHash'>): UserView {
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
    // Every user view is read by an administrator or the user themself (GetUser, the list, sign-in, /me).
    ...(doc.email ? { email: doc.email } : {}),
  };
}
