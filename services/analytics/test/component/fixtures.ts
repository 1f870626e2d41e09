import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import {
  RPC,
  STREAMS,
  type RecordCreatedV1,
  type RebuildView,
  type RecordTransitionV1,
  type ScoreUpdatedV1,
  type TaskConcludedV1,
  type TaskPublishedV1,
  type TeamFormedV1,
  type InboxItemClosedV1,
  type InboxItemOverdueV1,
  type InboxKind,
  type AppraisalGradeV1,
  type AppraisalStatus,
  type AppraisalSurveyResultV1,
  type CycleKind,
  type Grade,
  type OutcomeKind,
  type RoundKind,
  type SelectionConcludedV1,
  type SelectionOutcomeV1,
} from '@cadre/contracts';
import { callerOf, waitUntil, type Component, type DepartmentSeed, type UserSeed } from '@cadre/testing';

/** The analytics service as a component test starts it (it reads streams itself: no durable consumers). */
export const analyticsModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

/**
 * The directory as the gateway publishes it. Analytics keeps its directory in memory from the DIRECTORY stream (not
 * in replica collections), so the test waits until an admin reads the last user's portrait (404 until it is known).
 */
export async function seedPeople(component: Component, departments: DepartmentSeed[], users: UserSeed[], admin: UserSeed): Promise<void> {
  const last = users.at(-1)!;
  await component.seedDirectory({ departments, users }, { ready: () => component.request(RPC.analytics.portrait, { id: last.id }, callerOf(admin)) });
}

/**
 * Waits until the live models hold every event published so far: the projector's positions (which move once an
 * event's every document is written) reach the end of the RECORDS, TASKS, SCORING, NOTIFICATIONS, APPRAISAL and
 * SELECTION streams.
 */
export async function caughtUp(component: Component, admin: UserSeed): Promise<void> {
  const nc = await connect({ servers: component.nats.url, name: 'analytics-caught-up' });
  try {
    const jsm = await nc.jetstreamManager();
    const streams = [STREAMS.RECORDS.name, STREAMS.TASKS.name, STREAMS.SCORING.name, STREAMS.NOTIFICATIONS.name, STREAMS.APPRAISAL.name, STREAMS.SELECTION.name];
    const ends = await Promise.all(streams.map(async (name) => [name, (await jsm.streams.info(name)).state.last_seq] as const));
    await waitUntil(
      async () => {
        const { positions } = await component.request<RebuildView>(RPC.analytics.rebuildStatus, {}, callerOf(admin));
        return ends.every(([name, end]) => (positions[name] ?? 0) >= end);
      },
      { timeoutMs: 30_000, what: 'analytics to apply every event published' },
    );
  } finally {
    await nc.close();
  }
}

const now = () => new Date().toISOString();

/** `records.record.created`: a draft. */
export function createdRecord(filer: UserSeed, itemCode: string, title = itemCode): RecordCreatedV1 {
  return { recordId: randomUUID(), version: 1, cadreId: filer.id, departmentId: filer.department.id, departmentPath: filer.department.path, itemCode, firstLevelCode: itemCode.replace(/-\d+$/, ''), title, status: 'draft', createdAt: now() };
}

/** A transition of a record (submitted, verified, returned, rejected…): the record whole at `version`. */
export function transition(created: RecordCreatedV1, status: string, version: number, fields: Partial<RecordTransitionV1> = {}): RecordTransitionV1 {
  const at = now();
  return {
    recordId: created.recordId,
    version,
    status,
    fromStatus: 'submitted',
    action: status,
    actorId: randomUUID(),
    comment: '',
    cadreId: created.cadreId,
    departmentId: created.departmentId,
    departmentPath: created.departmentPath,
    itemCode: created.itemCode,
    firstLevelCode: created.firstLevelCode,
    taxonomyVersion: 1,
    title: created.title,
    periodStart: at.slice(0, 10),
    periodEnd: at.slice(0, 10),
    claimedImpactLevel: 'city',
    confirmedImpactLevel: status === 'verified' ? 'city' : null,
    rating: status === 'verified' ? 'good' : null,
    participants: [{ userId: created.cadreId, role: 'lead', share: 100 }],
    submittedAt: at,
    verifiedAt: status === 'verified' ? at : null,
    createdAt: created.createdAt,
    occurredAt: at,
    ...fields,
  };
}

