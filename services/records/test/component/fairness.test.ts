/**
 * The records loop's fairness rules in process (issue #18): a period may not end more than 31 days ahead, the same
 * filer reusing evidence is flagged, a draft can be deleted and a submission withdrawn, shares must be confirmed
 * before review, and a share disputed after verification reopens the record.
 */
import { RPC } from '@cadre/contracts';
import { errorPaths } from '@cadre/testing';
import { beijingDatePlus } from '../../src/records/domain/period';
import { cadre1, call, evidence, file, get, ids, list, refused, reviewerA, sha, startRecords, stopRecords, stored, storedRecord, submit } from './fixture';

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
});
