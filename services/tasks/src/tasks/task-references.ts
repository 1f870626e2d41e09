import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { isId, type ProblemFieldError } from '@cadre/contracts';
import { DirectoryReplica } from '@cadre/directory';
import { BATCH_MODEL, type BatchDocument } from './task.schema';
import { isEvaluator } from './domain/access';
import type { AssignedEvaluator } from './domain/drafts';

/** What a task's input names elsewhere: its batch, its evaluators (from the directory replica). Problems go into `errors`. */
@Injectable()
export class TaskReferences {
  constructor(
    @Inject(BATCH_MODEL) private readonly batches: Model<BatchDocument>,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async batch(errors: ProblemFieldError[], batchId: unknown): Promise<BatchDocument | undefined> {
    if (!isId(batchId)) return undefined;
    const batch = await this.batches.findById(batchId).lean<BatchDocument>();
    if (!batch) errors.push({ path: 'batchId', message: 'is not a task batch' });
    return batch ?? undefined;
  }

  /** The assigned evaluators as the directory knows them; each must hold the evaluator role. */
  async evaluators(errors: ProblemFieldError[], ids: unknown): Promise<AssignedEvaluator[]> {
    if (!Array.isArray(ids)) return [];
    const found = await Promise.all(
      ids.map(async (id, index) => {
        if (!isId(id)) return undefined;
        const user = await this.directory.user(id);
        if (!user || !user.active) errors.push({ path: `evaluatorIds.${index}`, message: 'is not a known user' });
        else if (!isEvaluator(user)) errors.push({ path: `evaluatorIds.${index}`, message: 'does not hold the evaluator role' });
        else return { userId: user._id, name: user.name, departmentPath: user.departmentPath };
        return undefined;
      }),
    );
    return found.filter((e): e is AssignedEvaluator => e !== undefined);
  }
}
