import { createRecordInput, type Caller, type CreateRecordInput, type RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';
import type { People, RecordRules } from '../../record-rules';
import type { EvidenceFiles } from '../../../files/evidence-files';

export interface CreateRecordCommand {
  caller: Caller;
  /** The draft as sent: parsed once the caller may file (403 before 400). */
  draft: unknown;
}

export function createRecordCommand(request: RpcRequest): CreateRecordCommand {
  return { caller: requireCaller(request.caller), draft: request.payload };
}

/** The draft by the contract's schema, the data rules and the evidence files in one pass, so one 400 names every offending field. */
export async function parseDraft(
  rules: RecordRules,
  evidence: EvidenceFiles,
  draft: unknown,
  filerId: string,
  taxonomyVersion: number,
  people: People,
): Promise<CreateRecordInput> {
  const evidenceErrors = await evidence.problems(filerId, (draft as { evidence?: unknown } | null)?.evidence);
  return evidence.parsedWith(rules.parse(createRecordInput, draft, filerId, taxonomyVersion, people), evidenceErrors);
}
