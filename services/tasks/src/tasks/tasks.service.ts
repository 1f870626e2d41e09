import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import mongoose, { type Model } from 'mongoose';
import { z } from 'zod';
import {
  TASK_EVENTS,
  awardInput,
  createBatchInput,
  createBidInput,
  createEnvelope,
  createTaskInput,
  evaluationInput,
  isId,
  pageQuery,
  progressInput,
  resultsInput,
  taskListQuery,
  taskReviewInput,
  updateBidInput,
  updateTaskInput,
  type BidScoreFact,
  type BidView,
  type Caller,
  type Page,
  type ProblemFieldError,
  type TaskBatchView,
  type TaskStatus,
  type TaskSummaryView,
  type TaskTransitionBaseV1,
  type TaskView,
} from '@cadre/contracts';
import { ProblemException, ensureIndexes, fieldErrors, idFrom, isDuplicateKeyError, withoutId, problems, requireCaller, validate } from '@cadre/platform';
import { OutboxRelay, outboxEntry, type OutboxEntry } from '@cadre/messaging';
import { DirectoryReplica } from '@cadre/directory';
import { BATCH_MODEL, TASK_CARD_MODEL, TASK_MODEL, TEAM_MODEL, type BatchDocument, type BidEntry, type TaskCardDocument, type TaskDocument, type TeamDocument } from './task.schema';
import { eventTypeFor, transition, type TaskAction, type TransitionContext } from './domain/lifecycle';
import { bidTotal } from './domain/bid-scores';
import { validateAward } from './domain/award';
import { tallyVerdicts, verdictOf } from './domain/verdict';
import { isConflicted } from './domain/conflicts';
import { batchView, bidView, expectedReviewers, scoredBids, taskSummary, taskView } from './views';
import { tasksCsv } from './tasks.csv';

/** What a change of a task does: fields to set, entries to append, events to announce. */
interface TaskChange {
  set?: Record<string, unknown>;
  push?: Record<string, unknown>;
  events?: { subject: string; data: unknown }[];
}

/** The actor of what the bidding-deadline job does. */
export const SYSTEM_CALLER: Caller = { userId: 'system', name: '系统（揭榜截止）', roles: [], departmentId: '', departmentPath: [] };


