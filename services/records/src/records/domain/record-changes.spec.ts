import type { Caller } from '@cadre/contracts';
import type { RecordDocument } from '../record.schema';
import { draftRecord, editChange, editedContent, shareAnswerChange, taxonomyVersionFor, transitionChange } from './record-changes';
import { taxonomyProblems } from './taxonomy';

const filer: Caller = { userId: 'filer', name: '干部甲', roles: ['cadre'], departmentId: 'bureau', departmentPath: ['city', 'bureau'] };
const assessor: Caller = { userId: 'assessor', name: '研判员', roles: ['assessor'], departmentId: 'city', departmentPath: ['city'] };
const now = new Date('2026-03-01T08:00:00.000Z');
const noDuplicates = { duplicateEvidence: false, duplicateOf: [] };

const { record: draft, events: created } = draftRecord({
  id: 'r1',
  who: filer,
  input: {
    itemCode: 'INVEST-03',
    title: '引进区域总部',
    description: '',
    periodStart: '2026-01-01',
    periodEnd: '2026-02-28',
    impactLevel: 'city',
    results: [],
    evidence: [{ fileId: 'rec_00000000-0000-4000-8000-000000000001' }],
  },
  evidence: [{ fileId: 'rec_00000000-0000-4000-8000-000000000001', name: 'a.pdf', mediaType: 'application/pdf', size: 1, sha256: 'a'.repeat(64) }],
  taxonomyVersion: 2,
  participants: [{ userId: 'filer', name: '干部甲', role: 'lead', share: 100, confirmation: 'confirmed', comment: '' }],
  flags: noDuplicates,
  now,
});

