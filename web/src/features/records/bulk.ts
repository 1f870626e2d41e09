import type { RecordDetailView } from '@cadre/contracts';
import { ApiError } from '../../api/client';
import type { MessageKey } from '../../i18n/i18n';
import { sharesSettled } from './rules';

/** How many decisions are in flight at once in a bulk decision. */
export const BULK_CONCURRENCY = 3;

export type BulkOutcome<T> = { item: T; ok: true } | { item: T; ok: false; error: unknown };

/**
 * Runs `task` for every item, at most `limit` at a time, each on its own (one failing stops none); answers the
 * outcomes in the items' order. `onSettled` counts them as they finish.
 */
export async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>, onSettled?: (done: number) => void): Promise<BulkOutcome<T>[]> {
  const outcomes: BulkOutcome<T>[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      try {
        await task(item);
        outcomes[index] = { item, ok: true };
      } catch (error) {
        outcomes[index] = { item, ok: false, error };
      }
      onSettled?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return outcomes;
}

export type BulkDecision = 'approve' | 'return' | 'confirm';

/**
 * Why a record's decision failed, in words: a 409 on approval or verification of a record whose shares are not all
 * confirmed is that; any other 409 is a state that moved on; the rest say what their status means.
 */
export function failureReason(
  error: unknown,
  record: Pick<RecordDetailView, 'participants'>,
  decision: BulkDecision,
  t: (key: MessageKey, values?: Record<string, string | number>) => string,
): string {
  const status = error instanceof ApiError ? error.status : 500;
  if (status === 409) return decision !== 'return' && !sharesSettled(record) ? t('records.bulk.reason.shares') : t('records.bulk.reason.moved');
  if (status === 400 && error instanceof ApiError) {
    const fields = (error.problem.errors ?? []).map((e) => e.path).filter(Boolean);
    return fields.length ? `${t('error.400')}（${fields.join('、')}）` : t('error.400');
  }
  return t(`error.${[0, 403, 404, 429, 503].includes(status) ? status : 500}` as MessageKey);
}

/** The request of one record's decision in a bulk: the queue (review/assess) and its body. */
export function bulkRequest(
  kind: 'review' | 'assess',
  record: Pick<RecordDetailView, 'id' | 'impactLevel'>,
  values: { decision: BulkDecision; comment: string; rating?: string; impactLevel?: string },
): { path: string; body: Record<string, unknown> } {
  const comment = values.comment.trim();
  if (kind === 'review') return { path: `/records/${record.id}/review`, body: { decision: values.decision, comment } };
  return {
    path: `/records/${record.id}/assess`,
    body:
      values.decision === 'confirm'
        ? { decision: 'confirm', rating: values.rating, impactLevel: values.impactLevel || record.impactLevel, comment }
        : { decision: 'return', comment },
  };
}
