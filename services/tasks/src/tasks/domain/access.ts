import { isWithinSubtree, type Caller, type Role } from '@cadre/contracts';
import { problems, requireCaller } from '@cadre/platform';
import type { BidEntry, TaskDocument, TeamDocument } from '../task.schema';
import { expectedReviewers, isConflicted } from './conflicts';

/**
 * Who may do what with tasks, bids and teams (docs/DOMAIN.md §2): every role and department-scope rule of this
 * service. Refusals are 403, except a draft, which to anyone but its department's publishers does not exist
 * (404, docs/API.md's "not visible").
 */

/** The actor of what the bidding-deadline job does: it closes bidding of any task, and sees drafts. */
export const SYSTEM_CALLER: Caller = { userId: 'system', name: '系统（揭榜截止）', roles: [], departmentId: '', departmentPath: [] };

const has = (who: Caller, role: Role) => who.roles.includes(role);
const isSystem = (who: Caller) => who === SYSTEM_CALLER;

type Scoped = Pick<TaskDocument, 'departmentPath'>;

// ── publishers ───────────────────────────────────────────────────────────────────────────────────────

/** A publisher acts on the tasks of their department subtree. */
export function isPublisherOf(who: Caller, task: Scoped): boolean {
  return has(who, 'publisher') && isWithinSubtree(task.departmentPath, who.departmentId);
}

/** Batches and new tasks (which belong to the publisher's own department): any publisher. */
export function requirePublisher(caller: Caller | undefined): Caller {
  const who = requireCaller(caller);
  if (!has(who, 'publisher')) throw problems.forbidden('Only a publisher (发榜单位) may do this.');
  return who;
}

/** Editing a draft: a publisher of the task's department subtree. */
export function requireEditor(who: Caller, task: Scoped): void {
  if (!isPublisherOf(who, task)) throw problems.forbidden('Only a publisher of the task’s department edits it.');
}

/** Publish, withdraw, close bidding, award, conclude: a publisher of the task's department subtree, or the deadline job. */
export function requireLifecycleDriver(who: Caller, task: Scoped): void {
  if (!isSystem(who) && !isPublisherOf(who, task)) throw problems.forbidden('Only a publisher of the task’s department drives its lifecycle.');
}

// ── visibility ───────────────────────────────────────────────────────────────────────────────────────

/** A draft is the publishing department's business; everything published is public (全程公开). */
export function maySee(who: Caller, task: Scoped & Pick<TaskDocument, 'status'>): boolean {
  return task.status !== 'draft' || isSystem(who) || isPublisherOf(who, task);
}

/** The task, or the 404 of one the caller may not see. */
export function requireVisible<T extends Scoped & Pick<TaskDocument, 'status'>>(who: Caller, task: T | null | undefined): T {
  if (!task || !maySee(who, task)) throw problems.notFound('No such task.');
  return task;
}

/**
 * The drafts a list may show the caller: those whose department path holds `departmentId` (the caller's
 * department subtree, as `isPublisherOf` puts it), or none at all (null) for anyone but a publisher.
 */
export function draftsListedFor(who: Caller): { departmentId: string } | null {
  return has(who, 'publisher') ? { departmentId: who.departmentId } : null;
}

// ── teams ────────────────────────────────────────────────────────────────────────────────────────────

/** Teams (书院制) are formed by cadres, each leading the team they create. */
export function requireTeamFounder(caller: Caller | undefined): Caller {
  const who = requireCaller(caller);
  if (!has(who, 'cadre')) throw problems.forbidden('Only cadres form teams.');
  return who;
}

/** An invitation is answered by the member it invites (the lead accepted by creating the team). */
export function requireInvitee(who: Caller, team: Pick<TeamDocument, 'members'>): TeamDocument['members'][number] {
  const member = team.members.find((m) => m.userId === who.userId);
  if (!member || member.role === 'lead') throw problems.forbidden('Only an invited member answers an invitation.');
  return member;
}

/** A team bids through its lead. */
export function requireTeamLead(who: Caller, team: Pick<TeamDocument, 'leadId'>): void {
  if (team.leadId !== who.userId) throw problems.forbidden('Only the team’s lead bids for it.');
}

// ── bids ─────────────────────────────────────────────────────────────────────────────────────────────

/** A bid is revised by its team's lead. */
export function requireBidLead(who: Caller, bid: Pick<BidEntry, 'leadId'>): void {
  if (bid.leadId !== who.userId) throw problems.forbidden('Only the team’s lead revises its bid.');
}

/** Who may be assigned to evaluate a task: a user holding the evaluator role. */
export function isEvaluator(user: { roles: readonly string[] }): boolean {
  return user.roles.includes('evaluator' satisfies Role);
}

/** 评标: an evaluator assigned to the task who is not conflicted (回避) with the bid's team. */
export function requireBidEvaluator(who: Caller, task: Pick<TaskDocument, 'evaluators'>, bid: Pick<BidEntry, 'members'>): TaskDocument['evaluators'][number] {
  const evaluator = task.evaluators.find((e) => e.userId === who.userId);
  if (!evaluator) throw problems.forbidden('Only an evaluator assigned to this task scores its bids.');
  if (isConflicted(evaluator, bid.members.map((m) => m.departmentPath), bid.members.map((m) => m.userId))) {
    throw problems.forbidden('You are conflicted (回避): a member of this team is in your department or below, or you are a member.');
  }
  return evaluator;
}

// ── delivery and 评审 ────────────────────────────────────────────────────────────────────────────────

/** The awarded bid whose team the user is a member of, if any. */
export function awardedBidOf(task: Pick<TaskDocument, 'bids' | 'award'>, userId: string): BidEntry | undefined {
  return task.bids.find((b) => task.award?.bidIds.includes(b.id) && b.members.some((m) => m.userId === userId));
}

/** Progress is reported by any member of an awarded team; answers that team's bid. */
export function requireAwardedMember(who: Caller, task: Pick<TaskDocument, 'bids' | 'award'>): BidEntry {
  const bid = awardedBidOf(task, who.userId);
  if (!bid) throw problems.forbidden('Only a member of an awarded team reports progress.');
  return bid;
}

/** Results are submitted by the lead of an awarded team; answers that team's bid. */
export function requireAwardedLead(who: Caller, task: Pick<TaskDocument, 'bids' | 'award'>): BidEntry {
  const bid = awardedBidOf(task, who.userId);
  if (!bid || bid.leadId !== who.userId) throw problems.forbidden('Only the lead of an awarded team submits its results.');
  return bid;
}

/** 评审: an evaluator assigned to the task who is conflicted with no awarded team. */
export function requireResultsReviewer(who: Caller, task: Pick<TaskDocument, 'evaluators' | 'bids' | 'award'>): void {
  if (!task.evaluators.some((e) => e.userId === who.userId)) throw problems.forbidden('Only an evaluator assigned to this task reviews its results.');
  if (task.award && !expectedReviewers(task).includes(who.userId)) {
    throw problems.forbidden('You are conflicted (回避) with an awarded team and may not review its results.');
  }
}
