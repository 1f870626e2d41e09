import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { RECORD_STORE, visibleRecord, type RecordStore } from '../../record-store';
import { detailView } from '../../record-view';
import { mayAnswerShare } from '../../domain/access';
import { shareAnswer } from '../../domain/shares';
import type { StoredStatus } from '../../domain/workflow';
import { DISPUTE_WINDOW_DAYS } from '../../record-config';
import { shareAnswerChange } from '../../domain/record-changes';
import type { AnswerShareCommand } from './command';

/**
 * A co-participant confirms or disputes their share (the filer's share is theirs to edit), announced as
 * `records.record.share_answered`; a dispute of a verified record reopens it instead (`records.record.reopened`,
 * domain/shares.ts).
 */
@Injectable()
export class AnswerShareUseCase {
  constructor(
    @Inject(RECORD_STORE) private readonly store: RecordStore,
    @Inject(DISPUTE_WINDOW_DAYS) private readonly windowDays: number,
  ) {}

  async execute({ caller: who, id, answer }: AnswerShareCommand): Promise<RecordDetailView> {
    await this.store.change(
      id,
      (record) => {
        const decision = mayAnswerShare(who, record);
        if (!decision.allowed) throw problems.forbidden(decision.reason);
        const now = new Date();
        const outcome = shareAnswer({ status: record.status as StoredStatus, verifiedAt: record.verifiedAt }, answer, now, this.windowDays);
        if (!outcome.ok) throw outcome.status === 400 ? problems.invalid(outcome.errors) : problems.conflict(outcome.reason);
        return shareAnswerChange(record, who, answer, now, outcome.reopen);
      },
      { load: (key) => visibleRecord(this.store, who, key) },
    );
    return detailView(await visibleRecord(this.store, who, id));
  }
}
