/**
 * The records loop's fairness rules in process (issue #18): a period may not end more than 31 days ahead, the same
 * filer reusing evidence is flagged, a draft can be deleted and a submission withdrawn, shares must be confirmed
 * before review, and a share disputed after verification reopens the record.
 */
import { RPC } from '@cadre/contracts';
import { errorPaths } from '@cadre/testing';
import { beijingDatePlus } from '../../src/records/domain/period';
import { admin, assess, assessor, cadre1, cadre2, call, colleague, eventsOf, evidence, file, get, ids, last, list, refused, review, reviewerA, reviewerB, sha, startRecords, stopRecords, stored, storedRecord, submit, verifiedDaysAgo, type Detail } from './fixture';

jest.setTimeout(60_000);

describe('records in process: fairness rules', () => {
  beforeAll(startRecords);
  afterAll(stopRecords);

  // ── period bounds ──────────────────────────────────────────────────────────────────────────────────

  it('refuses a period ending later than today + 31 days (Beijing) on create and on edit, naming periodEnd', async () => {
    const before = await stored();
    const tooLate = beijingDatePlus(new Date(), 32);
    const created = await refused(cadre1, RPC.records.create, { itemCode: 'INVEST-03', title: '尚未发生的实绩', periodStart: '2026-01-01', periodEnd: tooLate, impactLevel: 'city' });
    expect(created.status).toBe(400);
    expect(errorPaths(created)).toEqual(['periodEnd']);
    expect(await stored()).toBe(before);

    const record = await file(cadre1, { periodEnd: beijingDatePlus(new Date(), 31) });
    const edited = await refused(cadre1, RPC.records.update, { id: record.id, version: 1, periodEnd: tooLate, title: '' });
    expect(errorPaths(edited)).toEqual(['periodEnd', 'title']);
    expect(errorPaths(await refused(cadre1, RPC.records.update, { id: record.id, version: 1, periodEnd: tooLate }))).toEqual(['periodEnd']);
    expect(await get(cadre1, record.id)).toMatchObject({ version: 1, periodEnd: record.periodEnd });
    expect(await call(cadre1, RPC.records.update, { id: record.id, version: 1, periodEnd: beijingDatePlus(new Date(), 0) })).toMatchObject({ version: 2 });
  });

  // ── same-filer duplicate evidence ─────────────────────────────────────────────────────────────────

  it('flags both records when one filer uses the same evidence twice, and the reviewer finds both', async () => {
    const hash = sha();
    const first = await file(cadre1, { title: '第一次使用佐证', evidence: [evidence(hash)] });
    expect(first).toMatchObject({ duplicateEvidence: false, duplicateOf: [] });
    await submit(cadre1, first.id);
    const second = await file(cadre1, { title: '再次使用同一佐证', evidence: [evidence(sha()), evidence(hash)] });
    expect(second).toMatchObject({ duplicateEvidence: true, duplicateOf: [first.id] });
    expect(await storedRecord(first.id)).toMatchObject({ duplicateEvidence: true, duplicateOf: [second.id], version: 2 });
    const submitted = await submit(cadre1, second.id);
    expect(submitted).toMatchObject({ duplicateEvidence: true, duplicateOf: [first.id] });
    const flagged = ids(await list(reviewerA, { duplicateEvidence: 'true' }));
    expect(flagged).toEqual(expect.arrayContaining([first.id, second.id]));
  });

  // ── dead ends: withdraw a submission, delete a draft ─────────────────────────────────────────────────

  it('lets the filer withdraw a submitted record before review (records.record.withdrawn), keeping the history', async () => {
    const record = await file(cadre1);
    await submit(cadre1, record.id);
    const withdrawn = await call(cadre1, RPC.records.withdraw, { id: record.id, comment: '补充佐证' });
    expect(withdrawn).toMatchObject({ status: 'draft', version: 3 });
    expect(withdrawn.history.map((h) => [h.action, h.from, h.to, h.comment])).toEqual([
      ['create', null, 'draft', ''],
      ['submit', 'draft', 'submitted', ''],
      ['withdraw', 'submitted', 'draft', '补充佐证'],
    ]);
    expect((await last(record.id, 'records.record.withdrawn'))?.data).toMatchObject({ status: 'draft', fromStatus: 'submitted', action: 'withdraw', actorId: cadre1.id, version: 3 });
    // Editable again, and submitted again.
    expect(await call(cadre1, RPC.records.update, { id: record.id, version: 3, title: '撤回后修改' })).toMatchObject({ version: 4, status: 'draft' });
    expect(await submit(cadre1, record.id)).toMatchObject({ status: 'submitted', version: 5 });
  });

  it('refuses a withdrawal by anyone but the filer (403 or 404), and once reviewed or while a draft (409)', async () => {
    const record = await file(cadre1);
    await submit(cadre1, record.id);
    const body = { id: record.id };
    for (const who of [reviewerA, assessor, admin]) expect(await refused(who, RPC.records.withdraw, body)).toMatchObject({ status: 403, detail: 'Only the filer withdraws a record.' });
    for (const who of [cadre2, colleague, reviewerB]) expect((await refused(who, RPC.records.withdraw, body)).status).toBe(404);
    expect(errorPaths(await refused(cadre1, RPC.records.withdraw, { ...body, status: 'draft' }))).toEqual(['status']);
    await review(reviewerA, record.id, 'approve');
    expect((await refused(cadre1, RPC.records.withdraw, body)).status).toBe(409);
    const draftOnly = await file(cadre1);
    expect((await refused(cadre1, RPC.records.withdraw, { id: draftOnly.id })).status).toBe(409);
    expect(await get(cadre1, record.id)).toMatchObject({ status: 'reviewed', version: 3 });
  });

  it('deletes a never-submitted draft: 404 from then on, in no list, announced as records.record.deleted', async () => {
    const hash = sha();
    const record = await file(cadre1, { evidence: [evidence(hash)] });
    expect(await call(cadre1, RPC.records.delete, { id: record.id })).toEqual({ id: record.id, status: 'deleted' });
    expect((await refused(cadre1, RPC.records.get, { id: record.id })).status).toBe(404);
    expect((await refused(admin, RPC.records.get, { id: record.id })).status).toBe(404);
    expect(ids(await list(cadre1))).not.toContain(record.id);
    expect(ids(await list(assessor))).not.toContain(record.id);
    expect((await last(record.id, 'records.record.deleted'))?.data).toMatchObject({ status: 'deleted', fromStatus: 'draft', action: 'delete', actorId: cadre1.id, version: 2 });
    expect((await refused(cadre1, RPC.records.delete, { id: record.id })).status).toBe(404);
    // Its evidence flags nobody any more.
    expect(await file(cadre2, { evidence: [evidence(hash)] })).toMatchObject({ duplicateEvidence: false, duplicateOf: [] });
  });

  it('keeps a draft that was submitted before as discarded, with its history, when its filer deletes it', async () => {
    const record = await file(cadre1);
    await submit(cadre1, record.id);
    await review(reviewerA, record.id, 'return', '请补充');
    await call(cadre1, RPC.records.delete, { id: record.id });
    const discarded = await get(reviewerA, record.id);
    expect(discarded).toMatchObject({ status: 'discarded', version: 4 });
    expect(discarded.history.map((h) => h.action)).toEqual(['create', 'submit', 'review:return', 'delete']);
    expect((await last(record.id, 'records.record.deleted'))?.data).toMatchObject({ status: 'discarded', fromStatus: 'draft', action: 'delete' });
    expect(ids(await list(cadre1, { status: 'discarded' }))).toContain(record.id);
    expect((await refused(cadre1, RPC.records.update, { id: record.id, version: 4, title: '再改' })).status).toBe(409);
    expect((await refused(cadre1, RPC.records.submit, { id: record.id })).status).toBe(409);
  });

  it('refuses a deletion by anyone but the filer (403 or 404) and of anything but a draft (409); nothing changes', async () => {
    const record = await file(cadre1);
    const body = { id: record.id };
    for (const who of [reviewerA, assessor, admin]) expect(await refused(who, RPC.records.delete, body)).toMatchObject({ status: 403, detail: 'Only the filer deletes a record.' });
    for (const who of [cadre2, colleague, reviewerB]) expect((await refused(who, RPC.records.delete, body)).status).toBe(404);
    await submit(cadre1, record.id);
    expect(await refused(cadre1, RPC.records.delete, body)).toMatchObject({ status: 409, detail: 'Only a draft can be deleted; this record is "submitted".' });
    expect(await get(cadre1, record.id)).toMatchObject({ status: 'submitted', version: 2 });
    expect((await eventsOf(record.id, 'records.record.submitted')).map((e) => e.type)).not.toContain('records.record.deleted');
  });

  // ── shares must really be confirmed ────────────────────────────────────────────────────────────────

  const shared = () => file(cadre1, { participants: [{ userId: cadre1.id, role: 'lead', share: 50 }, { userId: cadre2.id, role: 'member', share: 30 }, { userId: colleague.id, role: 'member', share: 20 }] });
  const answer = (who: typeof cadre2, id: string, decision: 'confirm' | 'dispute', comment = '') => call(who, RPC.records.participation, { id, decision, comment });

  it('refuses the approval while a share is unanswered or disputed (409 naming them); nothing is written', async () => {
    const record = await shared();
    await submit(cadre1, record.id);
    const approve = { id: record.id, decision: 'approve', comment: '' };
    expect(await refused(reviewerA, RPC.records.review, approve)).toMatchObject({ status: 409, detail: 'Every participant must confirm their share first (未确认份额：干部乙、干部丙).' });
    await answer(cadre2, record.id, 'confirm');
    await answer(colleague, record.id, 'dispute', '我的份额应为30%');
    expect(await refused(reviewerA, RPC.records.review, approve)).toMatchObject({ status: 409, detail: 'Every participant must confirm their share first (对份额有异议：干部丙).' });
    expect(await get(cadre1, record.id)).toMatchObject({ status: 'submitted', version: 4 });
    // A return still goes through, and the filer fixes the shares: every confirmation starts again.
    const returned = await review(reviewerA, record.id, 'return', '请与参与人核对份额');
    const fixed = await call(cadre1, RPC.records.update, {
      id: record.id,
      version: returned.version,
      participants: [{ userId: cadre1.id, role: 'lead', share: 40 }, { userId: cadre2.id, role: 'member', share: 30 }, { userId: colleague.id, role: 'member', share: 30 }],
    });
    expect(fixed.participants.map((p) => p.confirmation)).toEqual(['confirmed', 'pending', 'pending']);
    await submit(cadre1, record.id);
    await answer(cadre2, record.id, 'confirm');
    await answer(colleague, record.id, 'confirm');
    expect(await review(reviewerA, record.id, 'approve')).toMatchObject({ status: 'reviewed' });
  });

  it('refuses the verification when a share was disputed after the review (409), while a return still goes', async () => {
    const record = await shared();
    await submit(cadre1, record.id);
    await answer(cadre2, record.id, 'confirm');
    await answer(colleague, record.id, 'confirm');
    await review(reviewerA, record.id, 'approve');
    await answer(colleague, record.id, 'dispute', '改变主意');
    expect(await refused(assessor, RPC.records.assess, { id: record.id, decision: 'confirm', rating: 'good' })).toMatchObject({ status: 409, detail: 'Every participant must confirm their share first (对份额有异议：干部丙).' });
    expect(await assess(assessor, record.id, { decision: 'return', comment: '份额有争议' })).toMatchObject({ status: 'draft' });
  });

  it('announces each answer as records.record.share_answered with every participant\'s confirmation, through the outbox', async () => {
    const record = await shared();
    await submit(cadre1, record.id);
    expect((await last(record.id, 'records.record.submitted'))?.data.participants).toEqual([
      { userId: cadre1.id, role: 'lead', share: 50, confirmation: 'confirmed' },
      { userId: cadre2.id, role: 'member', share: 30, confirmation: 'pending' },
      { userId: colleague.id, role: 'member', share: 20, confirmation: 'pending' },
    ]);
    await answer(cadre2, record.id, 'confirm', '无异议');
    await answer(colleague, record.id, 'dispute', '我的份额应为30%');
    const answers = (await eventsOf(record.id, 'records.record.share_answered', 2)).filter((e) => e.type === 'records.record.share_answered');
    expect(answers.map((e) => e.data)).toEqual([
      expect.objectContaining({ version: 3, status: 'submitted', fromStatus: 'submitted', action: 'confirm_share', actorId: cadre2.id, comment: '' }),
      expect.objectContaining({ version: 4, status: 'submitted', fromStatus: 'submitted', action: 'dispute_share', actorId: colleague.id, comment: '我的份额应为30%' }),
    ]);
    expect(answers.map((e) => e.data.participants.map((p) => p.confirmation))).toEqual([
      ['confirmed', 'confirmed', 'pending'],
      ['confirmed', 'confirmed', 'disputed'],
    ]);
  });

  async function verifiedShared(): Promise<Detail> {
    const record = await shared();
    await submit(cadre1, record.id);
    await answer(cadre2, record.id, 'confirm');
    await answer(colleague, record.id, 'confirm');
    await review(reviewerA, record.id, 'approve');
    return assess(assessor, record.id, { decision: 'confirm', rating: 'good' });
  }

  it('a dispute after verification reopens the record to the assessor (records.record.reopened); re-confirmed, it is verified again', async () => {
    const verified = await verifiedShared();
    expect(verified).toMatchObject({ status: 'verified', version: 6 });
    const reopened = await answer(colleague, verified.id, 'dispute', '实际贡献应为30%');
    expect(reopened).toMatchObject({ status: 'reviewed', version: 7, rating: null, verifiedAt: null, confirmedImpactLevel: null });
    expect(reopened.history.slice(-2).map((h) => [h.action, h.from, h.to, h.comment, h.actorId])).toEqual([
      ['participation:dispute', 'verified', 'verified', '实际贡献应为30%', colleague.id],
      ['reopen', 'verified', 'reviewed', '实际贡献应为30%', colleague.id],
    ]);
    expect((await last(verified.id, 'records.record.reopened'))?.data).toMatchObject({ status: 'reviewed', fromStatus: 'verified', action: 'reopen', actorId: colleague.id, comment: '实际贡献应为30%', version: 7, verifiedAt: null, rating: null });
    expect((await last(verified.id, 'records.record.reopened'))?.data.participants.map((p) => p.confirmation)).toEqual(['confirmed', 'confirmed', 'disputed']);

    expect((await refused(assessor, RPC.records.assess, { id: verified.id, decision: 'confirm', rating: 'good' })).status).toBe(409);
    await answer(colleague, verified.id, 'confirm', '已协商一致');
    const again = await assess(assessor, verified.id, { decision: 'confirm', rating: 'pass' });
    expect(again).toMatchObject({ status: 'verified', version: 9, rating: 'pass' });
    const verifiedEvents = (await eventsOf(verified.id, 'records.record.verified', 2)).filter((e) => e.type === 'records.record.verified');
    expect(verifiedEvents.map((e) => e.data.version)).toEqual([6, 9]);
    // The dispute that reopened it is announced once, as reopened; the answers before and after as share_answered.
    const all = await eventsOf(verified.id, 'records.record.verified', 2);
    expect(all.filter((e) => e.type === 'records.record.share_answered').map((e) => [e.data.version, e.data.action])).toEqual([
      [3, 'confirm_share'],
      [4, 'confirm_share'],
      [8, 'confirm_share'],
    ]);
  });

  it('refuses a dispute of a verified record without a reason (400 naming comment) or after the window (409); nothing changes', async () => {
    const verified = await verifiedShared();
    const dispute = { id: verified.id, decision: 'dispute' };
    expect(errorPaths(await refused(colleague, RPC.records.participation, dispute))).toEqual(['comment']);
    await verifiedDaysAgo(verified.id, 31);
    expect(await refused(colleague, RPC.records.participation, { ...dispute, comment: '太晚了' })).toMatchObject({ status: 409, detail: 'A share can be disputed within 30 days of the verification; that time has passed.' });
    expect(await storedRecord(verified.id)).toMatchObject({ status: 'verified', version: 6 });
    // Only a listed co-participant disputes: the filer, a reviewer, another cadre are refused.
    expect((await refused(cadre1, RPC.records.participation, { ...dispute, comment: '理由' })).status).toBe(403);
    expect((await refused(reviewerA, RPC.records.participation, { ...dispute, comment: '理由' })).status).toBe(403);
    expect((await refused(reviewerB, RPC.records.participation, { ...dispute, comment: '理由' })).status).toBe(404);
  });
});
