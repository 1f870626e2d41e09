import type { Caller, TaskStatus } from '@cadre/contracts';
import type { TaskDocument } from '../task.schema';

export type HistoryEntry = TaskDocument['history'][number];

/** One line of a task's history: what was done, from which status to which, by whom, at which version. */
export function historyEntry(action: string, from: TaskStatus | null, to: TaskStatus, who: Pick<Caller, 'userId' | 'name'>, comment: string, version: number, at: Date): HistoryEntry {
  return { action, from, to, actorId: who.userId, actorName: who.name, at, comment, version };
}

/** A stored time as the events carry it (ISO 8601), or null. */
export function iso(value: Date | string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
