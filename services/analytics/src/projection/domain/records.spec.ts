import { RECORD_EVENTS, type RecordCreatedV1, type RecordTransitionV1 } from '@cadre/contracts';
import { foldRecord, recordCells, type RecordFact } from './records';

const created: RecordCreatedV1 = {
  recordId: 'r1',
  version: 1,
  cadreId: 'u1',
  departmentId: 'd2',
  departmentPath: ['d0', 'd2'],
  itemCode: 'INVEST-03',
  firstLevelCode: 'INVEST',
  title: '招商',
  status: 'draft',
  createdAt: '2026-12-31T17:00:00Z',
};

const transition = (fields: Partial<RecordTransitionV1>): RecordTransitionV1 => ({
  recordId: 'r1',
  version: 2,
  status: 'submitted',
  fromStatus: 'draft',
  action: 'submit',
  actorId: 'u1',
  comment: '',
  cadreId: 'u1',
  departmentId: 'd2',
  departmentPath: ['d0', 'd2'],
  itemCode: 'INVEST-03',
  firstLevelCode: 'INVEST',
  taxonomyVersion: 1,
  title: '招商',
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  claimedImpactLevel: 'city',
  confirmedImpactLevel: null,
  rating: null,
  participants: [
    { userId: 'u1', role: 'lead', share: 60 },
    { userId: 'u2', role: 'member', share: 40 },
  ],
  submittedAt: '2027-01-02T01:00:00Z',
  verifiedAt: null,
  createdAt: '2026-12-31T17:00:00Z',
  occurredAt: '2027-01-02T01:00:00Z',
  ...fields,
});

const paths = (fact: RecordFact) => recordCells(fact).map((c) => `${c.collection}/${c.doc}#${c.path}=${typeof c.value === 'number' ? c.value : 'obj'}`);