@Injectable()
export class TasksService implements OnModuleInit {
  constructor(
    @Inject(TASK_MODEL) private readonly tasks: Model<TaskDocument>,
    @Inject(TASK_CARD_MODEL) private readonly cards: Model<TaskCardDocument>,
    @Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>,
    @Inject(TEAM_MODEL) private readonly teams: Model<TeamDocument>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.tasks, this.cards, this.batches]);
    this.relay.register(this.tasks);
    await this.repairCards();
  }

  /** Brings every card up to its task (a crash between a task's write and its card's leaves the card behind). */
  async repairCards(): Promise<number> {
    const cards = new Map((await this.cards.find({}, { _id: 1, version: 1 }).lean<{ _id: string; version: number }[]>()).map((c) => [c._id, c.version]));
    let repaired = 0;
    for await (const task of this.tasks.find({}, { bids: 0, history: 0, outbox: 0 }).lean<TaskDocument>().cursor()) {
      if ((cards.get(task._id) ?? 0) >= task.version) continue;
      await this.writeCard(task);
      repaired++;
    }
    return repaired;
  }

  /** Writes a task's card unless a newer one is there already. */
  private async writeCard(task: Omit<TaskDocument, 'bids'>): Promise<void> {
    const card: TaskCardDocument = {
      _id: task._id,
      version: task.version,
      status: task.status,
      batchId: task.batchId,
      title: task.title,
      domain: task.domain,
      flags: task.flags,
      rewardPoints: task.rewardPoints,
      allowRace: task.allowRace,
      departmentId: task.departmentId,
      departmentPath: task.departmentPath,
      biddingDeadline: task.biddingDeadline,
      deliveryDeadline: task.deliveryDeadline,
      bidCount: task.bidCount,
      verdict: task.verdict,
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
    };
    try {
      await this.cards.replaceOne({ _id: task._id, version: mongoose.trusted({ $lt: task.version }) }, card, { upsert: true });
    } catch (error) {
      // The upsert met a card at the same or a newer version: nothing to do.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  // ── batches ────────────────────────────────────────────────────────────────────────────────────

  async createBatch(caller: Caller | undefined, payload: unknown): Promise<TaskBatchView> {
    const who = requirePublisher(caller);
    const input = validate(createBatchInput, payload ?? {});
    const batch: BatchDocument = { _id: randomUUID(), name: input.name, description: input.description, createdBy: who.userId, departmentId: who.departmentId, createdAt: new Date() };
    await this.batches.create(batch);
    return batchView(batch);
  }

  async listBatches(caller: Caller | undefined, payload: unknown): Promise<Page<TaskBatchView>> {
    requireCaller(caller);
    const query = validate(pageQuery, payload ?? {});
    const [total, rows] = await Promise.all([
      this.batches.countDocuments({}),
      this.batches.find({}).sort({ createdAt: 1, _id: 1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<BatchDocument[]>(),
    ]);
    return { items: rows.map(batchView), total, page: query.page, pageSize: query.pageSize };
  }

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────────

  async create(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requirePublisher(caller);
    const parsed = createTaskInput.safeParse(payload ?? {});
    const input = parsed.success ? parsed.data : undefined;
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const raw = (payload ?? {}) as Record<string, unknown>;
    const batch = await this.batchOr(errors, typeof raw.batchId === 'string' ? raw.batchId : undefined);
    const evaluators = await this.evaluatorsOr(errors, raw.evaluatorIds);
    futureDeadline(errors, raw.biddingDeadline);
    if (errors.length || !input || !batch) throw problems.invalid(dedupe(errors));
    const now = new Date();
    const task = {
      _id: randomUUID(),
      version: 1,
      status: 'draft' as TaskStatus,
      batchId: batch._id,
      batchName: batch.name,
      title: input.title,
      description: input.description,
      domain: input.domain,
      flags: input.flags,
      goals: input.goals,
      expectedResults: input.expectedResults,
      milestones: input.milestones,
      biddingDeadline: new Date(input.biddingDeadline),
      deliveryDeadline: new Date(input.deliveryDeadline),
      rewardPoints: input.rewardPoints,
      allowRace: input.allowRace,
      publisherId: who.userId,
      departmentId: who.departmentId,
      departmentPath: who.departmentPath,
      evaluators,
      bidSeq: 0,
      bidCount: 0,
      bids: [],
      teamIds: [],
      award: null,
      progress: [],
      results: [],
      reviews: [],
      verdict: null,
      reward: null,
      history: [historyEntry('create', null, 'draft', who, '', 1, now)],
      publishedAt: null,
      biddingClosedAt: null,
      awardedAt: null,
      resultsSubmittedAt: null,
      concludedAt: null,
      outbox: [],
      createdAt: now,
      updatedAt: now,
    };
    await this.tasks.create(task);
    await this.writeCard(task);
    return taskView(task);
  }

  async get(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    return taskView(await this.visible(who, idFrom(payload, 'task')));
  }

  async list(caller: Caller | undefined, payload: unknown): Promise<Page<TaskSummaryView> | { csv: string; filename: string }> {
    const who = requireCaller(caller);
    const query = validate(taskListQuery, payload ?? {});
    const filter: Record<string, unknown> = {};
    if (query.batchId) filter.batchId = query.batchId;
    if (query.domain) filter.domain = query.domain;
    if (query.status === 'draft' || (!query.status && who.roles.includes('publisher'))) {
      // Drafts are the publishing department's own business.
      if (!who.roles.includes('publisher')) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      if (query.status) {
        filter.status = 'draft';
        filter.departmentPath = who.departmentId;
      } else {
        filter.$or = [{ status: mongoose.trusted({ $ne: 'draft' }) }, { departmentPath: who.departmentId }];
      }
    } else {
      filter.status = query.status ?? mongoose.trusted({ $ne: 'draft' });
    }
    const sort = { createdAt: 1 as const, _id: 1 as const };
    if (query.format === 'csv') {
      const rows = await this.cards.find(filter).sort(sort).limit(10_000).lean<TaskCardDocument[]>();
      return { csv: tasksCsv(rows.map(taskSummary)), filename: `tasks-${new Date().toISOString().slice(0, 10)}.csv` };
    }
    const [total, rows] = await Promise.all([
      this.cards.countDocuments(filter),
      this.cards.find(filter).sort(sort).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<TaskCardDocument[]>(),
    ]);
    return { items: rows.map(taskSummary), total, page: query.page, pageSize: query.pageSize };
  }

  async update(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requirePublisher(caller);
    const id = idFrom(payload, 'task');
    const body = withoutId(payload);
    const parsed = updateTaskInput.safeParse(body);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const batch = body.batchId === undefined ? undefined : await this.batchOr(errors, typeof body.batchId === 'string' ? body.batchId : undefined);
    const evaluators = body.evaluatorIds === undefined ? undefined : await this.evaluatorsOr(errors, body.evaluatorIds);
    if (body.biddingDeadline !== undefined) futureDeadline(errors, body.biddingDeadline);
    if (errors.length || !parsed.success) throw problems.invalid(dedupe(errors));
    const input = parsed.data;
    return this.change(who, id, (task) => {
      if (!isPublisherOf(who, task)) throw problems.forbidden('Only a publisher of the task’s department edits it.');
      if (task.status !== 'draft') throw problems.conflict(`Only a draft can be edited; this task is "${task.status}".`);
      if (input.version !== task.version) throw problems.conflict(`Stale version: the task is at version ${task.version}.`);
      const next = {
        ...pick(input, ['title', 'description', 'domain', 'flags', 'goals', 'expectedResults', 'milestones', 'rewardPoints', 'allowRace']),
        ...(input.biddingDeadline ? { biddingDeadline: new Date(input.biddingDeadline) } : {}),
        ...(input.deliveryDeadline ? { deliveryDeadline: new Date(input.deliveryDeadline) } : {}),
        ...(batch ? { batchId: batch._id, batchName: batch.name } : {}),
        ...(evaluators ? { evaluators } : {}),
      };
      const bidding = (next.biddingDeadline as Date | undefined) ?? task.biddingDeadline;
      const delivery = (next.deliveryDeadline as Date | undefined) ?? task.deliveryDeadline;
      if (delivery <= bidding) throw problems.invalid([{ path: 'deliveryDeadline', message: 'must be after the bidding deadline' }]);
      return { set: next, push: { history: historyEntry('update', 'draft', 'draft', who, '', task.version + 1, new Date()) } };
    });
  }

  publish(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    return this.lifecycle(who, idFrom(payload, 'task'), 'publish', (task, now) => {
      if (new Date(task.biddingDeadline) <= now) throw problems.invalid([{ path: 'biddingDeadline', message: 'has passed: edit the draft first' }]);
      return { set: { publishedAt: now }, data: { evaluatorIds: task.evaluators.map((e) => e.userId), milestones: task.milestones, publishedAt: now.toISOString() } };
    });
  }

  withdraw(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    const comment = commentOf(payload);
    return this.lifecycle(who, idFrom(payload, 'task'), 'withdraw', (_task, now) => ({ data: { comment, withdrawnAt: now.toISOString() } }), comment);
  }

  closeBidding(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    return this.lifecycle(
      who,
      idFrom(payload, 'task'),
      'closeBidding',
      (task, now) => ({
        set: { biddingClosedAt: now },
        data: task.bids.length ? { bidIds: task.bids.map((b) => b.id), teamIds: task.bids.map((b) => b.teamId), biddingClosedAt: now.toISOString() } : { biddingClosedAt: now.toISOString() },
      }),
      '',
      (task) => ({ bidCount: task.bids.length }),
    );
  }

  /** What the deadline job does: close bidding of an open task whose deadline has passed (idempotent). */
  async closeIfDue(taskId: string, now = new Date()): Promise<boolean> {
    const task = await this.tasks.findById(taskId, { status: 1, biddingDeadline: 1 }).lean<Pick<TaskDocument, 'status' | 'biddingDeadline'>>();
    if (!task || task.status !== 'open' || new Date(task.biddingDeadline) > now) return false;
    try {
      await this.closeBidding(SYSTEM_CALLER, { id: taskId });
      return true;
    } catch (error) {
      if (error instanceof ProblemException && error.problem.status === 409) return false;
      throw error;
    }
  }

  /** Open tasks whose bidding deadline has passed: what the deadline sweep closes. */
  async overdueTaskIds(now = new Date(), limit = 500): Promise<string[]> {
    const rows = await this.tasks.find({ status: 'open', biddingDeadline: mongoose.trusted({ $lte: now }) }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>();
    return rows.map((row) => row._id);
  }

  async openTasksWithDeadlines(): Promise<{ id: string; biddingDeadline: Date }[]> {
    const rows = await this.tasks.find({ status: 'open' }, { _id: 1, biddingDeadline: 1 }).lean<{ _id: string; biddingDeadline: Date }[]>();
    return rows.map((row) => ({ id: row._id, biddingDeadline: new Date(row.biddingDeadline) }));
  }

  award(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    const id = idFrom(payload, 'task');
    const input = validate(awardInput, withoutId(payload));
    return this.lifecycle(who, id, 'award', (task, now) => {
      const scores = scoredBids(task);
      const decision = validateAward(
        task,
        task.bids.map((b) => ({ id: b.id, submittedAt: new Date(b.submittedAt).toISOString(), score: scores.get(b.id)?.score ?? null })),
        input.bidIds,
      );
      if (!decision.ok) throw problems.invalid(decision.problems);
      const awarded = new Set(input.bidIds);
      const bids = task.bids.map((b) => ({ ...b, status: awarded.has(b.id) ? 'awarded' : 'not_awarded' }));
      const fact = (bid: BidEntry): BidScoreFact => {
        const s = scores.get(bid.id)!;
        return { bidId: bid.id, teamId: bid.teamId, score: s.score, rank: s.rank, evaluationCount: s.count, divergent: s.divergent };
      };
      const teamIds = task.bids.filter((b) => awarded.has(b.id)).map((b) => b.teamId);
      return {
        set: { bids, award: { bidIds: input.bidIds, teamIds, awardedBy: who.userId, awardedAt: now }, awardedAt: now },
        data: {
          bidIds: input.bidIds,
          teamIds,
          awarded: decision.awarded.map((r) => fact(task.bids.find((b) => b.id === r.id)!)),
          ranking: decision.ranking.map((r) => fact(task.bids.find((b) => b.id === r.id)!)),
          awardedAt: now.toISOString(),
        },
      };
    });
  }

  async progress(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    const id = idFrom(payload, 'task');
    const input = validate(progressInput, withoutId(payload));
    return this.change(who, id, (task) => {
      const bid = awardedBidOf(task, who.userId);
      if (!bid) throw problems.forbidden('Only a member of an awarded team reports progress.');
      if (task.status !== 'in_progress') throw problems.conflict(`Progress is reported while the task is in progress; it is "${task.status}".`);
      const known = new Set([...task.milestones, ...bid.milestones].map((m) => m.name));
      if (!known.has(input.milestone)) throw problems.invalid([{ path: 'milestone', message: 'is not a milestone of the task or of the awarded bid' }]);
      return { push: { progress: { milestone: input.milestone, note: input.note, teamId: bid.teamId, authorId: who.userId, authorName: who.name, at: new Date() } } };
    });
  }

  async results(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    const id = idFrom(payload, 'task');
    const input = validate(resultsInput, withoutId(payload));
    return this.change(who, id, (task) => {
      const bid = awardedBidOf(task, who.userId);
      if (!bid || bid.leadId !== who.userId) throw problems.forbidden('Only the lead of an awarded team submits its results.');
      if (task.status !== 'in_progress') throw problems.conflict(`Results are submitted while the task is in progress; it is "${task.status}".`);
      if (task.results.some((r) => r.teamId === bid.teamId)) throw problems.conflict('This team has submitted its results already.');
      const now = new Date();
      const entry = { bidId: bid.id, teamId: bid.teamId, summary: input.summary, deliverables: input.deliverables, submittedBy: who.userId, submittedAt: now };
      const allIn = task.award!.bidIds.every((bidId) => bidId === bid.id || task.results.some((r) => r.bidId === bidId));
      if (!allIn) return { push: { results: entry } };
      // The last awarded team's results move the task to 评审.
      return this.moved(task, 'submitResults', who, '', now, {
        set: { resultsSubmittedAt: now },
        push: { results: entry },
        data: { bidId: bid.id, teamId: bid.teamId, deliverableCount: input.deliverables.length, awardedAt: iso(task.awardedAt), resultsSubmittedAt: now.toISOString() },
      });
    });
  }

  async review(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    const id = idFrom(payload, 'task');
    const input = validate(taskReviewInput, withoutId(payload));
    return this.change(who, id, (task) => {
      if (!task.evaluators.some((e) => e.userId === who.userId)) throw problems.forbidden('Only an evaluator assigned to this task reviews its results.');
      if (!expectedReviewers(task).includes(who.userId) && task.award) throw problems.forbidden('You are conflicted (回避) with an awarded team and may not review its results.');
      if (task.status !== 'reviewing') throw problems.conflict(`Results are reviewed while the task is in review; it is "${task.status}".`);
      const reviews = [...task.reviews.filter((r) => r.evaluatorId !== who.userId), { evaluatorId: who.userId, evaluatorName: who.name, verdict: input.verdict, comment: input.comment, at: new Date() }];
      return { set: { reviews } };
    });
  }

  conclude(caller: Caller | undefined, payload: unknown): Promise<TaskView> {
    const who = requireCaller(caller);
    return this.lifecycle(
      who,
      idFrom(payload, 'task'),
      'conclude',
      (task, now) => {
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
      '',
      (task) => {
        const expected = expectedReviewers(task);
        const reviewed = new Set(task.reviews.map((r) => r.evaluatorId));
        return { pendingReviews: expected.filter((id) => !reviewed.has(id)).length, reviewCount: task.reviews.length };
      },
    );
  }

  // ── bids ───────────────────────────────────────────────────────────────────────────────────────

  async createBid(caller: Caller | undefined, payload: unknown): Promise<BidView> {
    const who = requireCaller(caller);
    const taskId = idFrom(payload, 'task');
    const input = validate(createBidInput, withoutId(payload));
    const team = await this.teams.findById(input.teamId).lean<TeamDocument>();
    if (!team) throw problems.invalid([{ path: 'teamId', message: 'is not a team' }]);
    if (team.leadId !== who.userId) throw problems.forbidden('Only the team’s lead bids for it.');
    let bidId = '';
    const view = await this.change(who, taskId, (task) => {
      if (task.status !== 'open' || new Date(task.biddingDeadline) <= new Date()) throw problems.conflict(`Bids are taken while bidding is open; this task is "${task.status}".`);
      if (team.formedAt === null) throw problems.conflict('Every member must accept the invitation before the team can bid.');
      if (task.teamIds.includes(team._id)) throw problems.conflict('This team has bid for this task already; revise that bid instead.');
      const now = new Date();
      bidId = `${task._id}_${task.bidSeq + 1}`;
      const bid: BidEntry = {
        id: bidId,
        version: 1,
        teamId: team._id,
        teamName: team.name,
        leadId: team.leadId,
        members: team.members.map(({ invitation: _i, respondedAt: _r, ...member }) => member),
        status: 'submitted',
        plan: input.plan,
        expectedResults: input.expectedResults,
        milestones: input.milestones,
        commitment: input.commitment,
        evaluations: [],
        submittedAt: now,
        updatedAt: now,
      };
      return {
        set: { bidSeq: task.bidSeq + 1, bidCount: task.bids.length + 1, teamIds: [...task.teamIds, team._id] },
        push: { bids: bid },
        events: [
          {
            subject: TASK_EVENTS.bidSubmitted,
            data: {
              bidId,
              version: 1,
              taskId: task._id,
              batchId: task.batchId,
              taskTitle: task.title,
              domain: task.domain,
              teamId: team._id,
              teamName: team.name,
              leadId: team.leadId,
              members: bid.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share, departmentId: m.departmentId, departmentPath: m.departmentPath })),
              submittedAt: now.toISOString(),
              occurredAt: now.toISOString(),
            },
          },
        ],
      };
    });
    return view.bids.find((b) => b.id === bidId)!;
  }

  async updateBid(caller: Caller | undefined, payload: unknown): Promise<BidView> {
    const who = requireCaller(caller);
    const bidId = idFrom(payload, 'bid');
    const input = validate(updateBidInput, withoutId(payload));
    const view = await this.change(who, taskIdOfBid(bidId), (task) => {
      const bid = bidOf(task, bidId);
      if (bid.leadId !== who.userId) throw problems.forbidden('Only the team’s lead revises its bid.');
      if (task.status !== 'open' || new Date(task.biddingDeadline) <= new Date()) throw problems.conflict('A bid is revised only while bidding is open.');
      if (input.version !== bid.version) throw problems.conflict(`Stale version: the bid is at version ${bid.version}.`);
      const bids = task.bids.map((b) =>
        b.id === bidId ? { ...b, ...pick(input, ['plan', 'expectedResults', 'milestones', 'commitment']), version: b.version + 1, updatedAt: new Date() } : b,
      );
      return { set: { bids } };
    });
    return view.bids.find((b) => b.id === bidId)!;
  }

  async evaluate(caller: Caller | undefined, payload: unknown): Promise<BidView> {
    const who = requireCaller(caller);
    const bidId = idFrom(payload, 'bid');
    const input = validate(evaluationInput, withoutId(payload));
    const taskId = taskIdOfBid(bidId);
    await this.change(who, taskId, (task) => {
      const bid = bidOf(task, bidId);
      const evaluator = task.evaluators.find((e) => e.userId === who.userId);
      if (!evaluator) throw problems.forbidden('Only an evaluator assigned to this task scores its bids.');
      if (isConflicted(evaluator, bid.members.map((m) => m.departmentPath), bid.members.map((m) => m.userId))) {
        throw problems.forbidden('You are conflicted (回避): a member of this team is in your department or below, or you are a member.');
      }
      if (task.status !== 'evaluating') throw problems.conflict(`Bids are scored while the task is being evaluated; it is "${task.status}".`);
      const evaluation = { evaluatorId: who.userId, evaluatorName: who.name, scores: input.scores, total: bidTotal(input.scores), comment: input.comment, at: new Date() };
      const bids = task.bids.map((b) => (b.id === bidId ? { ...b, evaluations: [...b.evaluations.filter((e) => e.evaluatorId !== who.userId), evaluation] } : b));
      return { set: { bids } };
    });
    const task = await this.load(taskId);
    return bidView(task, bidOf(task, bidId));
  }

  // ── the one way a task changes ─────────────────────────────────────────────────────────────────

  /** A lifecycle move (publisher only, as DOMAIN.md draws it) with its event. */
  private lifecycle(
    who: Caller,
    id: string,
    action: TaskAction,
    effects: (task: TaskDocument, now: Date) => { set?: Record<string, unknown>; push?: Record<string, unknown>; data?: Record<string, unknown> },
    comment = '',
    context: (task: TaskDocument) => TransitionContext = () => ({}),
  ): Promise<TaskView> {
    return this.change(who, id, (task) => {
      if (who !== SYSTEM_CALLER && !isPublisherOf(who, task)) throw problems.forbidden('Only a publisher of the task’s department drives its lifecycle.');
      // The state first: an action the task's state does not allow is a 409 whatever the request holds.
      const allowed = transition(task.status, action, context(task));
      if (!allowed.ok) throw problems.conflict(allowed.reason);
      const now = new Date();
      return this.moved(task, action, who, comment, now, effects(task, now), context(task));
    });
  }

  /** The change that moves a task by `action`, or the 409 that says why it cannot. */
  private moved(
    task: TaskDocument,
    action: TaskAction,
    who: Caller,
    comment: string,
    now: Date,
    effects: { set?: Record<string, unknown>; push?: Record<string, unknown>; data?: Record<string, unknown> },
    context: TransitionContext = {},
  ): TaskChange {
    const moved = transition(task.status, action, context);
    if (!moved.ok) throw problems.conflict(moved.reason);
    const version = task.version + 1;
    const subject = eventTypeFor(moved.to);
    const base: TaskTransitionBaseV1 = {
      taskId: task._id,
      version,
      status: moved.to,
      fromStatus: task.status,
      action,
      actorId: who.userId,
      batchId: task.batchId,
      title: task.title,
      domain: task.domain,
      flags: task.flags,
      rewardPoints: task.rewardPoints,
      allowRace: task.allowRace,
      publisherId: task.publisherId,
      departmentId: task.departmentId,
      departmentPath: task.departmentPath,
      biddingDeadline: iso(task.biddingDeadline)!,
      deliveryDeadline: iso(task.deliveryDeadline)!,
      createdAt: iso(task.createdAt)!,
      publishedAt: iso((effects.set?.publishedAt as Date | undefined) ?? task.publishedAt),
      occurredAt: now.toISOString(),
    };
    return {
      set: { ...effects.set, status: moved.to },
      push: { ...effects.push, history: historyEntry(action, task.status, moved.to, who, comment, version, now) },
      events: subject ? [{ subject, data: { ...base, ...effects.data } }] : [],
    };
  }

  /**
   * Read, decide, write one task under its lock, with the version it was read at in the filter; the events go
   * into the outbox by the same write. Answers the task as it now is.
   */
  private async change(who: Caller, id: string, decide: (task: TaskDocument) => TaskChange): Promise<TaskView> {
    const written = await this.relay.locks.run(this.tasks.collection.collectionName, id, async () => {
      const task = await this.visible(who, id);
      const change = decide(task);
      const outbox: OutboxEntry[] = (change.events ?? []).map((e) => outboxEntry(e.subject, createEnvelope(e.subject, 'tasks', e.data)));
      const push: Record<string, unknown> = { ...change.push };
      if (outbox.length) push.outbox = outbox.length === 1 ? outbox[0] : mongoose.trusted({ $each: outbox });
      const result = await this.tasks.updateOne(
        { _id: id, version: task.version },
        { $set: { ...change.set, version: task.version + 1, updatedAt: new Date() }, ...(Object.keys(push).length ? { $push: push } : {}) },
      );
      if (result.matchedCount === 0) throw problems.conflict('The task changed meanwhile; reload and try again.');
      return outbox;
    });
    if (written.length) void this.relay.notify(this.tasks, id, written);
    const task = await this.load(id);
    await this.writeCard(task);
    return taskView(task);
  }

  private async load(id: string): Promise<TaskDocument> {
    const task = await this.tasks.findById(id).lean<TaskDocument>();
    if (!task) throw problems.notFound('No such task.');
    return task;
  }

  /** A draft is the publishing department's business: to anyone else it does not exist. */
  private async visible(who: Caller, id: string): Promise<TaskDocument> {
    const task = await this.tasks.findById(id).lean<TaskDocument>();
    if (!task || (task.status === 'draft' && who !== SYSTEM_CALLER && !isPublisherOf(who, task))) throw problems.notFound('No such task.');
    return task;
  }

  private async batchOr(errors: ProblemFieldError[], batchId: string | undefined): Promise<BatchDocument | undefined> {
    if (!isId(batchId)) return undefined;
    const batch = await this.batches.findById(batchId).lean<BatchDocument>();
    if (!batch) errors.push({ path: 'batchId', message: 'is not a task batch' });
    return batch ?? undefined;
  }

  /** The assigned evaluators as the directory knows them; each must hold the evaluator role. */
  private async evaluatorsOr(errors: ProblemFieldError[], ids: unknown): Promise<TaskDocument['evaluators']> {
    if (!Array.isArray(ids)) return [];
    const found = await Promise.all(
      ids.map(async (id, index) => {
        if (!isId(id)) return undefined;
        const user = await this.directory.user(id);
        if (!user || !user.active) errors.push({ path: `evaluatorIds.${index}`, message: 'is not a known user' });
        else if (!user.roles.includes('evaluator')) errors.push({ path: `evaluatorIds.${index}`, message: 'does not hold the evaluator role' });
        else return { userId: user._id, name: user.name, departmentPath: user.departmentPath };
        return undefined;
      }),
    );
    return found.filter((e): e is TaskDocument['evaluators'][number] => e !== undefined);
  }
}

// ── rules without I/O ────────────────────────────────────────────────────────────────────────────

function requirePublisher(caller: Caller | undefined): Caller {
  const who = requireCaller(caller);
  if (!who.roles.includes('publisher')) throw problems.forbidden('Only a publisher (发榜单位) may do this.');
  return who;
}

/** A publisher acts on the tasks of their department subtree. */
export function isPublisherOf(who: Caller, task: Pick<TaskDocument, 'departmentPath'>): boolean {
  return who.roles.includes('publisher') && task.departmentPath.includes(who.departmentId);
}

function awardedBidOf(task: TaskDocument, userId: string): BidEntry | undefined {
  return task.bids.find((b) => task.award?.bidIds.includes(b.id) && b.members.some((m) => m.userId === userId));
}

function bidOf(task: TaskDocument, bidId: string): BidEntry {
  const bid = task.bids.find((b) => b.id === bidId);
  if (!bid) throw problems.notFound('No such bid.');
  return bid;
}

/** Bid ids are `<taskId>_<n>`. */
function taskIdOfBid(bidId: string): string {
  const taskId = bidId.split('_')[0];
  if (!taskId || taskId === bidId) throw problems.notFound('No such bid.');
  return taskId;
}



function commentOf(payload: unknown): string {
  const body = validate(z.strictObject({ comment: z.string().trim().max(2000, 'must be at most 2,000 characters').default('') }), withoutId(payload));
  return body.comment;
}

function futureDeadline(errors: ProblemFieldError[], value: unknown) {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value)) && Date.parse(value) <= Date.now()) {
    errors.push({ path: 'biddingDeadline', message: 'must be in the future' });
  }
}

function dedupe(errors: ProblemFieldError[]): ProblemFieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(`${e.path}|${e.message}`) && seen.add(`${e.path}|${e.message}`));
}

function pick<T extends object>(value: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined).map((key) => [key, (value as Record<string, unknown>)[key]]));
}

function historyEntry(action: string, from: TaskStatus | null, to: TaskStatus, who: Caller, comment: string, version: number, at: Date) {
  return { action, from, to, actorId: who.userId, actorName: who.name, at, comment, version };
}

function iso(value: Date | string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
