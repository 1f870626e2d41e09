import type { BidScoreFact, Caller } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AggregateChange } from '@cadre/messaging';
import type { BidEntry, TaskDocument } from '../task.schema';
import { driven } from './moves';
import { iso } from './history';
import { validateAward } from './award';
import { scoredBids } from './standings';
import { bestVerdict, tallyVerdicts } from './verdict';
import { awardBlock, conclusionContext, teamReviews } from './waiting';
import { toleranceDecisionOf } from './tolerance';
import type { TeamVerdictEntry } from '../task.schema';

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

/**
 * The award: once every evaluation is in (409 naming who has not scored which bids), the chosen bids (see
 * `validateAward`; a reason when a higher-ranked bid is passed over), published with every bid's score and rank.
 */
export function awardTask(task: TaskDocument, who: Caller, now: Date, bidIds: string[], reason?: string): AggregateChange {
  const comment = reason?.trim() ?? '';
  return driven(task, 'award', who, now, () => {
    const blocked = awardBlock(task);
    if (blocked) throw problems.conflict(blocked);
    const scores = scoredBids(task);
    const decision = validateAward(
      task,
      task.bids.map((b) => ({ id: b.id, submittedAt: new Date(b.submittedAt).toISOString(), score: scores.get(b.id)?.score ?? null })),
      bidIds,
      comment,
    );
    if (!decision.ok) throw problems.invalid(decision.problems);
    const passedOverBidIds = decision.passedOver;
    const awardReason = comment === '' ? null : comment;
    const awarded = new Set(bidIds);
    const bids = task.bids.map((b) => ({ ...b, status: awarded.has(b.id) ? 'awarded' : 'not_awarded' }));
    const fact = (bid: BidEntry): BidScoreFact => {
      const s = scores.get(bid.id)!;
      return { bidId: bid.id, teamId: bid.teamId, score: s.score, rank: s.rank, evaluationCount: s.count, divergent: s.divergent };
    };
    const bidById = (id: string) => task.bids.find((b) => b.id === id)!;
    const teamIds = task.bids.filter((b) => awarded.has(b.id)).map((b) => b.teamId);
    return {
      set: { bids, award: { bidIds, teamIds, awardedBy: who.userId, awardedAt: now, reason: awardReason, passedOverBidIds }, awardedAt: now },
      data: {
        bidIds,
        teamIds,
        awarded: decision.awarded.map((r) => fact(bidById(r.id))),
        ranking: decision.ranking.map((r) => fact(bidById(r.id))),
        passedOverBidIds,
        reason: awardReason,
        awardedAt: now.toISOString(),
      },
    };
  }, { comment });
}

const VERDICT_LABELS = { excellent: '优秀', pass: '合格', tolerated: '容错', fail: '不合格' } as const;
const DECISION_LABELS = { accepted: '同意', rejected: '不同意' } as const;

/**
 * The conclusion, once every expected reviewer has judged every awarded team: each team's own verdict (the task's
 * is the best of them, for the board and older consumers), its 容错 decision, and the reward released.
 */
export function concludeTask(task: TaskDocument, who: Caller, now: Date): AggregateChange {
  const teams = teamReviews(task);
  const context = conclusionContext(task);
  return driven(
    task,
    'conclude',
    who,
    now,
    () => {
      const outcomes: TeamVerdictEntry[] = teams.map((t) => ({
        bidId: t.bid.id,
        teamId: t.bid.teamId,
        verdict: t.verdict!,
        verdictTally: t.verdictTally,
        reviewCount: t.reviews.length,
        tolerance: t.tolerance ? toleranceDecisionOf(t.reviews.map((r) => r.tolerance)) : null,
      }));
      const verdict = bestVerdict(outcomes.map((o) => o.verdict))!;
      const reviewVerdicts = teams.flatMap((t) => t.reviews.map((r) => r.verdict));
      const byTeam = new Map(outcomes.map((o) => [o.teamId, o]));
      return {
        set: { verdict, teamVerdicts: outcomes, concludedAt: now, reward: { rewardPoints: task.rewardPoints, verdict, flagged: task.flags.length > 0, releasedAt: now } },
        data: {
          verdict,
          verdictTally: tallyVerdicts(reviewVerdicts),
          reviewCount: reviewVerdicts.length,
          teams: teams.map(({ bid: b }) => {
            const { verdict: teamVerdict, verdictTally, reviewCount, tolerance } = byTeam.get(b.teamId)!;
            return {
              bidId: b.id,
              teamId: b.teamId,
              teamName: b.teamName,
              leadId: b.leadId,
              members: b.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share, departmentId: m.departmentId, departmentPath: m.departmentPath })),
              verdict: teamVerdict,
              verdictTally,
              reviewCount,
              tolerance,
            };
          }),
          awardedAt: iso(task.awardedAt),
          resultsSubmittedAt: iso(task.resultsSubmittedAt),
          concludedAt: now.toISOString(),
        },
      };
    },
    {
      context,
      comment: teams
        .map((t) => {
          const o = { verdict: t.verdict, tolerance: t.tolerance ? toleranceDecisionOf(t.reviews.map((r) => r.tolerance)) : null };
          const tolerance = o.tolerance ? `（容错申请：${DECISION_LABELS[o.tolerance]}）` : '';
          return `${t.bid.teamName}：${o.verdict ? VERDICT_LABELS[o.verdict] : '未评审'}${tolerance}`;
        })
        .join('；'),
    },
  );
}
