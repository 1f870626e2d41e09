import { createRecordInput, type Caller, type CreateRecordInput, type RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';
import type { People, RecordRules } from '../../record-rules';

export interface CreateRecordCommand {
  caller: Caller;
  /** The draft as sent: parsed once the caller may file (403 before 400). */
  draft: unknown;
}

export function createRecordCommand(request: RpcRequest): CreateRecordCommand {
  return { caller: requireCaller(request.caller), draft: request.payload };
}

/** The draft by the contract's schema and the data rules in one pass, so one 400 names every offending field. */
export function parseDraft(rules: RecordRules, draft: unknown, filerId: string, taxonomyVersion: number, people: People): Promise<CreateRecordInput> {
  return rules.parse(createRecordInput, draft, filerId, taxonomyVersion, people);
}
