import { Inject, Injectable } from '@nestjs/common';
import type { Caller, RecordDetailView, RecordStatus } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { RecordDocument } from './record.schema';
import { RECORD_STORE, visibleRecord, type RecordStore } from './record-store';
import { DuplicateEvidence } from './duplicate-evidence';
import { detailView } from './record-view';
import type { Decision } from './domain/access';
import { transition, type RecordAction, type TransitionResult } from './domain/workflow';
import { transitionChange, type Assessment } from './domain/record-changes';

/** One step of the closed loop 报送 → 审核 → 研判 on one record, as a use case asks for it. */
export interface TransitionRequest {
  who: Caller;
  id: string;
  action: RecordAction;
  comment: string;
  /** The access rule of this step (domain/access.ts). */
  authorise: (who: Caller, record: RecordDocument) => Decision;
  assessment?: Assessment;
  /** Why the step cannot go ahead although the state machine allows it (409), or nothing: unconfirmed shares. */
  block?: (record: RecordDocument) => string | undefined;
  /** Where the step takes the record, when not the state machine's one target (a deletion). */
  move?: (record: RecordDocument) => TransitionResult;
}

/**
 * The write every workflow step shares: read the record the caller may see (404), check the step's access rule
 * (403) and the state machine (409), then one change with its history line and event. A submission also
 * flags duplicate evidence, and answers only once the other records carry the flag.
 */
@Injectable()
export class RecordTransitions {
  constructor(
    @Inject(RECORD_STORE) private readonly store: RecordStore,
    @Inject(DuplicateEvidence) private readonly duplicates: DuplicateEvidence,
  ) {}

  async apply(step: TransitionRequest): Promise<RecordDetailView> {
    const { who, action } = step;
    const { after } = await this.store.change(
      step.id,
      async (record) => {
        const decision = step.authorise(who, record);
        if (!decision.allowed) throw problems.forbidden(decision.reason);
        const moved = step.move ? step.move(record) : transition(record.status as RecordStatus, action as Exclude<RecordAction, 'delete'>);
        if (!moved.ok) throw problems.conflict(moved.reason);
        const blocked = step.block?.(record);
        if (blocked) throw problems.conflict(blocked);
        const flags = action === 'submit' ? await this.duplicates.flags(record.evidenceHashes, record._id) : undefined;
        return transitionChange(record, { action, to: moved.to, who, comment: step.comment, assessment: step.assessment, flags, now: new Date() });
      },
      { load: (id) => visibleRecord(this.store, who, id) },
    );
    await this.duplicates.settled(step.id);
    return detailView(after);
  }
}
