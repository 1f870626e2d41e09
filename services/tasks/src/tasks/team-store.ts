import type { Model } from 'mongoose';
import { AggregateStore, type OutboxRelay } from '@cadre/messaging';
import type { TeamDocument } from './task.schema';

/** The one way a team is written (see AggregateStore); inject it by this token. */
export const TEAM_STORE = Symbol('TEAM_STORE');
export type TeamStore = AggregateStore<TeamDocument>;

export function teamStore(model: Model<TeamDocument>, relay: OutboxRelay): TeamStore {
  return new AggregateStore(model, relay, { producer: 'tasks', touch: () => ({ updatedAt: new Date() }), notFound: 'No such team.' });
}
