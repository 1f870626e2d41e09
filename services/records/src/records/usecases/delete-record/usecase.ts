import { Inject, Injectable } from '@nestjs/common';
import type { RecordStatus } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { mayDelete } from '../../domain/access';
import { deletion } from '../../domain/workflow';
import type { DeleteRecordCommand } from './command';

/**
 * The filer deletes a draft: never submitted, it is gone (404 from then on); submitted before, it is kept with its
 * history as `discarded`. `records.record.deleted` tells consumers to drop it.
 */
@Injectable()
export class DeleteRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  async execute({ caller, id }: DeleteRecordCommand): Promise<{ id: string; status: string }> {
    const after = await this.transitions.apply({
      who: caller,
      id,
      action: 'delete',
      comment: '',
      authorise: mayDelete,
      move: (record) => deletion(record.status as RecordStatus, record.submittedAt !== null),
    });
    return { id, status: after.status };
  }
}