/** `tasks.task.published` by a publisher of `department`. */
export function publishedTask(department: DepartmentSeed, fields: Partial<TaskPublishedV1> = {}): TaskPublishedV1 {
  const at = now();
  return {
    taskId: randomUUID(),
    version: 2,
    status: 'open',
    fromStatus: 'draft',
    action: 'publish',
    actorId: randomUUID(),
    batchId: randomUUID(),
    title: '历史遗留问题化解',
    domain: 'legacy',
    flags: ['hard'],
    rewardPoints: 100,
    allowRace: false,
    publisherId: randomUUID(),
    departmentId: department.id,
    departmentPath: department.path,
    biddingDeadline: at,
    deliveryDeadline: at,
    createdAt: at,
    publishedAt: at,
    occurredAt: at,
    evaluatorIds: [],
    milestones: [],
    ...fields,
  };
}

/** The team that forms for a task, and the task's conclusion with it (verdict pass). */
export function teamAndConclusion(task: TaskPublishedV1, team: [UserSeed, number][]): { formed: TeamFormedV1; concluded: TaskConcludedV1 } {
  const at = now();
  const members = team.map(([u, share], i) => ({ userId: u.id, role: i === 0 ? ('lead' as const) : ('member' as const), share, departmentId: u.department.id, departmentPath: u.department.path }));
  const teamId = randomUUID();
  const formed: TeamFormedV1 = { teamId, teamName: '攻坚队', leadId: team[0][0].id, members, version: 1, createdBy: team[0][0].id, createdAt: at, formedAt: at, occurredAt: at };
  const concluded: TaskConcludedV1 = {
    ...task,
    version: 9,
    status: 'concluded',
    fromStatus: 'reviewing',
    action: 'conclude',
    verdict: 'pass',
    verdictTally: { excellent: 0, pass: 3, tolerated: 0, fail: 0 },
    reviewCount: 3,
    teams: [{ teamId, teamName: formed.teamName, leadId: formed.leadId, members, bidId: `${task.taskId}_1` }],
    awardedAt: at,
    resultsSubmittedAt: at,
    concludedAt: at,
    occurredAt: at,
  };
  return { formed, concluded };
}

