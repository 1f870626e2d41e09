import { CellSum, diffCells, mergeChanges, numberAt, sumMaps, type Cell, type DocChange } from './cells';

/** Applies changes the way MongoDB would ($inc, $set, $unset on dotted paths). */
function applyAll(docs: Map<string, Record<string, unknown>>, changes: DocChange[]) {
  for (const change of changes) {
    const key = `${change.collection}/${change.doc}`;
    const doc = docs.get(key) ?? {};
    docs.set(key, doc);
    const walk = (path: string, create: boolean) => {
      const segments = path.split('.');
      let node: Record<string, unknown> | undefined = doc;
      for (const s of segments.slice(0, -1)) {
        if (!node) return undefined;
        if (create) node = (node[s] ??= {}) as Record<string, unknown>;
        else node = node[s] as Record<string, unknown> | undefined;
      }
      return [node, segments[segments.length - 1]!] as const;
    };
    for (const [path, n] of Object.entries(change.inc)) {
      const [node, last] = walk(path, true)!;
      node![last] = ((node![last] as number | undefined) ?? 0) + n;
    }
    for (const [path, v] of Object.entries(change.set)) {
      const [node, last] = walk(path, true)!;
      node![last] = v;
    }
    for (const path of change.unset) {
      const found = walk(path, false);
      if (found?.[0]) delete found[0][found[1]];
    }
  }
}

/** Drops zero counters and emptied maps, which a live model may keep and a built one never has. */
function normalise(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const n = normalise(v);
    if (n === 0) continue;
    if (typeof n === 'object' && n !== null && !Array.isArray(n) && Object.keys(n).length === 0) continue;
    out[k] = n;
  }
  return out;
}

describe('contributions: live deltas and a full build agree', () => {
  const cellsOf = (fact: { dept: string; status: string; owner: string; title: string }): Cell[] => [
    { collection: 'rollups', doc: `rec|${fact.dept}`, path: 'total', value: 1 },
    { collection: 'rollups', doc: `rec|${fact.dept}`, path: `byStatus.${fact.status}`, value: 1 },
    ...(fact.status === 'verified' ? [{ collection: 'cadres' as const, doc: `c|${fact.owner}`, path: `records.${fact.title}`, value: { title: fact.title, dept: fact.dept } }] : []),
  ];

  it('summing the differences of every change equals summing the final facts', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
    const facts = new Map<string, { dept: string; status: string; owner: string; title: string }>();
    const live = new Map<string, Record<string, unknown>>();
    for (let step = 0; step < 2_000; step++) {
      const id = `r${random(60)}`;
      const before = facts.get(id);
      const after = { dept: `d${random(4)}`, status: ['draft', 'submitted', 'verified', 'revoked'][random(4)]!, owner: `u${random(5)}`, title: id };
      facts.set(id, after);
      applyAll(live, diffCells(before ? cellsOf(before) : [], cellsOf(after)));
    }
    const built = new CellSum();
    for (const fact of facts.values()) built.add(cellsOf(fact));
    const expected = new Map([...built.docs].map(([key, entry]) => [key, normalise(entry.body)]));
    const actual = new Map(
      [...live].map(([key, body]) => [key, normalise(body)] as const).filter(([, body]) => Object.keys(body as object).length),
    );
    expect(actual).toEqual(expected);
  });

  it('a batch of changes merged into one per document leaves the documents as applying them one by one', () => {
    let seed = 11;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
    const facts = new Map<string, { dept: string; status: string; owner: string; title: string }>();
    const oneByOne = new Map<string, Record<string, unknown>>();
    const batched = new Map<string, Record<string, unknown>>();
    for (let batch = 0; batch < 100; batch++) {
      const changes: DocChange[] = [];
      for (let step = 0, size = 1 + random(40); step < size; step++) {
        const id = `r${random(30)}`;
        const before = facts.get(id);
        // Two facts may place at one path (a shared title): the later placement must stand.
        const after = { dept: `d${random(3)}`, status: ['draft', 'submitted', 'verified', 'revoked'][random(4)]!, owner: `u${random(3)}`, title: `t${random(8)}` };
        facts.set(id, after);
        const change = diffCells(before ? cellsOf(before) : [], cellsOf(after));
        applyAll(oneByOne, change);
        changes.push(...change);
      }
      const merged = mergeChanges(changes);
      expect(new Set(merged.map((c) => `${c.collection}/${c.doc}`)).size).toBe(merged.length);
      applyAll(batched, merged);
    }
    const normalised = (docs: Map<string, Record<string, unknown>>) =>
      new Map([...docs].map(([key, body]) => [key, normalise(body)] as const).filter(([, body]) => Object.keys(body as object).length));
    expect(normalised(batched)).toEqual(normalised(oneByOne));
  });

  it('changes nothing when a fact does not change, and removes what a fact no longer places', () => {
    const fact = { dept: 'd1', status: 'verified', owner: 'u1', title: 'r1' };
    expect(diffCells(cellsOf(fact), cellsOf(fact))).toEqual([]);
    const changes = diffCells(cellsOf(fact), cellsOf({ ...fact, status: 'revoked' }));
    expect(changes).toEqual(
      expect.arrayContaining([
        { collection: 'rollups', doc: 'rec|d1', inc: { 'byStatus.verified': -1, 'byStatus.revoked': 1 }, set: {}, unset: [] },
        { collection: 'cadres', doc: 'c|u1', inc: {}, set: {}, unset: ['records.r1'] },
      ]),
    );
  });

  it('reads numbers at paths and adds maps without zeros', () => {
    expect(numberAt({ a: { b: 3 } }, 'a.b')).toBe(3);
    expect(numberAt(null, 'a')).toBe(0);
    expect(sumMaps([{ a: 1, b: 2 }, { a: -1, c: 1 }, undefined])).toEqual({ b: 2, c: 1 });
  });
});
