import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { mayRevoke } from '../../domain/access';
import type { RevokeRecordCommand } from './command';

/** An administrator revokes a verified record, with the reason in its history; scoring takes its points back. */
@Injectable()
export class RevokeRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  execute({ caller, id, reason }: RevokeRecordCommand): Promise<RecordDetailView> {
    return this.transitions.apply({ who: caller, id, action: 'revoke', comment: reason, authorise: mayRevoke });
  }
}
