import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DIRECTORY_EVENTS, STREAMS, isWithinSubtree, type DepartmentUpsertedV1, type RankLevel, type Role, type UserUpsertedV1 } from '@cadre/contracts';
import { decodeEvent, lastSequence, StreamReader } from '../projection/stream-reader';

export interface Person {
  id: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  roles: Role[];
  rankLevel: RankLevel | null;
  title: string;
  active: boolean;
  version: number;
}

export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  path: string[];
  version: number;
}

/**
 * The directory as analytics needs it for every answer (names, the department tree, who is a cadre where), in
 * memory: at start it replays the DIRECTORY stream from the beginning, then follows it. Each entry moves only to a
 * newer version, so replays change nothing.
 */
export class PeopleDirectory {
  private readonly people = new Map<string, Person>();
  private readonly departments = new Map<string, Department>();
  private readonly reader: StreamReader;
  private caughtUp = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {
    this.reader = new StreamReader(nc, STREAMS.DIRECTORY.name);
  }

  /** Grows with every change applied (answers computed with the directory depend on it). */
  version = 0;

  get ready(): boolean {
    return this.caughtUp;
  }

  /** Resolves once everything the stream held at start is applied. */
  async start(): Promise<void> {
    const target = await lastSequence(this.nc, STREAMS.DIRECTORY.name);
    let reached!: () => void;
    const done = new Promise<void>((resolve) => (reached = resolve));
    if (target === 0) reached();
    await this.reader.follow(1, async (msg) => {
      const decoded = decodeEvent(msg);
      if ('error' in decoded) this.logger.error({ subject: msg.subject, streamSequence: msg.seq }, 'malformed directory event passed over');
      else this.apply(msg.subject, decoded.envelope.data);
      if (msg.seq >= target) reached();
    });
    await done;
    this.caughtUp = true;
  }

  async stop(): Promise<void> {
    await this.reader.stop();
  }

  apply(type: string, data: unknown): void {
    if (type === DIRECTORY_EVENTS.userUpserted) {
      const u = data as UserUpsertedV1;
      if ((this.people.get(u.userId)?.version ?? 0) >= u.version) return;
      this.people.set(u.userId, {
        id: u.userId,
        name: u.name,
        departmentId: u.departmentId,
        departmentPath: u.departmentPath,
        roles: u.roles,
        rankLevel: u.rankLevel ?? null,
        title: u.title ?? '',
        active: u.active,
        version: u.version,
      });
      this.cadreCounts = null;
      this.version++;
    } else if (type === DIRECTORY_EVENTS.departmentUpserted) {
      const d = data as DepartmentUpsertedV1;
      if ((this.departments.get(d.departmentId)?.version ?? 0) >= d.version) return;
      this.departments.set(d.departmentId, { id: d.departmentId, name: d.name, parentId: d.parentId, path: d.path, version: d.version });
      this.cadreCounts = null;
      this.version++;
    }
  }

  person(id: string): Person | undefined {
    return this.people.get(id);
  }

  department(id: string): Department | undefined {
    return this.departments.get(id);
  }

  /** Departments without a parent (normally the city). */
  roots(): Department[] {
    return [...this.departments.values()].filter((d) => !d.parentId);
  }

  /** The departments of a subtree, the root first, then by path. */
  subtree(departmentId: string): Department[] {
    return [...this.departments.values()]
      .filter((d) => isWithinSubtree(d.path, departmentId))
      .sort((a, b) => a.path.length - b.path.length || a.path.join('/').localeCompare(b.path.join('/')));
  }

  /** Active people holding the cadre role. */
  isCadre(person: Person | undefined): person is Person {
    return !!person && person.active && person.roles.includes('cadre');
  }

  *cadresWithin(departmentId: string): Iterable<Person> {
    for (const person of this.people.values()) if (this.isCadre(person) && isWithinSubtree(person.departmentPath, departmentId)) yield person;
  }

  /** Cadres per department (own) and per subtree, recounted after a directory change. */
  private cadreCounts: { own: Map<string, number>; subtree: Map<string, number> } | null = null;

  /** Cadres whose own department is `departmentId`. */
  ownCadres(departmentId: string): number {
    return this.counts().own.get(departmentId) ?? 0;
  }

  /** Cadres of the whole subtree. */
  subtreeCadres(departmentId: string): number {
    return this.counts().subtree.get(departmentId) ?? 0;
  }

  private counts(): { own: Map<string, number>; subtree: Map<string, number> } {
    if (!this.cadreCounts) {
      const own = new Map<string, number>();
      const subtree = new Map<string, number>();
      for (const person of this.people.values()) {
        if (!this.isCadre(person)) continue;
        own.set(person.departmentId, (own.get(person.departmentId) ?? 0) + 1);
        for (const dept of person.departmentPath) subtree.set(dept, (subtree.get(dept) ?? 0) + 1);
      }
      this.cadreCounts = { own, subtree };
    }
    return this.cadreCounts;
  }
}
