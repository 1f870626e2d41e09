import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RECORD_STORE, visibleRecord, type RecordStore } from '../../record-store';
import { detailView } from '../../record-view';
import type { GetRecordCommand } from './command';

/** One record with its history, for a caller who may see it (otherwise 404). */
@Injectable()
export class GetRecordUseCase {
  constructor(@Inject(RECORD_STORE) private readonly store: RecordStore) {}

  async execute({ caller, id }: GetRecordCommand): Promise<RecordDetailView> {
    return detailView(await visibleRecord(this.store, caller, id));
  }
}
