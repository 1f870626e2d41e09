import { z } from 'zod';
import { SELECTION_LIMITS, drawnCandidateSchema, isId } from '@cadre/contracts';
import { problems, validate } from '@cadre/platform';

type Ids = { roundId?: unknown; candidateId?: unknown; objectionId?: unknown; body?: unknown };

/** An id of the payload, or the 404 a malformed one gets (it cannot name anything that exists). */
export function idOf(payload: unknown, key: 'roundId' | 'candidateId' | 'objectionId'): string {
  const value = ((payload ?? {}) as Ids)[key];
  if (!isId(value)) throw problems.notFound(key === 'roundId' ? '没有这个选任工作' : key === 'candidateId' ? '该对象不是本次选任的考察对象' : '没有这条异议');
  return value;
}

export const bodyOf = (payload: unknown): unknown => ((payload ?? {}) as Ids).body ?? {};

/** `rpc.selection.round.draw`: the frozen candidates the gateway composed. */
const drawPayload = z.strictObject({
  roundId: z.string(),
  source: z.enum(['shortlist', 'applications']).default('shortlist'),
  candidates: z.array(drawnCandidateSchema).max(SELECTION_LIMITS.maxCandidates),
});
export type DrawCommand = z.infer<typeof drawPayload>;

export function drawCommand(payload: unknown): DrawCommand {
  idOf(payload, 'roundId');
  return validate(drawPayload, payload ?? {});
}
