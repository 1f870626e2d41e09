import { Inject, Injectable } from '@nestjs/common';
import type { RecordStatus } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { EvidenceFiles } from '../../../files/evidence-files';
import { mayDelete } from '../../domain/access';
import { deletion } from '../../domain/workflow';
import type { DeleteRecordCommand } from './command';

/**
 * The filer deletes a draft: never submitted, it is gone (404 from then on); submitted before, it is kept with its
 * history as `discarded`. `records.record.deleted` tells consumers to drop it.
 */
@Injectable()
export class DeleteRecordUseCase {
  constructor(
    @Inject(RecordTransitions) private readonly transitions: RecordTransitions,
    @Inject(EvidenceFiles) private readonly evidenceFiles: EvidenceFiles,
  ) {}

  async execute({ caller, id }: DeleteRecordCommand): Promise<{ id: string; status: string }> {
    const after = await this.transitions.apply({
      who: caller,
      id,
      action: 'delete',
      comment: '',
      authorise: mayDelete,
      move: (record) => deletion(record.status as RecordStatus, record.submittedAt !== null),
    });
    // A record that is gone holds its evidence no more: pending again, the cleanup removes it (a discarded one keeps it).
    if ((after.status as string) === 'deleted') await this.evidenceFiles.release(id, after.evidence.flatMap((e) => (e.fileId ? [e.fileId] : [])));
    return { id, status: after.status };
  }
}
