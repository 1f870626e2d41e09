/**
 * The records loop's fairness rules in process (issue #18): a period may not end more than 31 days ahead, the same
 * filer reusing evidence is flagged, a draft can be deleted and a submission withdrawn, shares must be confirmed
 * before review, and a share disputed after verification reopens the record.
 */
import { RPC } from '@cadre/contracts';
import { errorPaths } from '@cadre/testing';
import { beijingDatePlus } from '../../src/records/domain/period';
import { admin, assessor, cadre1, cadre2, call, colleague, eventsOf, evidence, file, get, ids, last, list, refused, review, reviewerA, reviewerB, sha, startRecords, stopRecords, stored, storedRecord, submit } from './fixture';

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
});
