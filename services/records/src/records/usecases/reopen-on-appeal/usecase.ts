import { Inject, Injectable } from '@nestjs/common';
import { DirectoryReplica } from '@cadre/directory';
import type { RecordDocument } from '../../record.schema';
import { RECORD_STORE, type RecordStore } from '../../record-store';
import { appealReopens, isUpheldRejection } from '../../domain/appeals';
import { appealReopenChange } from '../../domain/record-changes';
import type { ReopenOnAppealCommand } from './command';

/** Who the history names when the directory does not know the deciding assessor (never an id). */
const UNKNOWN_DECIDER = '研判员';

/**
 * An upheld appeal of a rejected record reopens it (domain/appeals.ts): `reviewed`, back with the assessors, by the
 * assessor who decided the appeal (named from the directory replica), announced as `records.record.reopened`. A
 * redelivered decision, a record no longer rejected, or one this service does not hold changes nothing. Answers
 * whether the record was reopened.
 */
@Injectable()
export class ReopenOnAppealUseCase {
  constructor(
    @Inject(RECORD_STORE) private readonly store: RecordStore,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute({ appeal }: ReopenOnAppealCommand): Promise<boolean> {
    if (!isUpheldRejection(appeal)) return false;
    // Read once without the lock: a redelivery (or an unknown record) ends here, before any name is looked up.
    const seen = await this.store.model.findById(appeal.subjectId).lean<RecordDocument>();
    if (!seen || !appealReopens(appeal, seen)) return false;
    const deciderId = appeal.decidedBy ?? '';
    const decider = deciderId ? await this.directory.user(deciderId) : null;
    const who = { userId: deciderId, name: decider?.name ?? UNKNOWN_DECIDER };
    const { written } = await this.store.change(appeal.subjectId, (record) => (appealReopens(appeal, record) ? appealReopenChange(record, appeal, who, new Date()) : null));
    return written.length > 0;
  }
}
