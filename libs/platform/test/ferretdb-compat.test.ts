/**
 * Exactly the mongoose features the code relies on, run against the MongoDB-wire server the tests use
 * (FerretDB v1.24.2 locally, MongoDB in production), so a gap shows up here and not in production.
 */
import mongoose, { Schema, type Connection } from 'mongoose';
import { connectMongo, ensureIndexes, isDuplicateKeyError } from '@cadre/platform';
import { infra, uniqueName } from '@cadre/testing';

jest.setTimeout(30_000);

interface Ledger {
  _id: string;
  cadreId: string;
  source: string;
  points: number;
  tags: string[];
  outbox: { eventId: string; data: Record<string, unknown> }[];
}

describe('MongoDB subset on the test server', () => {
  let connection: Connection;
  const Entry = () => connection.model<Ledger>('Entry');

  beforeAll(async () => {
    connection = await connectMongo({ uri: infra.mongoUri, dbName: uniqueName('compat') });
    const schema = new Schema<Ledger>(
      {
        _id: String,
        cadreId: { type: String, required: true },
        source: { type: String, required: true },
        points: { type: Number, required: true },
        tags: { type: [String], default: [] },
        outbox: { type: [Schema.Types.Mixed], default: () => [] } as never,
      },
      { collection: 'entries', versionKey: false, minimize: false },
    );
    schema.index({ source: 1, cadreId: 1 }, { unique: true });
    connection.model('Entry', schema);
    await ensureIndexes([Entry()]);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('creates the declared unique index explicitly and reports a duplicate key as code 11000', async () => {
    await Entry().create({ _id: 'e1', cadreId: 'c1', source: 'record:1', points: 500 });
    const error = await Entry().create({ _id: 'e2', cadreId: 'c1', source: 'record:1', points: 500 }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(error)).toBe(true);
    // An update into an existing key is refused too (FerretDB reports it differently from an insert).
    await Entry().create({ _id: 'e3', cadreId: 'c1', source: 'record:3', points: 1 });
    const updateError = await Entry().updateOne({ _id: 'e3' }, { $set: { source: 'record:1' } }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(updateError)).toBe(true);
    expect((await Entry().findById('e3').lean<Ledger>())?.source).toBe('record:3');
    const indexes = await Entry().collection.indexes();
    expect(indexes.some((index) => index.unique && index.key.source === 1 && index.key.cadreId === 1)).toBe(true);
  });

  it('applies updateOne with $inc, $push and an exact-match $pull', async () => {
    await Entry().create({ _id: 'u1', cadreId: 'c2', source: 'record:2', points: 100 });
    const item = { eventId: 'ev-1', data: { nested: { a: 1 }, empty: {} } };
    await Entry().updateOne({ _id: 'u1' }, { $inc: { points: 250 }, $push: { tags: 'city', outbox: item } });
    let doc = await Entry().findById('u1').lean<Ledger>();
    expect(doc?.points).toBe(350);
    expect(doc?.tags).toEqual(['city']);
    expect(doc?.outbox).toEqual([item]);

    await Entry().collection.updateOne({ _id: 'u1' as never }, { $pull: { outbox: doc!.outbox[0], tags: 'city' } } as never);
    doc = await Entry().findById('u1').lean<Ledger>();
    expect(doc?.outbox).toEqual([]);
    expect(doc?.tags).toEqual([]);
  });

  it('groups with $sum over a field, $sum: 1 and $count (one accumulator per $group stage)', async () => {
    await Entry().create([
      { _id: 'g1', cadreId: 'x', source: 'r:g1', points: 5 },
      { _id: 'g2', cadreId: 'x', source: 'r:g2', points: 7 },
      { _id: 'g3', cadreId: 'y', source: 'r:g3', points: 11 },
    ]);
    const match = { $match: { cadreId: { $in: ['x', 'y'] } } };
    const sums = await Entry().aggregate([match, { $group: { _id: '$cadreId', total: { $sum: '$points' } } }, { $sort: { _id: 1 } }]);
    expect(sums).toEqual([{ _id: 'x', total: 12 }, { _id: 'y', total: 11 }]);
    const counts = await Entry().aggregate([match, { $group: { _id: '$cadreId', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
    expect(counts).toEqual([{ _id: 'x', n: 2 }, { _id: 'y', n: 1 }]);
    const counted = await Entry().aggregate([match, { $group: { _id: null, n: { $count: {} } } }]);
    expect(counted).toEqual([{ _id: null, n: 3 }]);
  });

  it('keeps request data out of operators: sanitizeFilter never lets {"$gt": ""} act as an operator, strictQuery rejects unknown paths', async () => {
    const fromRequest = JSON.parse('{"cadreId": {"$gt": ""}}');
    // Wrapped in $eq, the operator object can only be compared as a value, and a string path refuses it.
    await expect(Entry().countDocuments(fromRequest)).rejects.toThrow(/Cast to string failed/);
    expect(await Entry().countDocuments({ cadreId: mongoose.trusted({ $gt: '' }) })).toBeGreaterThan(0);
    await expect(Entry().find({ notAField: 1 } as never)).rejects.toThrow(/notAField/);
  });

  it('finds documents with a pending outbox by the first array element', async () => {
    await Entry().create({ _id: 'o1', cadreId: 'z', source: 'r:o1', points: 1, outbox: [{ eventId: 'p', data: {} }] });
    const pending = await Entry().collection.find({ 'outbox.0': { $exists: true } }).toArray();
    expect(pending.map((doc) => doc._id)).toEqual(['o1']);
  });
});
