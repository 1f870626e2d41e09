import { updateRecordInput, type Caller, type RpcRequest, type UpdateRecordInput } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';
import type { RecordRules } from '../../record-rules';
import { recordPayload } from '../record-payload';
import type { EvidenceFiles } from '../../../files/evidence-files';

export interface UpdateRecordCommand {
  caller: Caller;
  id: string;
  /** The edit as sent (with the version the client read). */
  edit: Record<string, unknown>;
}

export function updateRecordCommand(request: RpcRequest): UpdateRecordCommand {
  const caller = requireCaller(request.caller);
  const { id, body } = recordPayload(request.payload);
  return { caller, id, edit: body };
}

/**
 * The edit by the contract's schema. One the schema refuses is checked against the data rules as well (under
 * the taxonomy version the record was filed under), so one 400 names every offending field; a well-formed
 * edit meets the data rules once the record is read.
 */
export async function parseEdit(
  rules: RecordRules,
  evidence: EvidenceFiles,
  edit: Record<string, unknown>,
  filer: { userId: string; recordId: string },
  filedUnder: () => Promise<number | undefined>,
): Promise<UpdateRecordInput> {
  const evidenceErrors = await evidence.problems(filer.userId, edit.evidence, filer.recordId);
  const parsed = updateRecordInput.safeParse(edit);
  if (parsed.success) return evidence.parsedWith(Promise.resolve(parsed.data), evidenceErrors);
  return evidence.parsedWith(rules.parse(updateRecordInput, edit, filer.userId, await filedUnder()), evidenceErrors);
}
