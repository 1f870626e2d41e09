import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { STREAMS, type EventEnvelope } from '@cadre/contracts';
import { EventPublisher } from '@cadre/messaging';
import { InboxStore } from '../inbox-store';
import { InboxProjector } from '../inbox-projector';
import { lastSequence, replayThrough } from './replay-reader';
import { NOTIFICATIONS_LOGGER } from '../inbox.tokens';

export interface RebuildStatus {
  running: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  /** Events replayed so far (of RECORDS, TASKS, APPRAISAL and SELECTION). */
  replayed: number;
  error: string | null;
}

/**
 * Rebuilds every inbox from the streams: drops the items, replays RECORDS, TASKS, APPRAISAL and SELECTION from their first message up to
 * their last one at the start (an ephemeral ordered reader per stream; the durable consumer keeps applying live
 * events beside it, and the items' version guards make the two agree), then carries each item's version and, for
 * an item still open, its reminder and escalation marks over. The replay goes through the inbox only, never through
 * the messages: nothing is sent again, and closures are not announced again.
 */
@Injectable()
export class InboxRebuild {
  private status: RebuildStatus = { running: false, startedAt: null, finishedAt: null, replayed: 0, error: null };
  private work?: Promise<void>;

  constructor(
    @Inject(InboxStore) private readonly store: InboxStore,
    @Inject(InboxProjector) private readonly projector: InboxProjector,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(NOTIFICATIONS_LOGGER) private readonly logger: Logger | null,
  ) {}

  current(): RebuildStatus {
    return { ...this.status };
  }

  /** Starts a rebuild (or answers the one under way). */
  start(): RebuildStatus {
    if (this.status.running) return this.current();
    this.status = { running: true, startedAt: new Date().toISOString(), finishedAt: null, replayed: 0, error: null };
    this.work = this.run().then(
      () => {
        this.status = { ...this.status, running: false, finishedAt: new Date().toISOString() };
        this.logger?.info({ replayed: this.status.replayed }, 'inbox rebuilt from the streams');
      },
      (error: Error) => {
        this.status = { ...this.status, running: false, finishedAt: new Date().toISOString(), error: error.message };
        this.logger?.error({ err: error }, 'inbox rebuild failed');
      },
    );
    return this.current();
  }

  /** Resolves when the rebuild under way (if any) has finished. */
  async settled(): Promise<RebuildStatus> {
    await this.work;
    return this.current();
  }

  private async run(): Promise<void> {
    const nc = this.publisher.connection;
    // Dropped while no live event is applied; the streams' ends read after it, so whatever a live event wrote before
    // the drop is replayed, and what comes after is applied by the live consumer over the rebuilt items.
    const through = new Map<string, number>();
    const carried = await this.projector.exclusively(async () => {
      const before = await this.store.dropAll();
      for (const stream of [STREAMS.RECORDS.name, STREAMS.TASKS.name, STREAMS.APPRAISAL.name, STREAMS.SELECTION.name]) through.set(stream, await lastSequence(nc, stream));
      return before;
    });
    for (const [stream, toSeq] of through) {
      await replayThrough(nc, stream, toSeq, async (envelope: EventEnvelope) => {
        await this.projector.apply(envelope, { rebuilding: true });
        this.status.replayed += 1;
      });
    }
    await this.store.carryOver(carried);
  }
}
