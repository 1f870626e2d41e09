import { idFrom } from '@cadre/platform';

/** A request about one record: its id (a malformed one names nothing: 404) and the body beside it. */
export function recordPayload(payload: unknown): { id: string; body: Record<string, unknown> } {
  const { id, ...body } = (payload ?? {}) as Record<string, unknown>;
  return { id: idFrom({ id }, 'record'), body };
}
