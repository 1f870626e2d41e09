/**
 * The records service in process: co-participants' answers to their shares, what each caller sees and lists
 * (CSV included), and duplicate evidence flagged on both records.
 */
import { RPC, type ExportPage } from '@cadre/contracts';
import { exportCsv } from '@cadre/platform';
import { errorPaths } from '@cadre/testing';
import {
  admin,
  assessor,
  cadre1,
  cadre2,
  call,
  colleague,
  districtA,
  evidence,
  enterEarlierRecords,
  eventsOf,
  evidenceIndex,
  file,
  get,
  ids,
  list,
  refused,
  reviewerA,
  reviewerB,
  sha,
  startRecords,
  stopRecords,
  stored,
  storedRecord,
  submit,
  hashOf,
  withFiles,
} from './fixture';

jest.setTimeout(60_000);

describe('records in process: shares, reading and duplicate evidence', () => {
  beforeAll(startRecords);
  afterAll(stopRecords);

  // ── shares ─────────────────────────────────────────────────────────────────────────────────────────

  it('a co-participant confirms or disputes their share (records.record.share_answered); the filer and outsiders cannot', async () => {
    const record = await file(cadre1, {
      participants: [
        { userId: cadre1.id, role: 'lead', share: 50 },
        { userId: cadre2.id, role: 'member', share: 30 },
        { userId: colleague.id, role: 'member', share: 20 },
      ],
    });
    expect(record.participants.map((p) => [p.name, p.confirmation])).toEqual([
      ['干部甲', 'confirmed'],
      ['干部乙', 'pending'],
      ['干部丙', 'pending'],
    ]);
    const confirmed = await call(cadre2, RPC.records.participation, { id: record.id, decision: 'confirm' });
    expect(confirmed.participants[1]).toMatchObject({ userId: cadre2.id, confirmation: 'confirmed' });
    const disputed = await call(colleague, RPC.records.participation, { id: record.id, decision: 'dispute', comment: '应为30%' });
    expect(disputed).toMatchObject({ version: 3 });
    expect(disputed.participants[2]).toMatchObject({ confirmation: 'disputed', comment: '应为30%' });
    expect(disputed.history.slice(1).map((h) => [h.action, h.actorId, h.version])).toEqual([
      ['participation:confirm', cadre2.id, 2],
      ['participation:dispute', colleague.id, 3],
    ]);

    const answer = { id: record.id, decision: 'confirm' };
    for (const who of [cadre1, reviewerA]) {
      expect(await refused(who, RPC.records.participation, answer)).toMatchObject({ status: 403, detail: 'Only a listed co-participant confirms or disputes a share.' });
    }
    expect((await refused(reviewerB, RPC.records.participation, answer)).status).toBe(404);
    expect(errorPaths(await refused(cadre2, RPC.records.participation, { id: record.id, decision: 'maybe' }))).toEqual(['decision']);

    // Each answer is announced (records.record.share_answered), so the inbox knows who still has a share to confirm.
    await submit(cadre1, record.id);
    expect((await eventsOf(record.id, 'records.record.submitted')).map((e) => [e.type, e.data.version, e.data.action])).toEqual([
      ['records.record.created', 1, undefined],
      ['records.record.share_answered', 2, 'confirm_share'],
      ['records.record.share_answered', 3, 'dispute_share'],
      ['records.record.submitted', 4, 'submit'],
    ]);
  });

  // ── reading and listing ────────────────────────────────────────────────────────────────────────────

  it('answers 404 for a record the caller may not see, an unknown id and a malformed one', async () => {
    const record = await file(cadre1);
    for (const who of [cadre2, colleague, reviewerB]) expect((await refused(who, RPC.records.get, { id: record.id })).status).toBe(404);
    for (const who of [cadre1, reviewerA, assessor, admin]) expect((await get(who, record.id)).id).toBe(record.id);
    expect((await refused(assessor, RPC.records.get, { id: 'no-such-record' })).status).toBe(404);
    expect((await refused(assessor, RPC.records.get, { id: 'a/b' })).status).toBe(404);
  });

  it('scopes lists to what each caller may see, and filters within', async () => {
    const mine = await file(colleague, { title: '本局纪实' });
    const shared = await file(cadre2, { title: '乙区合作', participants: [{ userId: cadre2.id, role: 'lead', share: 80 }, { userId: colleague.id, role: 'member', share: 20 }] });
    await submit(colleague, mine.id);

    const own = await list(colleague);
    expect(ids(own)).toEqual(expect.arrayContaining([mine.id, shared.id]));
    expect(own.items.every((r) => r.cadreId === colleague.id || r.participants.some((p) => p.userId === colleague.id))).toBe(true);
    const forA = await list(reviewerA);
    expect(ids(forA)).toContain(mine.id);
    expect(ids(forA)).not.toContain(shared.id);
    expect(forA.items.every((r) => r.departmentPath.includes(districtA.id))).toBe(true);
    const forB = await list(reviewerB);
    expect(ids(forB)).toContain(shared.id);
    expect(ids(forB)).not.toContain(mine.id);
    for (const who of [assessor, admin]) expect((await list(who)).total).toBe(await stored());

    expect(ids(await list(assessor, { cadreId: colleague.id, status: 'submitted' }))).toEqual([mine.id]);
    expect((await list(reviewerB, { cadreId: colleague.id })).total).toBe(0);
    expect(errorPaths(await refused(assessor, RPC.records.list, { pageSize: '101', colour: 'red' }))).toEqual(['colour', 'pageSize']);
  });

  it('exports the caller’s scope as CSV with Chinese headers', async () => {
    const record = await file(cadre2, { title: '项目签约,第一批' });
    const forB = await call<ExportPage>(reviewerB, RPC.records.list, { format: 'csv', cadreId: cadre2.id, sort: 'createdAt' }).then((page) => ({ csv: exportCsv(page), filename: page.filename, next: page.next }));
    expect(forB.filename).toMatch(/^records-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(forB.next).toBeNull();
    const lines = forB.csv.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean);
    expect(lines[0].split(',').slice(0, 4)).toEqual(['标题', '填报人', '单位', '填报项']);
    expect(lines[0].split(',').at(-1)).toBe('编号');
    const line = lines.find((l) => l.endsWith(`,${record.id}`))!;
    expect(line).toContain('"项目签约,第一批"');
    // For people: the filer's and the department's names, the item's name, Chinese labels, Beijing time.
    expect(line).toContain(`,${cadre2.name},${cadre2.department.name},`);
    expect(line).toMatch(/,招商引资 \/ [^,]+,草稿,/);
    expect(line).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2},,,/);
    expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    expect(line.replace(/,[^,]*$/, '')).not.toContain(cadre2.id);
    const forA = await call<ExportPage>(reviewerA, RPC.records.list, { format: 'csv', cadreId: cadre2.id });
    expect(forA.rows).toEqual([]);
    expect(exportCsv(forA).replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean)).toHaveLength(1);
  });

  // ── duplicate evidence ─────────────────────────────────────────────────────────────────────────────

  it('flags the same evidence of two filers on both records, without moving the other record’s version', async () => {
    const hash = sha();
    const earlier = await file(cadre1, { evidence: [evidence(hash)] });
    // The same filer reusing it is flagged as well (issue #18 item 8).
    const sameFiler = await file(cadre1, { evidence: [evidence(hash)] });
    expect(sameFiler).toMatchObject({ duplicateEvidence: true, duplicateOf: [earlier.id] });
    await submit(cadre1, earlier.id);

    const later = await file(cadre2, { evidence: [evidence(sha()), evidence(hash)] });
    expect(later.duplicateEvidence).toBe(true);
    expect([...later.duplicateOf].sort()).toEqual([earlier.id, sameFiler.id].sort());
    // The answer implies the flag on the others: read straight after it, without waiting.
    const flagged = await storedRecord(earlier.id);
    expect(flagged).toMatchObject({ duplicateEvidence: true, duplicateOf: [sameFiler.id, later.id], version: 2 });
    expect(await get(reviewerA, earlier.id)).toMatchObject({ duplicateEvidence: true, duplicateOf: [sameFiler.id, later.id] });
    // No version bump: the filer's edit at the version they read still goes through.
    expect(await call(cadre1, RPC.records.update, { id: sameFiler.id, version: 1, title: '仍可修改' })).toMatchObject({ version: 2, duplicateEvidence: true, duplicateOf: [later.id, earlier.id] });

    expect(ids(await list(reviewerA, { duplicateEvidence: 'true' }))).toContain(earlier.id);
    expect(ids(await list(reviewerB, { duplicateEvidence: 'true' }))).toContain(later.id);
    expect(ids(await list(assessor, { duplicateEvidence: 'false' }))).not.toContain(later.id);
  });

  it('flags both ways when two filers submit the same evidence at once', async () => {
    const hash = sha();
    const one = await file(cadre1, { evidence: [evidence(hash)] });
    const other = await file(cadre2, { evidence: [evidence(hash)] });
    const [a, b] = await Promise.all([submit(cadre1, one.id), submit(cadre2, other.id)]);
    expect(a.duplicateOf).toContain(other.id);
    expect(b.duplicateOf).toContain(one.id);
    expect(await storedRecord(one.id)).toMatchObject({ duplicateEvidence: true });
    expect(await storedRecord(other.id)).toMatchObject({ duplicateEvidence: true });
  });

  it('does not flag a record whose shared evidence was edited away, nor on its behalf', async () => {
    const hash = sha();
    const edited = await file(cadre1, { evidence: [evidence(hash)] });
    await call(cadre1, RPC.records.update, await withFiles(cadre1, { id: edited.id, version: 1, evidence: [evidence(sha())] }));
    const later = await file(cadre2, { evidence: [evidence(hash)] });
    expect(later).toMatchObject({ duplicateEvidence: false, duplicateOf: [] });
    expect(await storedRecord(edited.id)).toMatchObject({ duplicateEvidence: false, duplicateOf: [] });
  });

  it('finds records filed before the evidence index existed once a start has entered them', async () => {
    const hash = sha();
    const earlier = await file(cadre1, { evidence: [evidence(hash)] });
    // As an older version left the database: the record, no index entry, no mark that earlier records were entered.
    await evidenceIndex().deleteMany({ _id: { $in: [hashOf(hash), 'backfilled:v1'] } });
    await enterEarlierRecords();
    expect(await evidenceIndex().findOne({ _id: hashOf(hash) })).toMatchObject({ records: [earlier.id] });
    const later = await file(cadre2, { evidence: [evidence(hash)] });
    expect(later.duplicateOf).toEqual([earlier.id]);
    expect(await storedRecord(earlier.id)).toMatchObject({ duplicateEvidence: true, duplicateOf: [later.id] });
  });
});
