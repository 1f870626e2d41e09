import type { DepartmentView } from '@cadre/contracts';
import type { UserDocument } from './persistence/directory.schemas';

/**
 * A short-lived in-process cache of what every request reads (the caller's user row, the department list).
 * Writes in this process invalidate at once; other gateway replicas see a change within `ttlMs`.
 */
export class DirectoryCache {
  private readonly users = new Map<string, { value: UserDocument | null; expires: number }>();
  private departmentList?: { value: DepartmentView[]; expires: number };
  /** Loads under way: requests that miss together wait for one load instead of each asking MongoDB. */
  private readonly loading = new Map<string, Promise<unknown>>();
  /** Bumped by every invalidation: a load that began before one must not store what it read. */
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  async user(id: string, load: () => Promise<UserDocument | null>): Promise<UserDocument | null> {
    const hit = this.users.get(id);
    if (hit && hit.expires > Date.now()) return hit.value;
    return this.once(`user:${id}`, async () => {
      const generation = this.generation;
      const value = await load();
      if (generation !== this.generation) return value;
      if (this.users.size > 50_000) this.users.clear();
      this.users.set(id, { value, expires: Date.now() + this.ttlMs });
      return value;
    });
  }

  async departments(load: () => Promise<DepartmentView[]>): Promise<DepartmentView[]> {
    if (this.departmentList && this.departmentList.expires > Date.now()) return this.departmentList.value;
    return this.once('departments', async () => {
      const generation = this.generation;
      const value = await load();
      if (generation !== this.generation) return value;
      this.departmentList = { value, expires: Date.now() + this.ttlMs };
      return value;
    });
  }

  invalidateUser(id: string) {
    this.generation += 1;
    this.users.delete(id);
    this.loading.delete(`user:${id}`);
  }

  invalidateDepartments() {
    this.generation += 1;
    this.departmentList = undefined;
    this.loading.delete('departments');
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.loading.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load().finally(() => {
        if (this.loading.get(key) === pending) this.loading.delete(key);
      });
      this.loading.set(key, pending);
    }
    return pending;
  }
}
