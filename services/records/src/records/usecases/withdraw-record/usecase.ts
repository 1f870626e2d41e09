import { Inject, Injectable } from '@nestjs/common';
import type { RecordDetailView } from '@cadre/contracts';
import { RecordTransitions } from '../../record-transitions';
import { mayWithdraw } from '../../domain/access';
import type { WithdrawRecordCommand } from './command';

/** The filer takes a submitted record back to draft before the reviewer acts (撤回); the history keeps it. */
@Injectable()
export class WithdrawRecordUseCase {
  constructor(@Inject(RecordTransitions) private readonly transitions: RecordTransitions) {}

  execute({ caller, id, comment }: WithdrawRecordCommand): Promise<RecordDetailView> {
    return this.transitions.apply({ who: caller, id, action: 'withdraw', comment, authorise: mayWithdraw });
  }
}
