/**
 * How scoring consumes its events. A record's, a task's or an appraisal's events are handled in stream order (a
 * revocation after its verification, a grade's return after its confirmation); different sources' events run side by side, 4 at a time: each writes its own
 * ledger entries (keyed by source), each cadre's ledger document is merged under its lock, and totals are derived
 * from the ledger afterwards, so nothing depends on order across them. One at a time, scoring fell behind a
 * deadline-day burst (190 verifications waiting 33 s after the fault test's last restart at 1,000 approvals).
 */
export const SCORING_CONSUMER = {
  concurrency: 4,
  orderKey: (data: unknown): string | undefined => {
    const { recordId, taskId, appraisalId } = (data ?? {}) as { recordId?: unknown; taskId?: unknown; appraisalId?: unknown };
    if (typeof recordId === 'string') return `record:${recordId}`;
    if (typeof taskId === 'string') return `task:${taskId}`;
    if (typeof appraisalId === 'string') return `appraisal:${appraisalId}`;
    return undefined;
  },
};
