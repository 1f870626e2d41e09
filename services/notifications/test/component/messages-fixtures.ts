import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { JSONCodec, connect, type NatsConnection, type Subscription } from 'nats';
import { LIVE_SUBJECTS, type NotificationView, type RecordTransitionV1 } from '@cadre/contracts';
import type { Component, UserSeed } from '@cadre/testing';
import { recordAt } from './inbox-fixtures';

/** The notifications service as a component test starts it. */
export const notificationsModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

/** A record transition as the records service publishes it: by default `returned` by `actor` with a comment. */
export function recordEvent(filer: UserSeed, actor: UserSeed, fields: Partial<RecordTransitionV1> = {}): RecordTransitionV1 {
  return recordAt(filer, randomUUID(), 3, {
    status: 'draft',
    fromStatus: 'submitted',
    action: 'review:return',
    actorId: actor.id,
    comment: '佐证材料不全，请补充合同扫描件',
    ...fields,
  });
}

export async function liveFeed(component: Component, userId: string): Promise<{ received: NotificationView[]; close: () => Promise<void> }> {
  const nc: NatsConnection = await connect({ servers: component.nats.url, name: 'live-feed' });
  const codec = JSONCodec<NotificationView>();
  const received: NotificationView[] = [];
  const sub: Subscription = nc.subscribe(LIVE_SUBJECTS.notification(userId));
  void (async () => {
    for await (const m of sub) received.push(codec.decode(m.data));
  })();
  await nc.flush();
  return { received, close: () => nc.drain() };
}

/** Publishes an envelope again under another JetStream msgID (a redelivery JetStream cannot de-duplicate). */
export async function republish(component: Component, subject: string, envelope: unknown): Promise<void> {
  const nc = await connect({ servers: component.nats.url, name: 'republisher' });
  try {
    await nc.jetstream().publish(subject, JSONCodec().encode(envelope), { msgID: randomUUID() });
  } finally {
    await nc.drain();
  }
}

/** Removes what the service kept in Redis under this test's prefix (queues). */
export async function dropRedisKeys(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `cadre:${process.env.MONGODB_DB}:*`, count: 1_000 })) keys.push(...(batch as string[]));
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}
