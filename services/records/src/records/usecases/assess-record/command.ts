import { assessInput, type Caller, type RpcRequest } from '@cadre/contracts';
import { problems, requireCaller, validate } from '@cadre/platform';
import type { RecordAction } from '../../domain/workflow';
import type { Assessment } from '../../domain/record-changes';
import { recordPayload } from '../record-payload';

export interface AssessRecordCommand {
  caller: Caller;
  id: string;
  action: Extract<RecordAction, `assess:${string}`>;
  comment: string;
  /** With a confirmation only: the rating, and the impact level when the assessor corrects the claimed one. */
  assessment: Assessment;
}

export function assessRecordCommand(request: RpcRequest): AssessRecordCommand {
  const { id, body } = recordPayload(request.payload);
  const input = validate(assessInput, body);
  const { decision, rating, impactLevel } = input;
  if (decision === 'confirm' && !rating) throw problems.invalid([{ path: 'rating', message: 'is required to confirm' }]);
  if (decision === 'return' && (rating || impactLevel)) {
    throw problems.invalid([{ path: rating ? 'rating' : 'impactLevel', message: 'only goes with confirm' }]);
  }
  const assessment = decision === 'confirm' ? { rating, confirmedImpactLevel: impactLevel } : {};
  return { caller: requireCaller(request.caller), id, action: `assess:${decision}`, comment: input.comment, assessment };
}
