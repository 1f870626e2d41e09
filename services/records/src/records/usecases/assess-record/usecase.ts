import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { mayAssess } from '../../domain/access';
import type { AssessRecordCommand } from './command';

/** An assessor confirms a reviewed record with a rating (verified) or returns it to the filer (研判). */
@Injectable()
export class AssessRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  execute({ caller, id, action, comment, assessment }: AssessRecordCommand): Promise<RecordDetailView> {
    return this.transitions.apply({ who: caller, id, action, comment, assessment, authorise: mayAssess });
  }
}
