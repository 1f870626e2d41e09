import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RecordParticipantFact, RecordTransitionV1, TaskConcludedV1, TaskTeamMemberFact } from '@cadre/contracts';
import type { UserSeed } from '@cadre/testing';

/** The scoring service as a component test starts it. */
export const scoringModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

const iso = (at: Date) => at.toISOString();

/**
 * `records.record.verified` (or `revoked`, with `revoke`) as the records service publishes it: by default an
 * INVEST-03 record at city level rated good, filed alone (docs/DOMAIN.md §3: 8 × 2 × 1.2 = 19.20).
 */
export function verifiedRecord(filer: UserSeed, fields: Partial<RecordTransitionV1> = {}): RecordTransitionV1 {
  const at = iso(new Date());
  return {
    recordId: randomUUID(),
    version: 4,
    status: 'verified',
    fromStatus: 'reviewed',
    action: 'assess:confirm',
    actorId: randomUUID(),
    comment: '',
    cadreId: filer.id,
    departmentId: filer.department.id,
    departmentPath: filer.department.path,
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: '引进世界500强企业区域总部',
    periodStart: `${at.slice(0, 4)}-01-01`,
    periodEnd: `${at.slice(0, 4)}-06-30`,
    claimedImpactLevel: 'city',
    confirmedImpactLevel: 'city',
    rating: 'good',
    participants: [{ userId: filer.id, role: 'lead', share: 100 }],
    createdAt: at,
    submittedAt: at,
    verifiedAt: at,
    occurredAt: at,
    ...fields,
  };
}

/** The revocation of a verified record: the record whole, one version on, with the reason. */
export function revokedRecord(verified: RecordTransitionV1, reason = '佐证材料不实'): RecordTransitionV1 {
  return { ...verified, version: verified.version + 1, status: 'revoked', fromStatus: 'verified', action: 'revoke', comment: reason, occurredAt: iso(new Date()) };
}

export function participants(...shares: [UserSeed, number][]): RecordParticipantFact[] {
  return shares.map(([user, share], index) => ({ userId: user.id, role: index === 0 ? 'lead' : 'member', share }));
}

/** `tasks.task.concluded`: by default reward 100, flagged 难 (×1.5), verdict pass → 150 points for the team. */
export function concludedTask(team: [UserSeed, number][], fields: Partial<TaskConcludedV1> = {}): TaskConcludedV1 {
  const at = iso(new Date());
  const members: TaskTeamMemberFact[] = team.map(([user, share], index) => ({ userId: user.id, role: index === 0 ? 'lead' : 'member', share, departmentId: user.department.id, departmentPath: user.department.path }));
  const teamId = randomUUID();
  return {
    taskId: randomUUID(),
    version: 9,
    status: 'concluded',
    fromStatus: 'reviewing',
    action: 'conclude',
    actorId: randomUUID(),
    batchId: randomUUID(),
    title: '历史遗留问题化解',
    domain: 'legacy',
    flags: ['hard'],
    rewardPoints: 100,
    allowRace: false,
    publisherId: randomUUID(),
    departmentId: team[0][0].department.id,
    departmentPath: team[0][0].department.path,
    biddingDeadline: at,
    deliveryDeadline: at,
    createdAt: at,
    publishedAt: at,
    occurredAt: at,
    verdict: 'pass',
    verdictTally: { excellent: 0, pass: 3, tolerated: 0, fail: 0 },
    reviewCount: 3,
    teams: [{ teamId, teamName: '攻坚队', leadId: team[0][0].id, members, bidId: `${randomUUID()}_1` }],
    awardedAt: at,
    resultsSubmittedAt: at,
    concludedAt: at,
    ...fields,
  };
}

/** Removes what the service kept in Redis under this test's prefix (queues, job schedulers, rankings). */
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
