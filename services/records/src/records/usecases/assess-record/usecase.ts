import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { mayAssess } from '../../domain/access';
import { sharesBlock } from '../../domain/shares';
import type { AssessRecordCommand } from './command';

/**
 * An assessor confirms a reviewed record with a rating (verified) or returns it to the filer (研判). Confirmation, like
 * approval, waits for every share to be confirmed: a share disputed since the review (or a reopened record's) stops it.
 */
@Injectable()
export class AssessRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  execute({ caller, id, action, comment, assessment }: AssessRecordCommand): Promise<RecordDetailView> {
    const block = action === 'assess:confirm' ? (record: { participants: Parameters<typeof sharesBlock>[0] }) => sharesBlock(record.participants) : undefined;
    return this.transitions.apply({ who: caller, id, action, comment, assessment, authorise: mayAssess, block });
  }
}
