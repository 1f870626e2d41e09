import type { DocChange } from './domain/cells';
import { HeldModels, type HeldDocument } from './held-models';

const change = (doc: string, fields: Partial<Pick<DocChange, 'inc' | 'set' | 'unset'>>, collection: DocChange['collection'] = 'rollups'): DocChange => ({
  collection,
  doc,
  inc: {},
  set: {},
  unset: [],
  ...fields,
});

const held = (docs: HeldDocument[] = []) => new HeldModels([['rollups', docs], ['rows', []]]);

describe('HeldModels (the small model collections in memory, changed as the store is)', () => {
  it('applies a change as an upsert would: creates the document, adds at dotted paths, places and removes values, stamps seq', () => {
    const models = held([{ _id: 'rec|d1|2025', seq: 3, total: 2, byStatus: { draft: 2 }, byMonth: { '2025-01': 2 } }]);
    models.apply(change('rec|d1|2025', { inc: { total: 1, 'byStatus.draft': -1, 'byStatus.submitted': 1 }, set: { 'latest.at': { day: '2025-02-01' } }, unset: ['byMonth.2025-01'] }), 5);
    models.apply(change('blg|d1', { inc: { count: 1, 'byDay.2025-02-01': 1 } }), 5);
    expect(models.of('rollups')?.get('rec|d1|2025')).toEqual({ _id: 'rec|d1|2025', seq: 5, total: 3, byStatus: { draft: 1, submitted: 1 }, byMonth: {}, latest: { at: { day: '2025-02-01' } } });
    expect(models.of('rollups')?.get('blg|d1')).toEqual({ _id: 'blg|d1', seq: 5, count: 1, byDay: { '2025-02-01': 1 } });
  });

  it('passes over a change its document already has (seq not lower), as the guarded write does', () => {
    const models = held([{ _id: 'rec|d1|2025', seq: 7, total: 2 }]);
    models.apply(change('rec|d1|2025', { inc: { total: 1 } }), 7);
    models.apply(change('rec|d1|2025', { inc: { total: 1 } }), 6);
    expect(models.of('rollups')?.get('rec|d1|2025')).toEqual({ _id: 'rec|d1|2025', seq: 7, total: 2 });
    models.apply(change('rec|d1|2025', { inc: { total: 1 } }), 8);
    models.apply(change('rec|d1|2025', { inc: { total: 1 } }), 8);
    expect(models.of('rollups')?.get('rec|d1|2025')).toEqual({ _id: 'rec|d1|2025', seq: 8, total: 3 });
  });

  it('keeps a copy of placed values and ignores collections it does not hold', () => {
    const models = held();
    const value = { title: 'a' };
    models.apply(change('x', { set: { entry: value } }), 1);
    value.title = 'changed';
    expect(models.of('rollups')?.get('x')).toEqual({ _id: 'x', seq: 1, entry: { title: 'a' } });
    models.apply(change('crec|c1', { inc: { n: 1 } }, 'cadres'), 1);
    expect(models.of('cadres')).toBeUndefined();
  });
});
