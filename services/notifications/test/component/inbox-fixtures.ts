import { randomUUID } from 'node:crypto';
import type { RecordTransitionV1, TaskTransitionBaseV1, TaskWaitingFact, TeamChangedV1 } from '@cadre/contracts';
import type { UserSeed } from '@cadre/testing';

/** The notifications service as a component test starts it. */
export const inboxModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

/** A record as the records service announces it at `version` (status and action given by the caller). */
export function recordAt(filer: UserSeed, recordId: string, version: number, fields: Partial<RecordTransitionV1>): RecordTransitionV1 {
  const at = new Date().toISOString();
  return {
    recordId,
    version,
    status: 'submitted',
    fromStatus: 'draft',
    action: 'submit',
    actorId: filer.id,
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
    confirmedImpactLevel: null,
    rating: null,
    participants: [{ userId: filer.id, role: 'lead', share: 100, confirmation: 'confirmed' }],
    submittedAt: at,
    verifiedAt: null,
    createdAt: at,
    occurredAt: at,
    ...fields,
  };
}

export const noWaiting: TaskWaitingFact = { pendingEvaluations: [], pendingReviews: [], readyToAward: false, readyToConclude: false };

/** A task transition as the tasks service announces it at `version`, published by `publisher`'s department. */
export function taskAt(publisher: UserSeed, taskId: string, version: number, fields: Partial<TaskTransitionBaseV1> & Record<string, unknown>): TaskTransitionBaseV1 {
  const at = new Date().toISOString();
  return {
    taskId,
    version,
    status: 'evaluating',
    fromStatus: 'open',
    action: 'close_bidding',
    actorId: 'system',
    batchId: randomUUID(),
    title: '历史遗留问题化解',
    domain: 'legacy',
    flags: ['hard'],
    rewardPoints: 100,
    allowRace: false,
    publisherId: publisher.id,
    departmentId: publisher.department.id,
    departmentPath: publisher.department.path,
    biddingDeadline: '2026-09-30T16:00:00.000Z',
    deliveryDeadline: '2026-12-31T16:00:00.000Z',
    createdAt: at,
    publishedAt: at,
    occurredAt: at,
    ...fields,
  };
}

export function teamAt(lead: UserSeed, teamId: string, version: number, members: TeamChangedV1['members'], action = 'created'): TeamChangedV1 {
  return { teamId, teamName: '攻坚队', leadId: lead.id, version, formed: members.every((m) => m.invitation === 'accepted'), members, action, actorId: lead.id, occurredAt: new Date().toISOString() };
}
