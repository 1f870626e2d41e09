/**
 * How the notifications service consumes its events: the events of one record, task, team, appraisal, appeal, application or selection round in stream order (an
 * item's version guard makes order across objects irrelevant), 4 at a time otherwise.
 */
export const NOTIFICATIONS_CONSUMER = {
  durable: 'notifications',
  concurrency: 4,
  orderKey: (data: unknown): string | undefined => {
    const { recordId, taskId, teamId, cadreId, appraisalId, appealId, applicationId, roundId } = (data ?? {}) as Record<string, unknown>;
    if (typeof recordId === 'string') return `record:${recordId}`;
    if (typeof appraisalId === 'string') return `appraisal:${appraisalId}`;
    if (typeof appealId === 'string') return `appeal:${appealId}`;
    if (typeof applicationId === 'string') return `application:${applicationId}`;
    // A round's events and its objections (guarded by the round's version) in the round's order.
    if (typeof roundId === 'string') return `round:${roundId}`;
    if (typeof taskId === 'string') return `task:${taskId}`;
    if (typeof teamId === 'string') return `team:${teamId}`;
    if (typeof cadreId === 'string') return `cadre:${cadreId}`;
    return undefined;
  },
};
