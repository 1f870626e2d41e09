import type { mongo } from 'mongoose';
import type { Redis } from 'ioredis';
import type { DocChange } from './domain/cells';
import { ModelStore } from './model-store';

const change = (collection: DocChange['collection'], doc: string): DocChange => ({ collection, doc, inc: { total: 1 }, set: {}, unset: [] });

/** A store whose collections' bulk writes are the given functions (the rest are never called here). */
function storeWith(bulkWrites: Partial<Record<string, () => Promise<unknown>>>): ModelStore {
  const db = { collection: (name: string) => ({ bulkWrite: bulkWrites[name.replace(/^g\d+_/, '')] ?? (async () => ({})) }) } as unknown as mongo.Db;
  return new ModelStore(db, {} as Redis, 'test', 1);
}

describe('ModelStore.applyChanges', () => {
  it('fails only once every collection’s write has ended: a retry must never overlap a write of the attempt before it', async () => {
    // FerretDB applies an update as read, change, write: two writes of one document at once can lose one of them,
    // and the guard then refuses it for ever. So a failed attempt must not leave a write running behind the retry.
    let rollupsEnded = false;
    const store = storeWith({
      rows: async () => {
        throw new Error('rows: connection reset');
      },
      rollups: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        rollupsEnded = true;
        return {};
      },
    });
    const failure = await store.applyChanges([change('rows', 'rrec|2026|d1'), change('rollups', 'rec|d1|2026')], 7).catch((error: unknown) => error);
    expect(failure).toEqual(new Error('rows: connection reset'));
    expect(rollupsEnded).toBe(true);
  });

  it('writes every collection’s changes in one bulk write each, guarded by the batch’s sequence', async () => {
    const calls: { name: string; ops: unknown[] }[] = [];
    const db = {
      collection: (name: string) => ({
        bulkWrite: async (ops: unknown[]) => {
          calls.push({ name, ops });
          return {};
        },
      }),
    } as unknown as mongo.Db;
    await new ModelStore(db, {} as Redis, 'test', 3).applyChanges([change('rows', 'a'), change('rollups', 'b'), change('rows', 'c')], 9);
    expect(calls.map((c) => [c.name, c.ops.length]).sort()).toEqual([
      ['g3_rollups', 1],
      ['g3_rows', 2],
    ]);
    expect(calls.find((c) => c.name === 'g3_rows')!.ops[0]).toEqual({ updateOne: { filter: { _id: 'a', seq: { $lt: 9 } }, update: { $set: { seq: 9 }, $inc: { total: 1 } }, upsert: true } });
  });
});