describe('a record folded from its events', () => {
  it('moves only to a newer version: a redelivered or late event changes nothing', () => {
    const draft = foldRecord(null, RECORD_EVENTS.created, created)!;
    const submitted = foldRecord(draft, RECORD_EVENTS.submitted, transition({}))!;
    expect(submitted.status).toBe('submitted');
    expect(foldRecord(submitted, RECORD_EVENTS.submitted, transition({}))).toBeNull();
    expect(foldRecord(submitted, RECORD_EVENTS.created, created)).toBeNull();
  });

  it('counts each return once', () => {
    const draft = foldRecord(null, RECORD_EVENTS.created, created)!;
    const submitted = foldRecord(draft, RECORD_EVENTS.submitted, transition({}))!;
    const returned = foldRecord(submitted, RECORD_EVENTS.returned, transition({ version: 3, status: 'draft', action: 'review:return' }))!;
    expect(returned.returns).toBe(1);
    expect(foldRecord(returned, RECORD_EVENTS.returned, transition({ version: 3, status: 'draft' }))).toBeNull();
    const again = foldRecord(foldRecord(returned, RECORD_EVENTS.submitted, transition({ version: 4 }))!, RECORD_EVENTS.returned, transition({ version: 5, status: 'draft' }))!;
    expect(again.returns).toBe(2);
  });

  it('counts in the month it was filed (UTC+8), under every department of its path, and waits in the backlog', () => {
    const fact = foldRecord(null, RECORD_EVENTS.submitted, transition({}))!;
    const cells = paths(fact);
    expect(cells).toEqual(
      expect.arrayContaining([
        'rollups/rec|d0|2027#byMonth.2027-01=1',
        'rollups/rec|d2|2027#byItem.INVEST=1',
        'rollups/blg|d0#byDay.2027-01-02=1',
        'rows/rrec|2027|d2#records=1',
        'rows/rrec|backlog|d2#backlog=1',
      ]),
    );
    expect(cells.some((c) => c.startsWith('cadres/'))).toBe(false);
  });

  it('once verified: the verification month and review time, and a timeline entry for every participant', () => {
    const fact = foldRecord(null, RECORD_EVENTS.verified, transition({ version: 4, status: 'verified', verifiedAt: '2027-01-03T02:30:00Z', rating: 'good', confirmedImpactLevel: 'province' }))!;
    const cells = recordCells(fact);
    expect(paths(fact)).toEqual(expect.arrayContaining(['rollups/rec|d0|2027#verifiedByMonth.2027-01=1', 'rollups/rec|d2|2027#reviewTime.h25=1', 'rows/rrec|2027|d2#verified=1']));
    expect(paths(fact).some((c) => c.includes('blg|'))).toBe(false);
    const timeline = cells.filter((c) => c.collection === 'cadres');
    expect(timeline.map((c) => c.doc)).toEqual(['crec|u1', 'crec|u2']);
    expect(timeline[1]!.value).toMatchObject({ role: 'member', share: 40, rating: 'good', impactLevel: 'province', participantIds: ['u1', 'u2'] });
  });

  it('revoked: the verification stays counted, the timeline entry goes', () => {
    const fact = foldRecord(null, RECORD_EVENTS.revoked, transition({ version: 5, status: 'revoked', verifiedAt: '2027-01-03T02:30:00Z' }))!;
    expect(paths(fact)).toEqual(expect.arrayContaining(['rollups/rec|d2|2027#byStatus.revoked=1', 'rollups/rec|d2|2027#verified=1']));
    expect(recordCells(fact).some((c) => c.collection === 'cadres')).toBe(false);
  });

  it('deleted or discarded by its filer: it counts nowhere any more, and a late copy of an earlier step changes nothing', () => {
    const draft = foldRecord(null, RECORD_EVENTS.created, created)!;
    expect(recordCells(draft).length).toBeGreaterThan(0);
    const deleted = foldRecord(draft, RECORD_EVENTS.deleted, transition({ version: 2, status: 'deleted', fromStatus: 'draft', action: 'delete', submittedAt: null }))!;
    expect(recordCells(deleted)).toEqual([]);
    expect(foldRecord(deleted, RECORD_EVENTS.created, created)).toBeNull();
    const discarded = foldRecord(null, RECORD_EVENTS.deleted, transition({ version: 4, status: 'discarded', fromStatus: 'draft', action: 'delete' }))!;
    expect(recordCells(discarded)).toEqual([]);
  });

  it('withdrawn before review: a draft again, out of the backlog', () => {
    const submitted = foldRecord(null, RECORD_EVENTS.submitted, transition({}))!;
    expect(paths(submitted).some((c) => c.includes('blg|'))).toBe(true);
    const withdrawn = foldRecord(submitted, RECORD_EVENTS.withdrawn, transition({ version: 3, status: 'draft', fromStatus: 'submitted', action: 'withdraw' }))!;
    expect(paths(withdrawn)).toEqual(expect.arrayContaining(['rollups/rec|d2|2027#byStatus.draft=1']));
    expect(paths(withdrawn).some((c) => c.includes('blg|') || c.includes('backlog'))).toBe(false);
  });

  it('reopened by a disputed share: no longer verified (no timeline, waiting again); verified again, counted in the month of the new verification', () => {
    const verified = foldRecord(null, RECORD_EVENTS.verified, transition({ version: 6, status: 'verified', verifiedAt: '2027-01-03T02:30:00Z', rating: 'good' }))!;
    const reopened = foldRecord(verified, RECORD_EVENTS.reopened, transition({ version: 7, status: 'reviewed', fromStatus: 'verified', action: 'reopen', verifiedAt: null, rating: null }))!;
    expect(paths(reopened)).toEqual(expect.arrayContaining(['rollups/rec|d2|2027#byStatus.reviewed=1', 'rollups/blg|d2#count=1']));
    expect(paths(reopened).some((c) => c.includes('#verified') || c.includes('verifiedByMonth'))).toBe(false);
    expect(recordCells(reopened).some((c) => c.collection === 'cadres')).toBe(false);
    // A late copy of the first verification changes nothing.
    expect(foldRecord(reopened, RECORD_EVENTS.verified, transition({ version: 6, status: 'verified', verifiedAt: '2027-01-03T02:30:00Z' }))).toBeNull();
    const again = foldRecord(reopened, RECORD_EVENTS.verified, transition({ version: 9, status: 'verified', verifiedAt: '2027-02-05T02:30:00Z', rating: 'pass' }))!;
    expect(paths(again)).toEqual(expect.arrayContaining(['rollups/rec|d2|2027#verifiedByMonth.2027-02=1', 'rows/rrec|2027|d2#verified=1']));
    expect(paths(again).filter((c) => c.includes('verifiedByMonth'))).toHaveLength(2);
    expect(recordCells(again).filter((c) => c.collection === 'cadres')).toHaveLength(2);
  });
});
