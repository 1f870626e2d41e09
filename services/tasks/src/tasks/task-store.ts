import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { Caller } from '@cadre/contracts';
import { AggregateStore, OutboxRelay, type AggregateChange } from '@cadre/messaging';
import { TASK_MODEL, type TaskDocument } from './task.schema';
import { TaskCards } from './task-cards';
import { requireVisible } from './domain/access';

/**
 * The one way a task is written: through the aggregate store (load as the caller may see it, decide, one write
 * with its events), then its card.
 */
@Injectable()
export class TaskStore {
  private readonly store: AggregateStore<TaskDocument>;

  constructor(
    @Inject(TASK_MODEL) private readonly model: Model<TaskDocument>,
    @Inject(OutboxRelay) relay: OutboxRelay,
    @Inject(TaskCards) private readonly cards: TaskCards,
  ) {
    this.store = new AggregateStore(model, relay, { producer: 'tasks', touch: () => ({ updatedAt: new Date() }), notFound: 'No such task.' });
  }

  /** The task as `who` may see it: a draft of another department is a 404, like a task that does not exist. */
  async visible(who: Caller, id: string): Promise<TaskDocument> {
    return requireVisible(who, await this.model.findById(id).lean<TaskDocument>());
  }

  async create(task: TaskDocument): Promise<TaskDocument> {
    await this.store.create(task);
    await this.cards.write(task);
    return task;
  }

  /** Changes one task as `who` sees it by a pure decision (see AggregateStore.change); answers the task as written. */
  async change(who: Caller, id: string, decide: (task: TaskDocument) => AggregateChange | null): Promise<TaskDocument> {
    const { after } = await this.store.change(id, decide, { load: (key) => this.visible(who, key) });
    await this.cards.write(after);
    return after;
  }

  /** Status and bidding deadline of a task, without the rest (null when there is none). */
  deadlineOf(id: string): Promise<Pick<TaskDocument, 'status' | 'biddingDeadline'> | null> {
    return this.model.findById(id, { status: 1, biddingDeadline: 1 }).lean<Pick<TaskDocument, 'status' | 'biddingDeadline'>>();
  }

  /** Open tasks whose bidding deadline has passed: what the deadline sweep closes. */
  async overdueTaskIds(now = new Date(), limit = 500): Promise<string[]> {
    const rows = await this.model.find({ status: 'open', biddingDeadline: mongoose.trusted({ $lte: now }) }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>();
    return rows.map((row) => row._id);
  }

  async openTasksWithDeadlines(): Promise<{ id: string; biddingDeadline: Date }[]> {
    const rows = await this.model.find({ status: 'open' }, { _id: 1, biddingDeadline: 1 }).lean<{ _id: string; biddingDeadline: Date }[]>();
    return rows.map((row) => ({ id: row._id, biddingDeadline: new Date(row.biddingDeadline) }));
  }
}
