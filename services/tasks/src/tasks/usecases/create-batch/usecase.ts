import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { TaskBatchView } from '@cadre/contracts';
import { BATCH_MODEL, type BatchDocument } from '../../task.schema';
import { batchView } from '../../views';
import type { CreateBatchCommand } from './command';

/** A batch (批次) groups the tasks published together; it has no lifecycle and no events. */
@Injectable()
export class CreateBatchUseCase {
  constructor(@Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>) {}

  async execute({ who, input }: CreateBatchCommand): Promise<TaskBatchView> {
    const batch: BatchDocument = { _id: randomUUID(), name: input.name, description: input.description, createdBy: who.userId, departmentId: who.departmentId, createdAt: new Date() };
    await this.batches.create(batch);
    return batchView(batch);
  }
}
