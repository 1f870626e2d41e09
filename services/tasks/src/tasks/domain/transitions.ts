import type { BidScoreFact, Caller } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { BidEntry, TaskDocument } from '../task.schema';
import { driven } from './moves';
import { iso } from './history';
import { validateAward } from './award';
import { scoredBids } from './standings';
import { tallyVerdicts, verdictOf } from './verdict';
import { expectedReviewers } from './conflicts';

/** The publisher's moves of docs/DOMAIN.md §2, each a pure decision on the task as read (see `driven`). */

/** 发榜: the draft opens for bids, unless its bidding deadline has passed meanwhile. */
export function publishTask(task: TaskDocument, who: Caller, now: Date): AggregateChange {
  return driven(task, 'publish', who, now, () => {
    if (new Date(task.biddingDeadline) <= now) throw problems.invalid([{ path: 'biddingDeadline', message: 'has passed: edit the draft first' }]);
    return { set: { publishedAt: now }, data: { evaluatorIds: task.evaluators.map((e) => e.userId), milestones: task.milestones, publishedAt: now.toISOString() } };
  });
}

export function withdrawTask(task: TaskDocument, who: Caller, now: Date, comment: string): AggregateChange {
  return driven(task, 'withdraw', who, now, () => ({ data: { comment, withdrawnAt: now.toISOString() } }), { comment });
}

/** Bidding closes (by the publisher or at the deadline): to 评标 with bids, unclaimed without. */
export function closeBidding(task: TaskDocument, who: Caller, now: Date): AggregateChange {
  return driven(
    task,
    'closeBidding',
    who,
    now,
    () => ({
      set: { biddingClosedAt: now },
      data: task.bids.length ? { bidIds: task.bids.map((b) => b.id), teamIds: task.bids.map((b) => b.teamId), biddingClosedAt: now.toISOString() } : { biddingClosedAt: now.toISOString() },
    }),
    { context: { bidCount: task.bids.length } },
  );
}

/** The award: the chosen bids (see `validateAward`), published with every bid's score and rank. */
export function awardTask(task: TaskDocument, who: Caller, now: Date, bidIds: string[]): AggregateChange {
  return driven(task, 'award', who, now, () => {
    const scores = scoredBids(task);
    const decision = validateAward(
      task,
      task.bids.map((b) => ({ id: b.id, submittedAt: new Date(b.submittedAt).toISOString(), score: scores.get(b.id)?.score ?? null })),
      bidIds,
    );
    if (!decision.ok) throw problems.invalid(decision.problems);
    const awarded = new Set(bidIds);
    const bids = task.bids.map((b) => ({ ...b, status: awarded.has(b.id) ? 'awarded' : 'not_awarded' }));
    const fact = (bid: BidEntry): BidScoreFact => {
      const s = scores.get(bid.id)!;
      return { bidId: bid.id, teamId: bid.teamId, score: s.score, rank: s.rank, evaluationCount: s.count, divergent: s.divergent };
    };
    const bidById = (id: string) => task.bids.find((b) => b.id === id)!;
    const teamIds = task.bids.filter((b) => awarded.has(b.id)).map((b) => b.teamId);
    return {
      set: { bids, award: { bidIds, teamIds, awardedBy: who.userId, awardedAt: now }, awardedAt: now },
      data: {
        bidIds,
        teamIds,
        awarded: decision.awarded.map((r) => fact(bidById(r.id))),
        ranking: decision.ranking.map((r) => fact(bidById(r.id))),
        awardedAt: now.toISOString(),
      },
    };
  });
}

/** The conclusion, once every expected review is in: the verdict, and the reward released to the awarded teams. */
export function concludeTask(task: TaskDocument, who: Caller, now: Date): AggregateChange {
  const reviewed = new Set(task.reviews.map((r) => r.evaluatorId));
  const context = { pendingReviews: expectedReviewers(task).filter((id) => !reviewed.has(id)).length, reviewCount: task.reviews.length };
  return driven(
    task,
    'conclude',
    who,
    now,
    () => {
      const verdict = verdictOf(task.reviews.map((r) => r.verdict))!;
      const awarded = task.bids.filter((b) => task.award?.bidIds.includes(b.id));
      return {
        set: { verdict, concludedAt: now, reward: { rewardPoints: task.rewardPoints, verdict, flagged: task.flags.length > 0, releasedAt: now } },
        data: {
          verdict,
          verdictTally: tallyVerdicts(task.reviews.map((r) => r.verdict)),
          reviewCount: task.reviews.length,
          teams: awarded.map((b) => ({
            bidId: b.id,
            teamId: b.teamId,
            teamName: b.teamName,
            leadId: b.leadId,
            members: b.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share, departmentId: m.departmentId, departmentPath: m.departmentPath })),
          })),
          awardedAt: iso(task.awardedAt),
          resultsSubmittedAt: iso(task.resultsSubmittedAt),
          concludedAt: now.toISOString(),
        },
      };
    },
    { context },
  );
}
