import { Inject, Injectable } from '@nestjs/common';
import { DirectoryReplica } from '@cadre/directory';

/** How many directory reads run at once. */
const PARALLEL = 16;

/**
 * Names people read in scoring's answers (cadres, departments), from the service's own directory replica
 * (`@cadre/directory`, fed by `directory.*`): read when answering, so a renamed department reads right at once.
 */
@Injectable()
export class DirectoryNames {
  constructor(@Inject(DirectoryReplica) private readonly directory: DirectoryReplica) {}

  /** Department id → name, for the departments the directory knows. */
  async departments(ids: Iterable<string>): Promise<Map<string, string>> {
    const rows = await inParallel([...new Set(ids)].filter(Boolean), (id) => this.directory.department(id));
    return new Map(rows.filter((d) => d !== null).map((d) => [d._id, d.name]));
  }

  /** User id → name and department, for the users the directory knows. */
  async users(ids: Iterable<string>): Promise<Map<string, { name: string; departmentId: string }>> {
    const rows = await inParallel([...new Set(ids)].filter(Boolean), (id) => this.directory.user(id));
    return new Map(rows.filter((u) => u !== null).map((u) => [u._id, { name: u.name, departmentId: u.departmentId }]));
  }
}

async function inParallel<T, R>(items: T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) results.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(read))));
  return results;
}
