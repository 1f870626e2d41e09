/**
 * The records service in process: filing, editing at the client's version, the closed loop 报送 → 审核 → 研判
 * with its events, returns, rejection and revocation, and every refusal with the wrong role or the wrong
 * department. Whole-system flows stay in records.e2e.test.ts.
 */
import { RPC } from '@cadre/contracts';
import { errorPaths } from '@cadre/testing';
import {
  admin,
  assess,
  assessor,
  bureauA1,
  cadre1,
  cadre2,
  call,
  colleague,
  draft,
  evidence,
  eventsOf,
  file,
  get,
  inactive,
  last,
  refused,
  revCadre,
  review,
  reviewerA,
  reviewerB,
  sha,
  startRecords,
  stopRecords,
  stored,
  submit,
  type Detail,
  withFiles,
} from './fixture';

jest.setTimeout(60_000);

describe('records in process: filing and the closed loop', () => {
  beforeAll(startRecords);
  afterAll(stopRecords);

  /** A record taken through submit and approval: ready for assessment. */
  async function reviewed(fields: Record<string, unknown> = {}): Promise<Detail> {
    const record = await file(cadre1, fields);
    await submit(cadre1, record.id);
    return review(reviewerA, record.id, 'approve');
  }

  // ── filing ─────────────────────────────────────────────────────────────────────────────────────────

  it('files a draft and announces records.record.created', async () => {
    const created = await file(cadre1, { results: [{ name: '引进资金', value: 5, unit: '亿元' }] });
    expect(created).toMatchObject({
      status: 'draft',
      version: 1,
      cadreId: cadre1.id,
      cadreName: '干部甲',
      departmentId: bureauA1.id,
      departmentPath: bureauA1.path,
      firstLevelCode: 'INVEST',
      taxonomyVersion: 1,
      duplicateEvidence: false,
      participants: [expect.objectContaining({ userId: cadre1.id, role: 'lead', share: 100, confirmation: 'confirmed' })],
      history: [expect.objectContaining({ action: 'create', from: null, to: 'draft', actorId: cadre1.id, version: 1 })],
    });
    const [event] = await eventsOf(created.id, 'records.record.created');
    expect(event).toMatchObject({ type: 'records.record.created', producer: 'records' });
    expect(event.data).toMatchObject({ recordId: created.id, version: 1, cadreId: cadre1.id, departmentPath: bureauA1.path, itemCode: 'INVEST-03', status: 'draft', createdAt: created.createdAt });
  });

  it('names every offending field in one 400 and stores nothing', async () => {
    const before = await stored();
    const problem = await refused(cadre1, RPC.records.create, draft({ title: '', itemCode: 'ZZZ-01', periodStart: '2026-06-30', periodEnd: '2026-01-01', owner: 'me' }));
    expect(problem.status).toBe(400);
    expect(errorPaths(problem)).toEqual(['itemCode', 'owner', 'periodEnd', 'title']);
    const shares = await refused(cadre1, RPC.records.create, draft({ participants: [{ userId: cadre1.id, role: 'member', share: 60 }, { userId: cadre2.id, role: 'member', share: 30 }] }));
    expect(shares.errors).toEqual(expect.arrayContaining([{ path: 'participants', message: 'shares must sum to 100 (they sum to 90)' }, { path: 'participants', message: 'must have a lead' }]));
    expect(await stored()).toBe(before);
  });

  it('accepts only known, active cadres as co-participants', async () => {
    const shares = (other: string) => draft({ participants: [{ userId: cadre1.id, role: 'lead', share: 60 }, { userId: other, role: 'member', share: 40 }] });
    for (const other of ['no-such-user', reviewerA.id, inactive.id]) {
      const problem = await refused(cadre1, RPC.records.create, shares(other));
      expect(problem.errors).toEqual([{ path: 'participants.1.userId', message: 'must be an active cadre' }]);
    }
  });

  it('lets only cadres file (403), and nobody without a caller (401)', async () => {
    for (const who of [reviewerA, assessor, admin]) expect(await refused(who, RPC.records.create, draft())).toMatchObject({ status: 403, detail: 'Only cadres file records.' });
    // The role comes first: an invalid draft from a non-cadre is still 403.
    expect((await refused(reviewerA, RPC.records.create, { title: '' })).status).toBe(403);
    expect((await refused(undefined, RPC.records.create, draft())).status).toBe(401);
  });

  // ── editing ────────────────────────────────────────────────────────────────────────────────────────

  it('edits a draft at the version read and announces records.record.updated; a stale version is 409', async () => {
    const record = await file(cadre1);
    const edited = await call(cadre1, RPC.records.update, { id: record.id, version: 1, title: '修订后的标题', itemCode: 'HONOR-01' });
    expect(edited).toMatchObject({ version: 2, status: 'draft', title: '修订后的标题', firstLevelCode: 'HONOR', description: record.description });
    expect(edited.history.at(-1)).toMatchObject({ action: 'edit', from: 'draft', to: 'draft', version: 2 });
    expect((await last(record.id, 'records.record.updated'))?.data).toMatchObject({ version: 2, status: 'draft', fromStatus: 'draft', action: 'edit', itemCode: 'HONOR-01' });

    const stale = await refused(cadre1, RPC.records.update, { id: record.id, version: 1, title: '过期的修改' });
    expect(stale.status).toBe(409);
    expect(stale.detail).toBe('Stale version: the record is at version 2.');
    expect(await get(cadre1, record.id)).toMatchObject({ version: 2, title: '修订后的标题' });
  });

  it('refuses edits: 403 for a non-filer who sees it, 404 for one who does not, 409 once submitted, 400 naming the field', async () => {
    const record = await file(cadre1);
    const edit = { id: record.id, version: 1, title: '他人修改' };
    for (const who of [reviewerA, assessor]) expect(await refused(who, RPC.records.update, edit)).toMatchObject({ status: 403, detail: 'Only the filer edits a record.' });
    for (const who of [cadre2, colleague, reviewerB]) expect((await refused(who, RPC.records.update, edit)).status).toBe(404);
    expect(errorPaths(await refused(cadre1, RPC.records.update, { id: record.id, version: 1, periodEnd: '2025-12-31' }))).toEqual(['periodEnd']);
    expect(errorPaths(await refused(cadre1, RPC.records.update, { id: record.id, title: '没有版本', itemCode: 'ZZZ-01' }))).toEqual(['itemCode', 'version']);
    await submit(cadre1, record.id);
    expect((await refused(cadre1, RPC.records.update, { id: record.id, version: 2, title: '报送后修改' })).status).toBe(409);
    expect(await get(cadre1, record.id)).toMatchObject({ version: 2, status: 'submitted', title: record.title });
  });

  // ── the closed loop ────────────────────────────────────────────────────────────────────────────────

  it('submits, reviews and verifies, announcing each step with the facts scoring needs', async () => {
    const record = await file(cadre1, { participants: [{ userId: cadre1.id, role: 'lead', share: 70 }, { userId: cadre2.id, role: 'member', share: 30 }] });
    const submitted = await submit(cadre1, record.id);
    expect(submitted).toMatchObject({ status: 'submitted', version: 2, submittedAt: expect.any(String) });
    // Shares must be confirmed before the review (issue #18 item 3); the answer is announced (share_answered).
    await call(cadre2, RPC.records.participation, { id: record.id, decision: 'confirm' });
    const approved = await review(reviewerA, record.id, 'approve', '材料齐全');
    expect(approved).toMatchObject({ status: 'reviewed', version: 4 });
    const verified = await assess(assessor, record.id, { decision: 'confirm', rating: 'excellent', impactLevel: 'province', comment: '省级推广' });
    expect(verified).toMatchObject({ status: 'verified', version: 5, rating: 'excellent', impactLevel: 'city', confirmedImpactLevel: 'province', verifiedAt: expect.any(String) });
    expect(verified.history.map((h) => [h.action, h.actorId, h.version])).toEqual([
      ['create', cadre1.id, 1],
      ['submit', cadre1.id, 2],
      ['participation:confirm', cadre2.id, 3],
      ['review:approve', reviewerA.id, 4],
      ['assess:confirm', assessor.id, 5],
    ]);

    const events = await eventsOf(record.id, 'records.record.verified');
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['records.record.created', 1],
      ['records.record.submitted', 2],
      ['records.record.share_answered', 3],
      ['records.record.reviewed', 4],
      ['records.record.verified', 5],
    ]);
    expect(events[1].data).toMatchObject({ status: 'submitted', fromStatus: 'draft', action: 'submit', actorId: cadre1.id, submittedAt: submitted.submittedAt });
    expect(events[2].data).toMatchObject({ status: 'submitted', fromStatus: 'submitted', action: 'confirm_share', actorId: cadre2.id, comment: '' });
    expect(events[3].data).toMatchObject({ status: 'reviewed', fromStatus: 'submitted', action: 'review:approve', actorId: reviewerA.id, comment: '材料齐全' });
    expect(events[4].data).toMatchObject({
      status: 'verified',
      fromStatus: 'reviewed',
      action: 'assess:confirm',
      actorId: assessor.id,
      cadreId: cadre1.id,
      departmentPath: bureauA1.path,
      claimedImpactLevel: 'city',
      confirmedImpactLevel: 'province',
      rating: 'excellent',
      verifiedAt: verified.verifiedAt,
      createdAt: record.createdAt,
      participants: [
        { userId: cadre1.id, role: 'lead', share: 70, confirmation: 'confirmed' },
        { userId: cadre2.id, role: 'member', share: 30, confirmation: 'confirmed' },
      ],
    });
  });

  it('returns by the reviewer and the assessor put the record back in draft, announced as records.record.returned', async () => {
    const record = await file(cadre1);
    await submit(cadre1, record.id);
    expect(await review(reviewerA, record.id, 'return', '请补充佐证')).toMatchObject({ status: 'draft', version: 3 });
    await call(cadre1, RPC.records.update, await withFiles(cadre1, { id: record.id, version: 3, evidence: [evidence(sha())] }));
    await submit(cadre1, record.id);
    await review(reviewerA, record.id, 'approve');
    expect(await assess(assessor, record.id, { decision: 'return', comment: '依据不足' })).toMatchObject({ status: 'draft', version: 7, rating: null });
    const returns = (await eventsOf(record.id, 'records.record.returned', 2)).filter((e) => e.type === 'records.record.returned').map((e) => e.data);
    expect(returns.map(({ action, fromStatus, status, comment, version }) => ({ action, fromStatus, status, comment, version }))).toEqual([
      { action: 'review:return', fromStatus: 'submitted', status: 'draft', comment: '请补充佐证', version: 3 },
      { action: 'assess:return', fromStatus: 'reviewed', status: 'draft', comment: '依据不足', version: 7 },
    ]);
  });

  it('a rejection is final (records.record.rejected); every further step answers 409', async () => {
    const record = await file(cadre1);
    await submit(cadre1, record.id);
    expect(await review(reviewerA, record.id, 'reject', '与职责无关')).toMatchObject({ status: 'rejected', version: 3 });
    expect((await last(record.id, 'records.record.rejected'))?.data).toMatchObject({ status: 'rejected', action: 'review:reject', comment: '与职责无关' });
    const id = record.id;
    const refusals = await Promise.all([
      refused(reviewerA, RPC.records.review, { id, decision: 'approve', comment: '' }),
      refused(cadre1, RPC.records.submit, { id }),
      refused(cadre1, RPC.records.update, { id, version: 3, title: '再试' }),
      refused(assessor, RPC.records.assess, { id, decision: 'confirm', rating: 'pass' }),
      refused(admin, RPC.records.revoke, { id, reason: '测试' }),
    ]);
    expect(refusals.map((p) => p.status)).toEqual([409, 409, 409, 409, 409]);
    expect(await get(cadre1, id)).toMatchObject({ status: 'rejected', version: 3 });
  });

  it('refuses review by the wrong role (403), outside the department (404) and by a participant (403)', async () => {
    const record = await file(cadre1, { participants: [{ userId: cadre1.id, role: 'lead', share: 60 }, { userId: revCadre.id, role: 'member', share: 40 }] });
    await submit(cadre1, record.id);
    const approve = { id: record.id, decision: 'approve', comment: '' };
    expect(await refused(assessor, RPC.records.review, approve)).toMatchObject({ status: 403, detail: 'Only reviewers review records.' });
    expect(await refused(admin, RPC.records.review, approve)).toMatchObject({ status: 403, detail: 'Only reviewers review records.' });
    expect((await refused(reviewerB, RPC.records.review, approve)).status).toBe(404);
    expect(await refused(revCadre, RPC.records.review, approve)).toMatchObject({ status: 403, detail: 'Nobody reviews a record they filed or take part in.' });
    expect(await get(cadre1, record.id)).toMatchObject({ status: 'submitted', version: 2 });

    // District B's record is reviewerB's, not reviewerA's.
    const inB = await file(cadre2);
    await submit(cadre2, inB.id);
    expect((await refused(reviewerA, RPC.records.review, { id: inB.id, decision: 'approve', comment: '' })).status).toBe(404);
    expect(await review(reviewerB, inB.id, 'approve')).toMatchObject({ status: 'reviewed' });
  });

  it('refuses submission by anyone but the filer, assessment by a reviewer, and steps out of order', async () => {
    const record = await file(cadre1);
    expect(await refused(reviewerA, RPC.records.submit, { id: record.id })).toMatchObject({ status: 403, detail: 'Only the filer submits a record.' });
    expect((await refused(cadre2, RPC.records.submit, { id: record.id })).status).toBe(404);
    expect((await refused(cadre1, RPC.records.submit, { id: record.id, status: 'submitted' })).errors).toEqual([expect.objectContaining({ path: 'status' })]);
    expect((await refused(reviewerA, RPC.records.review, { id: record.id, decision: 'approve', comment: '' })).status).toBe(409);
    await submit(cadre1, record.id);
    expect((await refused(cadre1, RPC.records.submit, { id: record.id })).status).toBe(409);
    expect((await refused(assessor, RPC.records.assess, { id: record.id, decision: 'confirm', rating: 'good' })).status).toBe(409);
    await review(reviewerA, record.id, 'approve');
    expect(await refused(reviewerA, RPC.records.assess, { id: record.id, decision: 'confirm', rating: 'good' })).toMatchObject({ status: 403, detail: 'Only assessors assess records.' });
    expect(errorPaths(await refused(assessor, RPC.records.assess, { id: record.id, decision: 'confirm' }))).toEqual(['rating']);
    expect(errorPaths(await refused(assessor, RPC.records.assess, { id: record.id, decision: 'return', rating: 'good' }))).toEqual(['rating']);
    expect(await get(assessor, record.id)).toMatchObject({ status: 'reviewed', version: 3, rating: null });
  });

  it('lets an administrator revoke a verified record (records.record.revoked); others 403; not verified 409', async () => {
    const record = await reviewed();
    expect((await refused(admin, RPC.records.revoke, { id: record.id, reason: '测试' })).status).toBe(409);
    await assess(assessor, record.id, { decision: 'confirm', rating: 'pass' });
    for (const who of [cadre1, reviewerA, assessor]) {
      expect(await refused(who, RPC.records.revoke, { id: record.id, reason: '佐证不实' })).toMatchObject({ status: 403, detail: 'Only administrators revoke records.' });
    }
    expect(errorPaths(await refused(admin, RPC.records.revoke, { id: record.id, reason: '  ' }))).toEqual(['reason']);
    const revoked = await call(admin, RPC.records.revoke, { id: record.id, reason: '佐证不实' });
    expect(revoked).toMatchObject({ status: 'revoked', version: 5, rating: 'pass' });
    expect((await last(record.id, 'records.record.revoked'))?.data).toMatchObject({ status: 'revoked', fromStatus: 'verified', action: 'revoke', actorId: admin.id, comment: '佐证不实', version: 5 });
  });

  it('two concurrent submissions: one wins, the other is 409', async () => {
    const record = await file(cadre1);
    const answers = await Promise.allSettled([submit(cadre1, record.id), submit(cadre1, record.id)]);
    expect(answers.map((a) => (a.status === 'fulfilled' ? 200 : (a.reason as { status: number }).status)).sort()).toEqual([200, 409]);
    expect((await get(cadre1, record.id)).history.map((h) => h.action)).toEqual(['create', 'submit']);
  });
});
