import type { DepartmentView } from '@cadre/contracts';
import type { UserDocument } from './persistence/directory.schemas';

/**
 * A short-lived in-process cache of what every request reads (the caller's user row, the department list).
 * Writes in this process invalidate at once; other gateway replicas see a change within `ttlMs`.
 */
export class DirectoryCache {
  private readonly users = new Map<string, { value: UserDocument | null; expires: number }>();
  private departmentList?: { value: DepartmentView[]; expires: number };

  constructor(private readonly ttlMs: number) {}

  async user(id: string, load: () => Promise<UserDocument | null>): Promise<UserDocument | null> {
    const hit = this.users.get(id);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = await load();
    if (this.users.size > 50_000) this.users.clear();
    this.users.set(id, { value, expires: Date.now() + this.ttlMs });
    return value;
  }

  async departments(load: () => Promise<DepartmentView[]>): Promise<DepartmentView[]> {
    if (this.departmentList && this.departmentList.expires > Date.now()) return this.departmentList.value;
    const value = await load();
    this.departmentList = { value, expires: Date.now() + this.ttlMs };
    return value;
  }

  invalidateUser(id: string) {
    this.users.delete(id);
  }

  invalidateDepartments() {
    this.departmentList = undefined;
  }
}