describe('record changes', () => {
  it('files a draft at version 1 with its history line and the created event', () => {
    expect(draft).toMatchObject({ _id: 'r1', version: 1, status: 'draft', cadreId: 'filer', firstLevelCode: 'INVEST', taxonomyVersion: 2, evidenceHashes: ['a'.repeat(64)] });
    expect(draft.history).toEqual([{ action: 'create', from: null, to: 'draft', actorId: 'filer', actorName: '干部甲', at: now, comment: '', version: 1 }]);
    expect(created).toEqual([{ subject: 'records.record.created', data: expect.objectContaining({ recordId: 'r1', version: 1, status: 'draft', createdAt: now.toISOString() }) }]);
  });

  it('announces an edit like a transition draft → draft, at the next version', () => {
    const content = editedContent(draft, { version: 1, title: '修订', itemCode: 'HONOR-01' });
    expect(content).toMatchObject({ title: '修订', itemCode: 'HONOR-01', periodEnd: '2026-02-28' });
    const change = editChange(draft, { content, participants: draft.participants, taxonomyVersion: 3, flags: noDuplicates }, filer, now);
    expect(change.set).toMatchObject({ title: '修订', firstLevelCode: 'HONOR', taxonomyVersion: 3, participantIds: ['filer'] });
    expect(change.push).toEqual({ history: expect.objectContaining({ action: 'edit', from: 'draft', to: 'draft', version: 2 }) });
    expect(change.events).toEqual([
      { subject: 'records.record.updated', data: expect.objectContaining({ version: 2, status: 'draft', fromStatus: 'draft', action: 'edit', itemCode: 'HONOR-01' }) },
    ]);
  });

  it('keeps the taxonomy version an unchanged item code was filed under', () => {
    expect(taxonomyVersionFor(draft, 'INVEST-03', 5)).toBe(2);
    expect(taxonomyVersionFor(draft, 'HONOR-01', 5)).toBe(5);
  });

  it('stamps a submission with its time and duplicate flags', () => {
    const change = transitionChange(draft, { action: 'submit', to: 'submitted', who: filer, comment: '', flags: { duplicateEvidence: true, duplicateOf: ['r0'] }, now });
    expect(change.set).toEqual({ status: 'submitted', submittedAt: now, duplicateEvidence: true, duplicateOf: ['r0'] });
    expect(change.events).toEqual([{ subject: 'records.record.submitted', data: expect.objectContaining({ version: 2, status: 'submitted', fromStatus: 'draft', submittedAt: now.toISOString() }) }]);
  });

  it('confirms with the rating and the claimed impact level unless the assessor corrects it', () => {
    const reviewed: RecordDocument = { ...draft, status: 'reviewed', version: 4 };
    const kept = transitionChange(reviewed, { action: 'assess:confirm', to: 'verified', who: assessor, comment: '', assessment: { rating: 'good' }, now });
    expect(kept.set).toEqual({ status: 'verified', verifiedAt: now, rating: 'good', confirmedImpactLevel: 'city' });
    const corrected = transitionChange(reviewed, { action: 'assess:confirm', to: 'verified', who: assessor, comment: '省级', assessment: { rating: 'excellent', confirmedImpactLevel: 'province' }, now });
    expect(corrected.events?.[0]).toEqual({
      subject: 'records.record.verified',
      data: expect.objectContaining({ version: 5, actorId: 'assessor', comment: '省级', rating: 'excellent', claimedImpactLevel: 'city', confirmedImpactLevel: 'province' }),
    });
  });

  it('announces a return by the reviewer or the assessor as records.record.returned', () => {
    const submitted: RecordDocument = { ...draft, status: 'submitted', version: 2 };
    const change = transitionChange(submitted, { action: 'review:return', to: 'draft', who: filer, comment: '补充', now });
    expect(change.set).toEqual({ status: 'draft' });
    expect(change.events?.[0].subject).toBe('records.record.returned');
    expect(change.push).toEqual({ history: expect.objectContaining({ action: 'review:return', from: 'submitted', to: 'draft', comment: '补充', version: 3 }) });
  });

  const shared: RecordDocument = {
    ...draft,
    participants: [
      ...draft.participants,
      { userId: 'member', name: '干部乙', role: 'member', share: 0, confirmation: 'pending', comment: '' },
      { userId: 'other', name: '干部丙', role: 'member', share: 0, confirmation: 'confirmed', comment: '' },
    ],
  };
  const member: Caller = { ...filer, userId: 'member', name: '干部乙' };

  it('records a dispute on the share and in the history, announced as share_answered with every confirmation', () => {
    const change = shareAnswerChange(shared, member, { decision: 'dispute', comment: '应为30%' }, now);
    expect(change.set).toEqual({ participants: [shared.participants[0], expect.objectContaining({ userId: 'member', confirmation: 'disputed', comment: '应为30%' }), shared.participants[2]] });
    expect(change.push).toEqual({ history: expect.objectContaining({ action: 'participation:dispute', from: 'draft', to: 'draft', version: 2 }) });
    expect(change.events).toEqual([
      {
        subject: 'records.record.share_answered',
        data: expect.objectContaining({
          recordId: 'r1',
          version: 2,
          status: 'draft',
          fromStatus: 'draft',
          action: 'dispute_share',
          actorId: 'member',
          comment: '应为30%',
          participants: [
            { userId: 'filer', role: 'lead', share: 100, confirmation: 'confirmed' },
            { userId: 'member', role: 'member', share: 0, confirmation: 'disputed' },
            { userId: 'other', role: 'member', share: 0, confirmation: 'confirmed' },
          ],
        }),
      },
    ]);
  });

  it('announces a confirmation as confirm_share with an empty comment', () => {
    const change = shareAnswerChange({ ...shared, status: 'submitted', version: 3 }, member, { decision: 'confirm', comment: '同意' }, now);
    expect(change.events?.[0]).toEqual({
      subject: 'records.record.share_answered',
      data: expect.objectContaining({ version: 4, status: 'submitted', fromStatus: 'submitted', action: 'confirm_share', actorId: 'member', comment: '' }),
    });
    expect(change.events?.[0].data).toMatchObject({ participants: [{ confirmation: 'confirmed' }, { userId: 'member', confirmation: 'confirmed' }, { confirmation: 'confirmed' }] });
  });

  it('announces only records.record.reopened when a dispute reopens a verified record, with the confirmations', () => {
    const verified: RecordDocument = { ...shared, status: 'verified', version: 6, verifiedAt: now, rating: 'good' };
    const change = shareAnswerChange(verified, member, { decision: 'dispute', comment: '应为30%' }, now, true);
    expect(change.events?.map((e) => e.subject)).toEqual(['records.record.reopened']);
    expect(change.events?.[0].data).toMatchObject({ version: 7, status: 'reviewed', action: 'reopen', participants: [{ confirmation: 'confirmed' }, { confirmation: 'disputed' }, { confirmation: 'confirmed' }] });
  });

  it('reopens a disputed verified record: reviewed, verification and rating cleared, the answer then the reopening in the history', () => {
    const verified: RecordDocument = { ...shared, status: 'verified', version: 6, verifiedAt: now, rating: 'good', confirmedImpactLevel: 'city' };
    const change = shareAnswerChange(verified, member, { decision: 'dispute', comment: '应为30%' }, now, true);
    expect(change.set).toEqual({
      participants: [shared.participants[0], expect.objectContaining({ userId: 'member', confirmation: 'disputed' }), shared.participants[2]],
      status: 'reviewed',
      verifiedAt: null,
      rating: null,
      confirmedImpactLevel: null,
    });
    expect(change.push).toEqual({
      history: expect.objectContaining({
        $each: [
          { action: 'participation:dispute', from: 'verified', to: 'verified', actorId: 'member', actorName: '干部乙', at: now, comment: '应为30%', version: 7 },
          { action: 'reopen', from: 'verified', to: 'reviewed', actorId: 'member', actorName: '干部乙', at: now, comment: '应为30%', version: 7 },
        ],
      }),
    });
  });

  it('carries each participant\'s confirmation on every transition: the filer confirmed, the others as the record holds them', () => {
    const change = transitionChange({ ...shared, participants: [{ ...shared.participants[0], confirmation: 'pending' }, ...shared.participants.slice(1)] }, { action: 'submit', to: 'submitted', who: filer, comment: '', flags: noDuplicates, now });
    expect(change.events?.[0].data).toMatchObject({ participants: [{ userId: 'filer', confirmation: 'confirmed' }, { userId: 'member', confirmation: 'pending' }, { userId: 'other', confirmation: 'confirmed' }] });
    const legacy = { ...shared.participants[1] } as Partial<RecordDocument['participants'][number]>;
    delete legacy.confirmation;
    const old = transitionChange({ ...shared, participants: [shared.participants[0], legacy as RecordDocument['participants'][number]] }, { action: 'submit', to: 'submitted', who: filer, comment: '', flags: noDuplicates, now });
    expect(old.events?.[0].data).toMatchObject({ participants: [{ confirmation: 'confirmed' }, { userId: 'member', confirmation: 'confirmed' }] });
  });
});

describe('taxonomy rules', () => {
  it('names codes used twice and children outside their parent', () => {
    const problems = taxonomyProblems([
      { code: 'INVEST', name: '招商', children: [{ code: 'INVEST-01', name: 'a' }, { code: 'HONOR-01', name: 'b' }] },
      { code: 'INVEST', name: '重复', children: [{ code: 'INVEST-01', name: 'c' }] },
    ]);
    expect(problems).toEqual([
      { path: 'items.0.children.1.code', message: 'must start with INVEST-' },
      { path: 'items.1.code', message: 'is used twice' },
      { path: 'items.1.children.0.code', message: 'is used twice' },
    ]);
  });
});
