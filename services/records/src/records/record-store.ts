import type { Provider } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { Caller } from '@cadre/contracts';
import { ensureIndexes, problems } from '@cadre/platform';
import { AggregateStore, OutboxRelay } from '@cadre/messaging';
import { RECORD_MODEL, type RecordDocument } from './record.schema';
import { canSee } from './domain/access';

/** Every write of a record goes through this store: one update with its events, guarded by the version read. */
export type RecordStore = AggregateStore<RecordDocument>;

export const RECORD_STORE = Symbol('RECORD_STORE');

export const recordStoreProvider: Provider = {
  provide: RECORD_STORE,
  inject: [RECORD_MODEL, OutboxRelay],
  useFactory: async (records: Model<RecordDocument>, relay: OutboxRelay): Promise<RecordStore> => {
    await ensureIndexes([records]);
    return new AggregateStore(records, relay, { producer: 'records', noun: 'record', touch: () => ({ updatedAt: new Date() }), notFound: 'No such record.' });
  },
};

/** The record if the caller may see it; otherwise (or when there is none) 404, never 403 (docs/API.md). */
export async function visibleRecord(store: RecordStore, who: Caller, id: string): Promise<RecordDocument> {
  // No projection: FerretDB filters fields after loading the whole document anyway, at a cost; the views drop it.
  const record = await store.model.findById(id).lean<RecordDocument>();
  if (!record || record.status === 'deleted' || !canSee(who, record)) throw problems.notFound('No such record.');
  return record;
}
