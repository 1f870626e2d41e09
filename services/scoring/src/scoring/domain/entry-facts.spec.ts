import { DEFAULT_SCORING_STANDARD as standard, type RecordTransitionV1 } from '@cadre/contracts';
import { explain } from './explanation';
import { factsByKey, sourcesWithoutFacts } from './entry-facts';
import { sourceEntries, type SourceFacts } from './sources';

const verified = {
  recordId: 'r1', version: 4, status: 'verified', fromStatus: 'reviewed', action: 'assess:confirm', actorId: 'a', comment: '',
  cadreId: 'u1', departmentId: 'd1', departmentPath: ['d1'], itemCode: 'INVEST-03', firstLevelCode: 'INVEST', taxonomyVersion: 1,
  title: '引进500强企业', periodStart: '2026-01-01', periodEnd: '2026-03-31', claimedImpactLevel: 'city', confirmedImpactLevel: 'city',
  rating: 'good', participants: [{ userId: 'u1', role: 'lead', share: 100 }],
  createdAt: '2026-03-30T02:00:00.000Z', submittedAt: '2026-04-01T02:00:00.000Z', verifiedAt: '2026-04-10T02:00:00.000Z', occurredAt: '2026-04-10T02:00:00.000Z',
} as RecordTransitionV1;

const source: SourceFacts & { _id: string } = { _id: 'record:r1', type: 'record', data: verified as never, revoked: { version: 5, occurredAt: '2026-05-01T00:00:00.000Z', comment: '重复填报' } };

/** An entry as written before facts were kept: the key and the older English sentence only. */
const old = (key: string) => ({ key, sourceType: 'record', sourceId: 'r1', explanation: 'INVEST-03 city ×2, rated 良好 ×1.2 = 19.20 (base 8); 参与度 20% sole participant → 3.84' });

describe('facts of stored entries', () => {
  it('names the sources of the entries without facts, once each', () => {
    const drafts = sourceEntries(source, 1, standard);
    expect(sourcesWithoutFacts([old('a'), old('b'), { ...drafts[0], sourceType: 'record', sourceId: 'r1' }, { key: 'c', sourceType: 'task', sourceId: 't1', facts: null }])).toEqual(['record:r1', 'task:t1']);
    expect(sourcesWithoutFacts(drafts.map((d) => ({ ...d, sourceType: 'record', sourceId: 'r1' })))).toEqual([]);
  });

  it('explains an old entry as a new one reads: its source yields the same entry, with facts, under the same standard', () => {
    const drafts = sourceEntries(source, 1, standard);
    const stored = drafts.map((d) => old(d.key));
    const facts = factsByKey(stored, [source], 1, standard);
    for (const draft of drafts) expect(explain(facts.get(draft.key)!)).toBe(draft.explanation);
    expect(explain(facts.get('record:r1:v4:u1:participation:reversal')!)).toBe(
      '撤销（重复填报）：冲减参与度 3.84；原计分：纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；参与度 20% 独得 → 3.84',
    );
  });

  it('keeps an entry’s own facts, and gives none when the source is missing or cannot be scored', () => {
    const [draft] = sourceEntries(source, 1, standard);
    const own = { ...draft, sourceType: 'record', sourceId: 'r1', facts: { ...draft.facts, basis: { ...draft.facts.basis, title: '改过的标题' } } };
    expect(factsByKey([own], [source], 1, standard).get(draft.key)!.basis.title).toBe('改过的标题');
    expect(factsByKey([old(draft.key)], [], 1, standard).size).toBe(0);
    const broken = { ...source, data: { ...verified, rating: null } as never };
    expect(factsByKey([old(draft.key)], [broken], 1, standard).size).toBe(0);
  });
});
