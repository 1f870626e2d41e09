import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { Page, TaskBatchView } from '@cadre/contracts';
import { BATCH_MODEL, type BatchDocument } from '../../task.schema';
import { batchView } from '../../views';
import type { ListBatchesCommand } from './command';

@Injectable()
export class ListBatchesUseCase {
  constructor(@Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>) {}

  async execute({ page, pageSize }: ListBatchesCommand): Promise<Page<TaskBatchView>> {
    const [total, rows] = await Promise.all([
      this.batches.countDocuments({}),
      this.batches.find({}).sort({ createdAt: 1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<BatchDocument[]>(),
    ]);
    return { items: rows.map(batchView), total, page, pageSize };
  }
}
