import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JSONCodec, type Subscription } from 'nats';
import { EventPublisher } from '@cadre/messaging';
import { DirectoryCache } from './directory-cache';
import { DirectoryReader } from './directory-reader';
import { PeopleIndex, directoryChangeOf, personRowOf } from './people-index';
import type { UserDocument } from './persistence/directory.schemas';

const codec = JSONCodec();

/** How often the people index is read again in full at most (a safety net: changes arrive on NATS). */
export function peopleIndexTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PEOPLE_INDEX_TTL_MS;
  if (raw === undefined || raw === '') return 60_000;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new Error(`PEOPLE_INDEX_TTL_MS: must be a positive integer (milliseconds), not "${raw}"`);
  return Number(raw);
}

/** The people index of this process, loading through the directory's reads. */
export function peopleIndexOf(reader: DirectoryReader, ttlMs: number): PeopleIndex {
  const logger = new Logger('PeopleIndex');
  return new PeopleIndex(() => reader.personRows(), ttlMs, (error) => logger.warn(`reading the people index again failed: ${(error as Error).message}`));
}

/**
 * Keeps the people index (and the department list the answers name departments from) current with every gateway
 * replica's directory writes: one core NATS subscription to `directory.>` (JetStream's subjects reach plain
 * subscribers too; at most once, the index's periodic full read covers a missed message). This process's own
 * writes are applied at once by the use cases (`userWritten`) and again, harmlessly, when their event arrives.
 */
@Injectable()
export class PeopleIndexSync implements OnModuleInit, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(PeopleIndex) private readonly index: PeopleIndex,
    @Inject(DirectoryCache) private readonly cache: DirectoryCache,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  onModuleInit() {
    this.subscription = this.publisher.connection.subscribe('directory.>', {
      callback: (error, message) => {
        if (error) return;
        let envelope: unknown;
        try {
          envelope = codec.decode(message.data);
        } catch {
          return;
        }
        this.received(message.subject, envelope);
      },
    });
  }

  onModuleDestroy() {
    this.subscription?.unsubscribe();
  }

  /** A message on `directory.>`: a user's row applied, a department's subtree rebased and the department names read again. */
  received(subject: string, envelope: unknown): void {
    const change = directoryChangeOf(subject, envelope);
    if (change?.kind === 'user') this.index.apply(change.row);
    if (change?.kind === 'department') {
      this.cache.invalidateDepartments();
      this.index.applyDepartment(change.department);
    }
  }

  /** A user this process has just written (created, changed, rebased). */
  userWritten(user: UserDocument): void {
    this.index.apply(personRowOf(user));
  }
}
