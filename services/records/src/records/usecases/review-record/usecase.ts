import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { mayReview } from '../../domain/access';
import { sharesBlock } from '../../domain/shares';
import type { ReviewRecordCommand } from './command';

/**
 * A reviewer of the filer's department subtree approves, returns or rejects a submitted record (审核). Approval waits
 * until every co-participant has confirmed their share (409 naming who has not, or who disputes).
 */
@Injectable()
export class ReviewRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  execute({ caller, id, action, comment }: ReviewRecordCommand): Promise<RecordDetailView> {
    const block = action === 'review:approve' ? (record: { participants: Parameters<typeof sharesBlock>[0] }) => sharesBlock(record.participants) : undefined;
    return this.transitions.apply({ who: caller, id, action, comment, authorise: mayReview, block });
  }
}
