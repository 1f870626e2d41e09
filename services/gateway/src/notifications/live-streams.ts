import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JSONCodec, type Subscription } from 'nats';
import { LIVE_SUBJECTS, type Caller } from '@cadre/contracts';
import { EventPublisher } from '@cadre/messaging';
import { ProblemException } from '@cadre/platform';
import { callerOf } from '../auth/caller';
import { DirectoryReader } from '../directory/directory-reader';
import { GATEWAY_CONFIG } from '../tokens';
import type { GatewayConfig } from '../config';
import { SSE_KEEPALIVE, inboxChangeConcerns, parseInboxChange, parseNotification, recipientOf, sseEvent } from './live-audience';

/** A client that reads this slowly (bytes waiting in the socket's buffer) is cut off rather than buffered for. */
const MAX_BUFFERED_BYTES = 1_048_576;

/** One open `GET /notifications/stream`. */
export interface LiveStream {
  id: number;
  caller: Caller;
  raw: ServerResponse;
  /** Epoch ms: when the token it was opened with expires (the stream ends then). */
  expiresAt: number;
  timer: NodeJS.Timeout;
  closed: boolean;
}

const codec = JSONCodec();

/**
 * The live feed of every open stream of this gateway process: one core NATS subscription to `live.notification.*`
 * (a message to its recipient's streams) and one to `live.inbox` (`{}` to every stream whose caller the change
 * concerns). At most once, like core NATS: a client that reconnects reads the lists again. Bounded: at most
 * SSE_MAX_STREAMS_PER_USER streams per user (a new one closes that user's oldest) and SSE_MAX_STREAMS in the
 * process (beyond: 503). Every SSE_KEEPALIVE_MS a comment keeps each stream open, and the caller is read again
 * from the directory (a deactivated user's streams end; new roles or a new department apply to what follows).
 */
@Injectable()
export class LiveStreams implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveStreams');
  private readonly byUser = new Map<string, LiveStream[]>();
  private readonly subscriptions: Subscription[] = [];
  private keepalive?: NodeJS.Timeout;
  /** A keep-alive pass under way (a slow directory must not pile passes up). */
  private keeping = false;
  private count = 0;
  private nextId = 1;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DirectoryReader) private readonly directory: DirectoryReader,
  ) {}

  onModuleInit() {
    const nc = this.publisher.connection;
    this.subscriptions.push(
      nc.subscribe(LIVE_SUBJECTS.notificationAll, {
        callback: (error, message) => {
          if (error) return;
          const userId = recipientOf(message.subject);
          const view = userId ? parseNotification(decoded(message.data)) : null;
          if (userId && view) this.toUser(userId, sseEvent('notification', view));
        },
      }),
      nc.subscribe(LIVE_SUBJECTS.inbox, {
        callback: (error, message) => {
          if (error) return;
          const change = parseInboxChange(decoded(message.data));
          if (change) this.toEveryone(sseEvent('inbox', {}), (stream) => inboxChangeConcerns(change, stream.caller));
        },
      }),
    );
    this.keepalive = setInterval(() => void this.keepAlive(), this.config.SSE_KEEPALIVE_MS);
    this.keepalive.unref();
  }

  onModuleDestroy() {
    clearInterval(this.keepalive);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const streams of [...this.byUser.values()]) for (const stream of [...streams]) this.close(stream);
  }

  /** How many streams are open in this process. */
  get open(): number {
    return this.count;
  }

  /** Refuses a new stream when the process holds its maximum (503 with Retry-After), before anything is written. */
  admit(): void {
    if (this.count >= this.config.SSE_MAX_STREAMS) {
      throw new ProblemException(503, 'Too many live streams are open on this gateway; try again shortly.', undefined, { 'retry-after': '30' });
    }
  }

  /**
   * Takes over `raw` (already answered 200 with the event-stream headers) as a stream of `caller`'s until the client
   * goes, the token expires at `expiresAt` or the gateway stops; the user's oldest stream goes beyond the per-user bound.
   */
  attach(caller: Caller, raw: ServerResponse, expiresAt: number): LiveStream {
    const delay = Math.max(0, Math.min(expiresAt - Date.now(), 2_147_483_647));
    const stream: LiveStream = { id: this.nextId++, caller, raw, expiresAt, closed: false, timer: setTimeout(() => this.close(stream), delay) };
    stream.timer.unref();
    const streams = this.byUser.get(caller.userId) ?? [];
    streams.push(stream);
    this.byUser.set(caller.userId, streams);
    this.count += 1;
    raw.once('close', () => this.close(stream));
    raw.on('error', () => this.close(stream));
    // The user's oldest go (close takes each out of `streams`, the array held in the map).
    for (const oldest of streams.slice(0, Math.max(0, streams.length - this.config.SSE_MAX_STREAMS_PER_USER))) this.close(oldest);
    this.write(stream, sseEvent('hello', { userId: caller.userId, expiresAt: new Date(expiresAt).toISOString() }));
    return stream;
  }

  close(stream: LiveStream): void {
    if (stream.closed) return;
    stream.closed = true;
    clearTimeout(stream.timer);
    this.count -= 1;
    const streams = this.byUser.get(stream.caller.userId) ?? [];
    const index = streams.indexOf(stream);
    if (index >= 0) streams.splice(index, 1);
    if (!streams.length) this.byUser.delete(stream.caller.userId);
    if (!stream.raw.writableEnded) stream.raw.end();
  }

  private toUser(userId: string, frame: string): void {
    for (const stream of [...(this.byUser.get(userId) ?? [])]) this.write(stream, frame);
  }

  private toEveryone(frame: string, concerns: (stream: LiveStream) => boolean): void {
    for (const streams of [...this.byUser.values()]) for (const stream of [...streams]) if (concerns(stream)) this.write(stream, frame);
  }

  private write(stream: LiveStream, frame: string): void {
    if (stream.closed) return;
    if (Date.now() >= stream.expiresAt || stream.raw.writableLength > MAX_BUFFERED_BYTES) return this.close(stream);
    stream.raw.write(frame);
  }

  /** The comment every stream gets, and the callers read again (deactivated: the stream ends). */
  private async keepAlive(): Promise<void> {
    if (this.keeping) return;
    this.keeping = true;
    try {
      await this.keepAliveOnce();
    } finally {
      this.keeping = false;
    }
  }

  private async keepAliveOnce(): Promise<void> {
    const users = [...this.byUser.keys()];
    for (const userId of users) {
      const user = await this.directory.activeUser(userId).catch((error: unknown) => {
        this.logger.warn(`re-reading ${userId} for the live streams failed: ${(error as Error).message}`);
        return undefined;
      });
      for (const stream of [...(this.byUser.get(userId) ?? [])]) {
        if (user === null) this.close(stream);
        else {
          if (user) stream.caller = callerOf(user);
          this.write(stream, SSE_KEEPALIVE);
        }
      }
    }
  }
}

function decoded(data: Uint8Array): unknown {
  try {
    return codec.decode(data);
  } catch {
    return undefined;
  }
}