/** `scoring.score.updated` of a cadre's year. */
export function scoreUpdated(cadre: UserSeed, period: string, byItem: Record<string, number>, bySource: Record<string, number>, revision: number): ScoreUpdatedV1 {
  const totalHundredths = Object.values(byItem).reduce((a, b) => a + b, 0);
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  return {
    cadreId: cadre.id,
    period,
    total: totalHundredths / 100,
    totalHundredths,
    byItem,
    byMonth: { [month]: totalHundredths },
    bySource,
    departmentId: cadre.department.id,
    departmentPath: cadre.department.path,
    standardVersion: 1,
    revision,
    updatedAt: now(),
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

/** `notifications.item.overdue` of a work item of `department` (the notifications service's service-level fact). */
export function overdueItem(kind: InboxKind, objectId: string, department: DepartmentSeed, version: number): InboxItemOverdueV1 {
  const at = now();
  return { itemId: `${kind}:${objectId}`, kind, departmentId: department.id, departmentPath: department.path, openedAt: at, dueAt: at, version, occurredAt: at, overdueAt: at };
}

/** `notifications.item.closed` of the same item. */
export function closedItem(item: InboxItemOverdueV1, version: number): InboxItemClosedV1 {
  const at = now();
  const fact: Partial<InboxItemOverdueV1> = { ...item };
  delete fact.overdueAt;
  return { ...(fact as InboxItemOverdueV1), version, occurredAt: at, closedAt: at, wasOverdue: true };
}

/** A cycle as the appraisal events name it. */
export interface CycleSeed {
  cycleId: string;
  kind: CycleKind;
  name: string;
  period: string;
  year: string;
}

export function cycle(kind: CycleKind, name: string, period: string): CycleSeed {
  return { cycleId: randomUUID(), kind, name, period, year: period.slice(0, 4) };
}

/** `appraisal.grade.*`: the cadre's appraisal in the cycle, whole, at `version` (its department the cadre's own). */
export function gradeEvent(c: CycleSeed, cadre: UserSeed, grade: Grade | null, status: AppraisalStatus, version: number, occurredAt = now()): AppraisalGradeV1 {
  return {
    appraisalId: `${c.cycleId}:${cadre.id}`,
    cycleId: c.cycleId,
    cycleKind: c.kind,
    cycleName: c.name,
    period: c.period,
    year: c.year,
    cadreId: cadre.id,
    departmentId: cadre.department.id,
    departmentPath: cadre.department.path,
    grade,
    status,
    comment: '',
    byUserId: randomUUID(),
    version,
    occurredAt,
  };
}

/** `appraisal.survey.result` of a closed survey: per criterion code its score (null: no group counted). */
export function surveyResult(c: CycleSeed, cadre: UserSeed, scores: Record<string, number | null> | null, satisfaction: number | null, version = 1): AppraisalSurveyResultV1 {
  const names: Record<string, string> = { de: '德', neng: '能', qin: '勤', ji: '绩', lian: '廉' };
  const criteria = Object.entries(scores ?? {}).map(([code, score]) => ({ code, name: names[code] ?? code, weight: 0.2, score }));
  const scored = criteria.filter((k) => k.score !== null);
  return {
    cycleId: c.cycleId,
    cycleKind: c.kind,
    cycleName: c.name,
    period: c.period,
    year: c.year,
    cadreId: cadre.id,
    departmentId: cadre.department.id,
    departmentPath: cadre.department.path,
    shown: scores !== null,
    groups: [{ group: 'superior', weight: 1, invited: 1, voted: scores ? 1 : 0, counted: scores !== null }],
    criteria,
    overall: scored.length ? Math.round((scored.reduce((n, k) => n + k.score!, 0) / scored.length) * 100) / 100 : null,
    satisfaction,
    version,
    occurredAt: now(),
  };
}

/** An outcome of a concluded round: a cadre (their department as drawn) or a department (`type: department`). */
export function outcomeOf(candidate: UserSeed | DepartmentSeed, outcome: OutcomeKind, topDecile: boolean | null, position = '副局长'): SelectionOutcomeV1 {
  const person = 'department' in candidate;
  const department = person ? candidate.department : candidate;
  return {
    type: person ? 'cadre' : 'department',
    candidateId: candidate.id,
    name: candidate.name,
    departmentId: department.id,
    departmentPath: department.path,
    rankLevel: person ? (candidate.rankLevel ?? 'section') : null,
    position,
    outcome,
    points: topDecile === null ? null : 100,
    topDecile,
    decidedBy: randomUUID(),
  };
}

/** `selection.round.concluded`: the round whole at `version`, opened, decided and concluded at the times given. */
export function concludedRound(
  round: { roundId: string; kind: RoundKind; name: string },
  times: { openedAt: string; decidedAt: string; concludedAt: string },
  outcomes: SelectionOutcomeV1[],
  version = 10,
): SelectionConcludedV1 {
  return {
    ...round,
    status: 'concluded',
    departmentIds: [...new Set(outcomes.map((o) => o.departmentId))],
    openedBy: randomUUID(),
    applyUntil: null,
    ...times,
    outcomes,
    candidates: outcomes.length + 1,
    withdrawn: 0,
    version,
    occurredAt: times.concludedAt,
  };
}
