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
    const rows = await this.model.find({}, { _id: 1, version: 1, description: 1 }).lean<{ _id: string; version: number; description?: string }[]>();
    const cards = new Map(rows.map((c) => [c._id, c]));
    let repaired = 0;
    for await (const task of this.tasks.find({}, { bids: 0, history: 0, outbox: 0 }).lean<TaskDocument>().cursor()) {
      const card = cards.get(task._id);
      if (card && card.version >= task.version) {
        if (card.description !== undefined) continue;
        // A card written before the board searched descriptions: the same version, only the description added.
        await this.model.updateOne({ _id: task._id, version: task.version }, { $set: { description: task.description } });
      } else {
        await this.write(task);
      }
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
      description: task.description,
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
