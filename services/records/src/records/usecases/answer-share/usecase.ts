import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView, RecordStatus } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { RECORD_STORE, visibleRecord, type RecordStore } from '../../record-store';
import { detailView } from '../../record-view';
import { mayAnswerShare } from '../../domain/access';
import { isFinal } from '../../domain/workflow';
import { shareAnswerChange } from '../../domain/record-changes';
import type { AnswerShareCommand } from './command';

/** A co-participant confirms or disputes their share (the filer's share is theirs to edit); no event. */
@Injectable()
export class AnswerShareUseCase {
  constructor(@Inject(RECORD_STORE) private readonly store: RecordStore) {}

  async execute({ caller: who, id, answer }: AnswerShareCommand): Promise<RecordDetailView> {
    await this.store.change(
      id,
      (record) => {
        const decision = mayAnswerShare(who, record);
        if (!decision.allowed) throw problems.forbidden(decision.reason);
        if (isFinal(record.status as RecordStatus)) throw problems.conflict(`The record is "${record.status}".`);
        return shareAnswerChange(record, who, answer, new Date());
      },
      { load: (key) => visibleRecord(this.store, who, key) },
    );
    return detailView(await visibleRecord(this.store, who, id));
  }
}
