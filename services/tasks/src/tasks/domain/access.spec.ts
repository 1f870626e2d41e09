import type { Caller, Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { BidEntry, TaskDocument, TeamDocument } from '../task.schema';
import {
  SYSTEM_CALLER,
  awardedBidOf,
  draftsListedFor,
  isEvaluator,
  isPublisherOf,
  maySee,
  requireAwardedLead,
  requireAwardedMember,
  requireBidEvaluator,
  requireBidLead,
  requireEditor,
  requireInvitee,
  requireLifecycleDriver,
  requirePublisher,
  requireResultsReviewer,
  requireTeamFounder,
  requireTeamLead,
  requireVisible,
} from './access';

// city ─┬─ district-a ── bureau-1
//       ├─ district-b
//       └─ district-c
const city = ['city'];
const districtA = ['city', 'district-a'];
const bureau1 = ['city', 'district-a', 'bureau-1'];
const districtB = ['city', 'district-b'];
const districtC = ['city', 'district-c'];

const caller = (userId: string, roles: Role[], path: string[]): Caller => ({ userId, name: userId, roles, departmentId: path[path.length - 1], departmentPath: path });
const pubA = caller('pub-a', ['publisher'], districtA);
const pubB = caller('pub-b', ['publisher'], districtB);
const pubCity = caller('pub-city', ['publisher'], city);
const pubBureau = caller('pub-bureau', ['publisher'], bureau1);
const cadreA = caller('cadre-a', ['cadre'], bureau1);
const cadreB = caller('cadre-b', ['cadre'], districtB);
const outsider = caller('cadre-c', ['cadre'], districtC);
const evalC = caller('eval-c', ['evaluator'], districtC);
const evalB = caller('eval-b', ['evaluator'], districtB);
const evalCity = caller('eval-city', ['evaluator'], city);
const cadreAsEvaluatorRole = caller('eval-c', ['cadre'], districtC);

const member = (who: Caller, role: 'lead' | 'member', share: number) => ({ userId: who.userId, name: who.name, departmentId: who.departmentId, departmentPath: who.departmentPath, role, share });

/** A bid of the team cadre-a (lead, bureau 1) + cadre-b (district B). */
const bid: BidEntry = {
  id: 't1_1',
  version: 1,
  teamId: 'team-1',
  teamName: '攻坚队',
  leadId: cadreA.userId,
  members: [member(cadreA, 'lead', 60), member(cadreB, 'member', 40)],
  status: 'submitted',
  plan: '',
  expectedResults: '',
  milestones: [],
  commitment: '',
  evaluations: [],
  submittedAt: new Date(0),
  updatedAt: new Date(0),
};

const task = (fields: Partial<TaskDocument> = {}): TaskDocument =>
  ({
    _id: 't1',
    status: 'open',
    departmentId: 'district-a',
    departmentPath: districtA,
    evaluators: [evalC, evalB, evalCity].map((e) => ({ userId: e.userId, name: e.name, departmentPath: e.departmentPath })),
    bids: [bid],
    award: null,
    ...fields,
  }) as TaskDocument;
const awarded = (fields: Partial<TaskDocument> = {}) => task({ status: 'in_progress', award: { bidIds: [bid.id], teamIds: [bid.teamId], awardedBy: pubA.userId, awardedAt: new Date(0) }, ...fields });

/** The status of the problem `act` throws (or 'allowed'). */
function outcome(act: () => unknown): number | 'allowed' {
  try {
    act();
    return 'allowed';
  } catch (error) {
    if (error instanceof ProblemException) return error.problem.status;
    throw error;
  }
}

describe('publishers', () => {
  it('act on the tasks of their department subtree only', () => {
    expect(isPublisherOf(pubA, task())).toBe(true);
    expect(isPublisherOf(pubCity, task())).toBe(true);
    expect(isPublisherOf(pubB, task())).toBe(false); // beside
    expect(isPublisherOf(pubBureau, task())).toBe(false); // below
    expect(isPublisherOf(cadreA, task())).toBe(false); // in the subtree, but no publisher
  });

  it('batches and new tasks need the publisher role (401 without a caller)', () => {
    expect(requirePublisher(pubB)).toBe(pubB);
    expect(outcome(() => requirePublisher(cadreA))).toBe(403);
    expect(outcome(() => requirePublisher(evalC))).toBe(403);
    expect(outcome(() => requirePublisher(undefined))).toBe(401);
  });

  it('edit drafts and drive the lifecycle within their subtree; the deadline job drives any task', () => {
    for (const check of [requireEditor, requireLifecycleDriver]) {
      expect(outcome(() => check(pubA, task()))).toBe('allowed');
      expect(outcome(() => check(pubCity, task()))).toBe('allowed');
      expect(outcome(() => check(pubB, task()))).toBe(403);
      expect(outcome(() => check(cadreA, task()))).toBe(403);
    }
    expect(outcome(() => requireLifecycleDriver(SYSTEM_CALLER, task()))).toBe('allowed');
    expect(outcome(() => requireEditor(SYSTEM_CALLER, task()))).toBe(403);
  });
});

describe('visibility', () => {
  it('a draft is seen by the publishers of its department subtree (and the deadline job) only; 404 to others', () => {
    const draft = task({ status: 'draft' });
    expect(maySee(pubA, draft)).toBe(true);
    expect(maySee(pubCity, draft)).toBe(true);
    expect(maySee(SYSTEM_CALLER, draft)).toBe(true);
    for (const who of [pubB, pubBureau, cadreA, evalC]) {
      expect(maySee(who, draft)).toBe(false);
      expect(outcome(() => requireVisible(who, draft))).toBe(404);
    }
    expect(outcome(() => requireVisible(pubA, null))).toBe(404);
  });

  it('everything published is public', () => {
    for (const status of ['open', 'evaluating', 'concluded', 'withdrawn'] as const) expect(maySee(outsider, task({ status }))).toBe(true);
  });

  it('lists show drafts to publishers, of their own department subtree', () => {
    expect(draftsListedFor(pubB)).toEqual({ departmentId: 'district-b' });
    expect(draftsListedFor(cadreA)).toBeNull();
    expect(draftsListedFor(evalC)).toBeNull();
  });
});

describe('teams', () => {
  const team = { leadId: cadreA.userId, members: [{ ...member(cadreA, 'lead', 60), invitation: 'accepted' }, { ...member(cadreB, 'member', 40), invitation: 'invited' }] } as TeamDocument;

  it('are formed by cadres', () => {
    expect(requireTeamFounder(cadreA)).toBe(cadreA);
    expect(outcome(() => requireTeamFounder(evalC))).toBe(403);
    expect(outcome(() => requireTeamFounder(pubA))).toBe(403);
    expect(outcome(() => requireTeamFounder(undefined))).toBe(401);
  });

  it('invitations are answered by the invited members, not the lead nor strangers', () => {
    expect(requireInvitee(cadreB, team).userId).toBe(cadreB.userId);
    expect(outcome(() => requireInvitee(cadreA, team))).toBe(403);
    expect(outcome(() => requireInvitee(outsider, team))).toBe(403);
  });

  it('bid through their lead, who alone revises the bid', () => {
    expect(outcome(() => requireTeamLead(cadreA, team))).toBe('allowed');
    expect(outcome(() => requireTeamLead(cadreB, team))).toBe(403);
    expect(outcome(() => requireBidLead(cadreA, bid))).toBe('allowed');
    expect(outcome(() => requireBidLead(cadreB, bid))).toBe(403);
  });
});

describe('评标', () => {
  it('evaluators are users holding the evaluator role', () => {
    expect(isEvaluator({ roles: ['evaluator'] })).toBe(true);
    expect(isEvaluator({ roles: ['cadre', 'publisher'] })).toBe(false);
  });

  it('an assigned evaluator beside every member scores the bid', () => {
    expect(requireBidEvaluator(evalC, task({ status: 'evaluating' }), bid).userId).toBe(evalC.userId);
  });

  it('refuses the unassigned (whatever their role) and the conflicted: same department, above a member, or a member', () => {
    const evaluating = task({ status: 'evaluating' });
    expect(outcome(() => requireBidEvaluator(caller('eval-x', ['evaluator'], districtC), evaluating, bid))).toBe(403);
    expect(outcome(() => requireBidEvaluator(pubA, evaluating, bid))).toBe(403);
    expect(outcome(() => requireBidEvaluator(evalB, evaluating, bid))).toBe(403); // district B holds cadre-b
    expect(outcome(() => requireBidEvaluator(evalCity, evaluating, bid))).toBe(403); // the city holds everyone
    const selfEvaluating = task({ evaluators: [{ userId: cadreB.userId, name: '', departmentPath: [] }] });
    expect(outcome(() => requireBidEvaluator(cadreB, selfEvaluating, bid))).toBe(403);
  });

  it('the evaluator is recognised by user id, not by role', () => {
    // A caller whose roles changed since the assignment is still the assigned evaluator.
    expect(outcome(() => requireBidEvaluator(cadreAsEvaluatorRole, task(), bid))).toBe('allowed');
  });
});

describe('delivery and 评审', () => {
  it('progress comes from any member of an awarded team; results from its lead', () => {
    expect(awardedBidOf(awarded(), cadreB.userId)).toBe(bid);
    expect(requireAwardedMember(cadreB, awarded())).toBe(bid);
    expect(requireAwardedLead(cadreA, awarded())).toBe(bid);
    expect(outcome(() => requireAwardedLead(cadreB, awarded()))).toBe(403);
    for (const who of [outsider, pubA, evalC]) {
      expect(outcome(() => requireAwardedMember(who, awarded()))).toBe(403);
      expect(outcome(() => requireAwardedLead(who, awarded()))).toBe(403);
    }
  });

  it('a team that bid but was not awarded reports nothing', () => {
    expect(awardedBidOf(task({ status: 'in_progress', award: null }), cadreA.userId)).toBeUndefined();
    expect(outcome(() => requireAwardedMember(cadreA, awarded({ award: { bidIds: ['t1_2'], teamIds: [], awardedBy: '', awardedAt: new Date(0) } })))).toBe(403);
  });

  it('results are reviewed by assigned evaluators conflicted with no awarded team', () => {
    const reviewing = awarded({ status: 'reviewing' });
    expect(outcome(() => requireResultsReviewer(evalC, reviewing))).toBe('allowed');
    expect(outcome(() => requireResultsReviewer(evalB, reviewing))).toBe(403);
    expect(outcome(() => requireResultsReviewer(evalCity, reviewing))).toBe(403);
    expect(outcome(() => requireResultsReviewer(caller('eval-x', ['evaluator'], districtC), reviewing))).toBe(403);
    expect(outcome(() => requireResultsReviewer(cadreA, reviewing))).toBe(403);
  });
});
