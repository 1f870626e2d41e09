import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { maySubmit } from '../../domain/access';
import type { SubmitRecordCommand } from './command';

/** The filer submits a draft (报送); other records with the same evidence (any filer's, the filer's own included) are flagged both ways. */
@Injectable()
export class SubmitRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  execute({ caller, id }: SubmitRecordCommand): Promise<RecordDetailView> {
    return this.transitions.apply({ who: caller, id, action: 'submit', comment: '', authorise: maySubmit });
  }
}
