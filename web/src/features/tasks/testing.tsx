import type { BidView, TaskView, UserView } from '@cadre/contracts';
import { EMPTY_PAGE, stubApi as stubSignedIn, userView, type FetchCall, type Handler } from '../../test-utils';
import { answerPeople, person } from '../../components/people/testing';

/** Test fixtures of the tasks feature, and its API stub. */

/** A publisher of the city unless `overrides` say otherwise. */
export function user(overrides: Partial<UserView> = {}): UserView {
  return userView({ id: 'u-pub', username: 'sunli', name: '孙丽', staffNo: 'HK-9', departmentId: 'd-city', departmentPath: ['d-city'], roles: ['publisher'], rankLevel: 'division', title: '主任', ...overrides });
}

export function bid(overrides: Partial<BidView> = {}): BidView {
  return {
    id: 't1_1',
    version: 1,
    taskId: 't1',
    teamId: 'team1',
    teamName: '攻坚小组',
    leadId: 'u-lead',
    members: [
      { userId: 'u-lead', name: '王海军', departmentId: 'd-longhua', departmentPath: ['d-city', 'd-longhua'], role: 'lead', share: 60, invitation: 'accepted', respondedAt: null },
      { userId: 'u-m', name: '李娜', departmentId: 'd-xiuying', departmentPath: ['d-city', 'd-xiuying'], role: 'member', share: 40, invitation: 'accepted', respondedAt: null },
    ],
    status: 'submitted',
    sealed: false,
    plan: '方案',
    expectedResults: '成果',
    milestones: [{ name: '启动', dueDate: '2027-01-01' }],
    commitment: '军令状',
    attachments: [],
    evaluation: { count: 0, expected: 2, conflictedEvaluatorIds: [], score: null, criteria: null, divergent: false, spread: null, rank: null, scoresShown: false },
    evaluations: [],
    submittedAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function task(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: 't1',
    version: 1,
    status: 'draft',
    batchId: 'b1',
    batchName: '第一批',
    title: '化解历史遗留不动产登记难题',
    description: '描述',
    domain: 'legacy',
    flags: ['hard'],
    goals: '目标',
    expectedResults: '预期',
    milestones: [{ name: '启动', dueDate: '2027-01-01' }],
    biddingDeadline: '2099-01-01T00:00:00.000Z',
    deliveryDeadline: '2099-06-01T00:00:00.000Z',
    rewardPoints: 100,
    allowRace: false,
    publisherId: 'u-pub',
    departmentId: 'd-city',
    departmentPath: ['d-city'],
    evaluators: [
      { userId: 'u-ev1', name: '周明' },
      { userId: 'u-ev2', name: '钱红' },
    ],
    bids: [],
    evaluationComplete: true,
    pendingEvaluations: [],
    award: null,
    progress: [],
    results: [],
    reviews: [],
    reviewersExpected: ['u-ev1', 'u-ev2'],
    verdict: null,
    reward: null,
    history: [],
    publishedAt: null,
    biddingClosedAt: null,
    awardedAt: null,
    resultsSubmittedAt: null,
    concludedAt: null,
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
    ...overrides,
  };
}

/** People the pickers find (`GET /people`): an evaluator and a colleague. */
export const EVALUATOR = person({ userId: 'u-ev1', name: '周明', departmentId: 'd-experts', departmentName: '专家库', title: '高级工程师' });
export const MEMBER = person({ userId: 'u-m', name: '李娜', departmentId: 'd-xiuying', departmentName: '秀英区', title: '科员' });

/** Signed in as `me`; `handler` answers the rest, `/people` finds EVALUATOR and MEMBER (unhandled: 200 with an empty page). */
export function stubApi(me: UserView, handler: Handler = () => undefined): FetchCall[] {
  return stubSignedIn(me, (method, path, body) => handler(method, path, body) ?? answerPeople([EVALUATOR, MEMBER], method, path), EMPTY_PAGE);
}
