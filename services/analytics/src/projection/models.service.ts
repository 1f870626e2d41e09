import type { NatsConnection } from 'nats';
import type { Connection, mongo } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RebuildView } from '@cadre/contracts';
import { MODEL_STREAMS } from './domain/projections';
import { ModelStore } from './model-store';
import { Projector, type CheckpointDocument } from './projector';
import { buildGeneration, type BuildProgress } from './rebuild';
import { lastSequence } from './stream-reader';

interface MetaDocument {
  _id: string;
  generation?: number;
  seq?: number;
  builtAt?: Date;
}

const LIVE = 'live';
const PAUSE_LIVE_ABOVE_LAG = 10_000;

/**
 * The generations of the read models: the live one (read by every query, fed by its projector) and, during a
 * rebuild, the next one — built from the streams' first message, caught up by its own projector, then swapped in
 * (one write of the `live` pointer) while the old one is dropped.
 */
export class ModelGenerations {
  private live?: { store: ModelStore; projector: Projector };
  private readonly meta: mongo.Collection<MetaDocument>;
  private rebuild: RebuildView = { generation: 0, state: 'idle', startedAt: null, finishedAt: null, events: {}, eventsPerSecond: null, error: null, liveGeneration: 0, positions: {} };
  private running?: Promise<void>;

  constructor(
    private readonly mongo: Connection,
    private readonly nc: NatsConnection,
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly logger: Logger,
  ) {
    this.meta = mongo.db!.collection<MetaDocument>('analytics_meta');
  }

  /** Opens the live generation, or builds the first one from the streams when there is none. */
  async start(): Promise<void> {
    const pointer = await this.meta.findOne({ _id: LIVE });
    if (pointer?.generation) {
      this.live = await this.open(pointer.generation);
      this.rebuild.liveGeneration = pointer.generation;
      this.rebuild.generation = pointer.generation;
      return;
    }
    await this.runRebuild(1);
  }

  async stop(): Promise<void> {
    // A rebuild in flight is abandoned (its generation is never swapped in; the next one drops it).
    await Promise.race([this.running?.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await this.live?.projector.stop();
  }

  get store(): ModelStore {
    if (!this.live) throw new Error('the analytics models are not open yet');
    return this.live.store;
  }

  get ready(): boolean {
    return !!this.live;
  }

  /** When the live projector last applied an event of each stream. */
  asOf(): Record<string, string | null> {
    return { ...(this.live?.projector.lastAppliedAt ?? {}) };
  }

  /** Where the live projector stands on each stream. */
  positions(): Record<string, number> {
    return { ...(this.live?.projector.positions ?? {}) };
  }

  status(): RebuildView {
    return { ...this.rebuild, events: { ...this.rebuild.events }, positions: this.positions() };
  }

  /** Starts a rebuild in the background; false when one is already running. */
  requestRebuild(): boolean {
    if (this.running) return false;
    const generation = Math.max(this.rebuild.liveGeneration, this.rebuild.generation) + 1;
    this.running = this.runRebuild(generation).finally(() => (this.running = undefined));
    return true;
  }

  private async runRebuild(generation: number): Promise<void> {
    const started = Date.now();
    this.rebuild = { ...this.rebuild, generation, state: 'replaying', startedAt: new Date(started).toISOString(), finishedAt: null, events: {}, eventsPerSecond: null, error: null };
    // The build reports its phase and counts straight into the status.
    const progress: BuildProgress = this.rebuild;
    const store = new ModelStore(this.mongo.db!, this.redis, this.redisPrefix, generation);
    const checkpoints = this.meta as unknown as mongo.Collection<CheckpointDocument>;
    // A live generation far behind (a large import, a long outage) would spend the machine on work the new
    // generation makes moot: it stops until the swap, and its reads stay available as they were.
    const paused = this.live && (await this.lag(this.live.projector)) > PAUSE_LIVE_ABOVE_LAG ? this.live : undefined;
    if (paused) await paused.projector.stop();
    try {
      await store.drop();
      const positions = await buildGeneration(store, this.nc, this.logger, progress);
      const replayed = Object.values(progress.events).reduce((a, b) => a + b, 0);
      this.rebuild.eventsPerSecond = Math.round((replayed / Math.max(1, Date.now() - started)) * 1000);
      for (const [stream, seq] of Object.entries(positions)) {
        await checkpoints.updateOne({ _id: Projector.checkpointId(generation, stream) }, { $set: { seq }, $unset: { through: '' } }, { upsert: true });
      }
      this.rebuild.state = 'catching-up';
      const projector = new Projector(store, this.nc, checkpoints, this.logger);
      await projector.start();
      await this.caughtUp(projector);
      // The dashboards' copy of the small collections, loaded before the first read needs it.
      await store.held();
      const previous = this.live;
      await this.meta.updateOne({ _id: LIVE }, { $set: { generation, builtAt: new Date() } }, { upsert: true });
      this.live = { store, projector };
      if (previous) {
        await previous.projector.stop();
        await previous.store.drop();
        await checkpoints.deleteMany({ _id: { $in: MODEL_STREAMS.map((s) => Projector.checkpointId(previous.store.generation, s.name)) } });
      }
      this.rebuild = { ...this.rebuild, state: 'swapped', finishedAt: new Date().toISOString(), liveGeneration: generation };
      this.logger.info({ generation, events: progress.events, ms: Date.now() - started }, 'analytics models rebuilt from the streams and swapped in');
    } catch (error) {
      this.rebuild = { ...this.rebuild, state: 'failed', finishedAt: new Date().toISOString(), error: (error as Error).message };
      this.logger.error({ err: error, generation }, 'analytics rebuild failed; the live models stay as they were');
      if (!this.live) throw error;
      if (paused && this.live === paused) this.live = await this.open(paused.store.generation);
    }
  }

  private async lag(projector: Projector): Promise<number> {
    let behind = 0;
    for (const stream of MODEL_STREAMS) behind += Math.max(0, (await lastSequence(this.nc, stream.name)) - (projector.positions[stream.name] ?? 0));
    return behind;
  }

  /** Waits until the projector has applied everything the streams held when it was checked. */
  private async caughtUp(projector: Projector): Promise<void> {
    for (;;) {
      let behind = false;
      for (const stream of MODEL_STREAMS) {
        if ((projector.positions[stream.name] ?? 0) < (await lastSequence(this.nc, stream.name))) behind = true;
      }
      if (!behind) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async open(generation: number): Promise<{ store: ModelStore; projector: Projector }> {
    const store = new ModelStore(this.mongo.db!, this.redis, this.redisPrefix, generation);
    const projector = new Projector(store, this.nc, this.meta as unknown as mongo.Collection<CheckpointDocument>, this.logger);
    await projector.start();
    // Loaded ahead of the first read; a failed load is tried again by the read that needs it.
    await store.held().catch((error: unknown) => this.logger.warn({ err: error, generation }, 'analytics models: the small collections could not be loaded into memory yet'));
    return { store, projector };
  }
}
