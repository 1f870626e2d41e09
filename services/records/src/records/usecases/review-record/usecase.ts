import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { mayReview } from '../../domain/access';
import type { ReviewRecordCommand } from './command';

/** A reviewer of the filer's department subtree approves, returns or rejects a submitted record (审核). */
@Injectable()
export class ReviewRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  execute({ caller, id, action, comment }: ReviewRecordCommand): Promise<RecordDetailView> {
    return this.transitions.apply({ who: caller, id, action, comment, authorise: mayReview });
  }
}
