import type { Caller, TaskStatus } from '@cadre/contracts';
import { isPublisherOf } from './access';
import { evaluationComplete } from './standings';
import type { PersonFacts, TeamFacts } from './conflicts';

/**
 * What a viewer may see of a task's bids and their 评标 (docs/DOMAIN.md §2, 密封投标 and independent scoring).
 * Everything is public once it is published; until then:
 * - a bid's content (plan, expected results, milestones, commitment) is sealed while bidding is open, except to
 *   the members of its own team (the lead included);
 * - scores stay with the evaluators who gave them until every evaluation is in; then those who manage the task
 *   see them; everyone sees them with the award.
 */

type BidFacts = { leadId: string; members: readonly { userId: string }[] };

/** Bidding has not closed: bids are sealed. */
export function biddingSealed(task: { status: TaskStatus }): boolean {
  return task.status === 'draft' || task.status === 'open';
}

/** The viewer may read the bid's content: bidding has closed, or the viewer is on the bidding team. */
export function bidContentVisible(task: { status: TaskStatus }, bid: BidFacts, viewer: Pick<Caller, 'userId'>): boolean {
  return !biddingSealed(task) || bid.leadId === viewer.userId || bid.members.some((m) => m.userId === viewer.userId);
}

/** Manages the task: a publisher of its department subtree, an admin or an assessor (研判, city-wide). */
export function managesTask(viewer: Caller, task: { departmentPath: string[] }): boolean {
  return isPublisherOf(viewer, task) || viewer.roles.includes('admin') || viewer.roles.includes('assessor');
}

type ScoredTask = {
  status: TaskStatus;
  departmentPath: string[];
  award: unknown;
  evaluators: readonly (PersonFacts & { name: string })[];
  bids: readonly (TeamFacts & { id: string; teamName: string; evaluations: readonly { evaluatorId: string }[] })[];
};

/**
 * Who sees the bids' scores, ranks, divergence and criterion means: everyone once the task is awarded; before,
 * those who manage the task once the 评标 is complete (while it is evaluated); nobody else.
 */
export function scoresVisible(task: ScoredTask, viewer: Caller): boolean {
  if (task.award) return true;
  return task.status === 'evaluating' && managesTask(viewer, task) && evaluationComplete(task);
}

/**
 * Which individual evaluations of a bid the viewer sees: all once the task is awarded; before, only the viewer's
 * own (an evaluator sees what they gave, never another's score or comment).
 */
export function visibleEvaluations<E extends { evaluatorId: string }>(task: { award: unknown }, evaluations: readonly E[], viewer: Pick<Caller, 'userId'>): E[] {
  return task.award ? [...evaluations] : evaluations.filter((e) => e.evaluatorId === viewer.userId);
}
