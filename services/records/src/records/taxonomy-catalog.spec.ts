import type { Model } from 'mongoose';
import type { TaxonomyDocument } from './taxonomy.schema';
import { TaxonomyCatalog } from './taxonomy-catalog';

const version = (number: number, codes: string[]): TaxonomyDocument => ({
  _id: number,
  items: [{ code: 'INVEST', name: '招商引资', children: codes.map((code) => ({ code, name: code })) }],
  createdBy: 'system',
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

/** A stand-in for the versions model: counts reads, answers after a tick (so concurrent callers overlap). */
function versionsModel(stored: TaxonomyDocument[]) {
  const reads = { newest: 0, byId: 0 };
  const later = <T>(value: T) => ({ lean: () => new Promise<T>((resolve) => setTimeout(() => resolve(value), 5)) });
  const model = {
    findOne: () => ({ sort: () => (reads.newest++, later([...stored].sort((a, b) => b._id - a._id)[0] ?? null)) }),
    findById: (id: number) => (reads.byId++, later(stored.find((doc) => doc._id === id) ?? null)),
    create: async (doc: TaxonomyDocument) => void stored.push(doc),
  };
  return { model: model as unknown as Model<TaxonomyDocument>, reads };
}

describe('TaxonomyCatalog', () => {
  it('reads the newest version once for concurrent requests, then answers from memory', async () => {
    const { model, reads } = versionsModel([version(1, ['INVEST-01'])]);
    const catalog = new TaxonomyCatalog(model);
    const answers = await Promise.all(Array.from({ length: 20 }, () => catalog.current()));
    expect(answers.every((answer) => answer.version === 1)).toBe(true);
    expect(await catalog.hasItem('INVEST-01')).toBe(true);
    expect(await catalog.hasItem('INVEST-02')).toBe(false);
    expect(reads.newest).toBe(1);
  });

  it('reads an older version once: a published version never changes', async () => {
    const { model, reads } = versionsModel([version(1, ['INVEST-01']), version(2, ['INVEST-02'])]);
    const catalog = new TaxonomyCatalog(model);
    expect(await catalog.hasItem('INVEST-01', 1)).toBe(true);
    expect(await catalog.hasItem('INVEST-02', 1)).toBe(false);
    expect(await catalog.hasItem('INVEST-01', 3)).toBe(false);
    expect(reads.byId).toBe(2); // version 1 once, the missing version 3 once
    expect(await catalog.hasItem('INVEST-02')).toBe(true);
    expect(await catalog.hasItem('INVEST-02', 2)).toBe(true);
    expect(reads.byId).toBe(2); // the newest, read as such, serves its number too
  });

  it('answers the version it published from then on, even if a read of the older one was under way', async () => {
    const { model } = versionsModel([version(1, ['INVEST-01'])]);
    const catalog = new TaxonomyCatalog(model);
    const before = catalog.current();
    await catalog.add(version(2, ['INVEST-02']));
    expect((await before).version).toBe(1);
    expect((await catalog.current()).version).toBe(2);
    expect(await catalog.hasItem('INVEST-02')).toBe(true);
  });
});
