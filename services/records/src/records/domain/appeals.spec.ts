import type { RecordDocument } from '../record.schema';
import { appealReopenComment, appealReopens, isUpheldRejection, type DecidedAppeal } from './appeals';
import { appealReopenChange } from './record-changes';

const now = new Date('2026-05-01T02:00:00.000Z');
const upheld: DecidedAppeal = { appealId: 'a1', subjectType: 'record', subjectId: 'r1', subjectState: 'rejected', status: 'upheld', answer: '佐证材料齐全，应予研判', decidedBy: 'assessor' };
const decider = { userId: 'assessor', name: '研判员甲' };

const rejected = {
  _id: 'r1',
  version: 4,
  cadreId: 'filer',
  cadreName: '干部甲',
  departmentId: 'bureau',
  departmentPath: ['city', 'bureau'],
  itemCode: 'INVEST-03',
  firstLevelCode: 'INVEST',
  taxonomyVersion: 1,
  title: '引进区域总部',
  description: '',
  periodStart: '2026-01-01',
  periodEnd: '2026-02-28',
  impactLevel: 'city',
  confirmedImpactLevel: null,
  rating: null,
  results: [],
  evidence: [],
  evidenceHashes: [],
  duplicateEvidence: false,
  duplicateOf: [],
  participants: [{ userId: 'filer', name: '干部甲', role: 'lead', share: 100, confirmation: 'confirmed', comment: '' }],
  participantIds: ['filer'],
  status: 'rejected',
  history: [{ action: 'review:reject', from: 'submitted', to: 'rejected', actorId: 'reviewer', actorName: '审核员', at: now, comment: '不符合', version: 4 }],
  submittedAt: now,
  verifiedAt: null,
  createdAt: now,
  updatedAt: now,
  outbox: [],
} as RecordDocument;

describe('an appeal decided by the selection service', () => {
  it('reopens only an upheld appeal of a record appealed while rejected', () => {
    expect(isUpheldRejection(upheld)).toBe(true);
    expect(isUpheldRejection({ ...upheld, status: 'dismissed' })).toBe(false);
    expect(isUpheldRejection({ ...upheld, status: 'pending' })).toBe(false);
    expect(isUpheldRejection({ ...upheld, subjectType: 'verdict' })).toBe(false);
    expect(isUpheldRejection({ ...upheld, subjectType: 'score_entry' })).toBe(false);
    expect(isUpheldRejection({ ...upheld, subjectState: 'returned' })).toBe(false);
  });

  it('reopens a record that is still rejected, once per appeal', () => {
    expect(appealReopens(upheld, rejected)).toBe(true);
    expect(appealReopens(upheld, { ...rejected, status: 'reviewed' })).toBe(false);
    expect(appealReopens(upheld, { ...rejected, status: 'draft' })).toBe(false);
    const reopenedBefore = [...rejected.history, { ...rejected.history[0], action: 'reopen', from: 'rejected', to: 'reviewed', appealId: 'a1', version: 5 }];
    // Rejected again since (re-filed and rejected): the same appeal's late redelivery changes nothing; another appeal may.
    expect(appealReopens(upheld, { ...rejected, history: reopenedBefore })).toBe(false);
    expect(appealReopens({ ...upheld, appealId: 'a2' }, { ...rejected, history: reopenedBefore })).toBe(true);
    expect(appealReopens({ ...upheld, status: 'dismissed' }, rejected)).toBe(false);
  });

  it('comments 申诉成立 with the answer', () => {
    expect(appealReopenComment('佐证材料齐全')).toBe('申诉成立：佐证材料齐全');
    expect(appealReopenComment('  ')).toBe('申诉成立');
    expect(appealReopenComment(null)).toBe('申诉成立');
  });

  it('moves the record to reviewed by the deciding assessor, keyed by the appeal, announced as records.record.reopened', () => {
    const change = appealReopenChange(rejected, upheld, decider, now);
    expect(change.set).toEqual({ status: 'reviewed', verifiedAt: null, rating: null, confirmedImpactLevel: null });
    expect(change.push).toEqual({
      history: { action: 'reopen', from: 'rejected', to: 'reviewed', actorId: 'assessor', actorName: '研判员甲', at: now, comment: '申诉成立：佐证材料齐全，应予研判', version: 5, appealId: 'a1' },
    });
    expect(change.events).toEqual([
      {
        subject: 'records.record.reopened',
        data: expect.objectContaining({ recordId: 'r1', version: 5, status: 'reviewed', fromStatus: 'rejected', action: 'reopen', actorId: 'assessor', comment: '申诉成立：佐证材料齐全，应予研判', verifiedAt: null }),
      },
    ]);
  });
});
