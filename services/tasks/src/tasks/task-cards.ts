import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import { isDuplicateKeyError } from '@cadre/platform';
import { TASK_CARD_MODEL, TASK_MODEL, type TaskCardDocument, type TaskDocument } from './task.schema';

/**
 * The board's rows (`task_cards`), kept beside the tasks: written after each change of a task, only forward
 * (by version), and brought up to date at start for any a crash between the two writes left behind.
 */
@Injectable()
export class TaskCards {
  constructor(
    @Inject(TASK_CARD_MODEL) readonly model: Model<TaskCardDocument>,
    @Inject(TASK_MODEL) private readonly tasks: Model<TaskDocument>,
  ) {}

  /** Brings every card up to its task; answers how many it wrote. */
  async repair(): Promise<number> {
    const cards = new Map((await this.model.find({}, { _id: 1, version: 1 }).lean<{ _id: string; version: number }[]>()).map((c) => [c._id, c.version]));
    let repaired = 0;
    for await (const task of this.tasks.find({}, { bids: 0, history: 0, outbox: 0 }).lean<TaskDocument>().cursor()) {
      if ((cards.get(task._id) ?? 0) >= task.version) continue;
      await this.write(task);
      repaired++;
    }
    return repaired;
  }

  /** Writes a task's card unless a newer one is there already. */
  async write(task: Omit<TaskDocument, 'bids'>): Promise<void> {
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
      await this.model.replaceOne({ _id: task._id, version: mongoose.trusted({ $lt: task.version }) }, card, { upsert: true });
    } catch (error) {
      // The upsert met a card at the same or a newer version: nothing to do.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
