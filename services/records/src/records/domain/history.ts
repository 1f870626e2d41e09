import type { Caller } from '@cadre/contracts';
import type { HistoryEntry } from '../record.schema';

/** Who a history line names: a caller, or a person an event names (the assessor who decided an appeal). */
export type Actor = Pick<Caller, 'userId' | 'name'>;

/** One line of a record's history: who did what, from which status to which, at which version. */
export function historyEntry(action: string, from: string | null, to: string, who: Actor, comment: string, version: number, at = new Date()): HistoryEntry {
  return { action, from, to, actorId: who.userId, actorName: who.name, at, comment, version };
}
