/**
 * How the notifications service consumes its events: the events of one record, task, team or appraisal in stream order (an
 * item's version guard makes order across objects irrelevant), 4 at a time otherwise.
 */
export const NOTIFICATIONS_CONSUMER = {
  durable: 'notifications',
  concurrency: 4,
  orderKey: (data: unknown): string | undefined => {
    const { recordId, taskId, teamId, cadreId, appraisalId } = (data ?? {}) as { recordId?: unknown; taskId?: unknown; teamId?: unknown; cadreId?: unknown; appraisalId?: unknown };
    if (typeof recordId === 'string') return `record:${recordId}`;
    if (typeof appraisalId === 'string') return `appraisal:${appraisalId}`;
    if (typeof taskId === 'string') return `task:${taskId}`;
    if (typeof teamId === 'string') return `team:${teamId}`;
    if (typeof cadreId === 'string') return `cadre:${cadreId}`;
    return undefined;
  },
};
