/**
 * The records service in process (real FerretDB and NATS, no other service): filing, editing, the closed loop
 * 报送 → 审核 → 研判 with its events, revocation, shares, lists and CSV, duplicate evidence, and every refusal
 * with the wrong role or the wrong department. Whole-system flows stay in records.e2e.test.ts.
 *
 * Directory: city → district A → bureau A1; city → district B.
 */
import { randomBytes } from 'node:crypto';
import { JSONCodec, connect, type NatsConnection } from 'nats';
import { RPC, STREAMS, type EventEnvelope, type Page, type RecordDetailView, type RecordTransitionV1 } from '@cadre/contracts';
import { callerOf, department, errorPaths, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';

jest.setTimeout(60_000);

type Detail = RecordDetailView;
type Transition = EventEnvelope<RecordTransitionV1>;

const city = department('海口市');
const districtA = department('甲区', city);
const bureauA1 = department('甲区商务局', districtA);
const districtB = department('乙区', city);

const cadre1 = user('干部甲', bureauA1, ['cadre']);
const cadre2 = user('干部乙', districtB, ['cadre']);
const colleague = user('干部丙', bureauA1, ['cadre']);
const reviewerA = user('审核员甲', districtA, ['reviewer']);
const reviewerB = user('审核员乙', districtB, ['reviewer']);
const revCadre = user('审核员兼干部', districtA, ['reviewer', 'cadre']);
const assessor = user('研判员', city, ['assessor']);
const admin = user('管理员', city, ['admin']);
const inactive = user('已停用干部', bureauA1, ['cadre'], { active: false });

const sha = () => randomBytes(32).toString('hex');
const evidence = (hash: string) => ({ name: '签约协议.pdf', mediaType: 'application/pdf', size: 2048, sha256: hash, storageKey: `evidence/${hash.slice(0, 12)}.pdf` });
const draft = (fields: Record<string, unknown> = {}) => ({
  itemCode: 'INVEST-03',
  title: '引进区域总部',
  description: '牵头洽谈，促成签约。',
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  impactLevel: 'city',
  ...fields,
});

describe('records in process', () => {
  let records: Component;
  let nc: NatsConnection;

  const call = <T = Detail>(who: UserSeed, pattern: string, payload: unknown) => records.request<T>(pattern, payload, callerOf(who));
  const refused = (who: UserSeed | undefined, pattern: string, payload: unknown) => records.refusal(pattern, payload, who && callerOf(who));
  const file = (who: UserSeed, fields: Record<string, unknown> = {}) => call(who, RPC.records.create, draft(fields));
  const get = (who: UserSeed, id: string) => call(who, RPC.records.get, { id });
  const submit = (who: UserSeed, id: string) => call(who, RPC.records.submit, { id });
  const review = (who: UserSeed, id: string, decision: string, comment = '') => call(who, RPC.records.review, { id, decision, comment });
  const assess = (who: UserSeed, id: string, body: Record<string, unknown>) => call(who, RPC.records.assess, { id, ...body });
  const list = (who: UserSeed, query: Record<string, unknown> = {}) => call<Page<Detail>>(who, RPC.records.list, { pageSize: '100', ...query });
  const stored = () => records.db.collection('records').countDocuments({});
  const storedRecord = (id: string) => records.db.collection<{ _id: string }>('records').findOne({ _id: id });

  // The RECORDS stream read message by message (a filtered consumer, as `published` makes, needs NATS 2.10).
  const codec = JSONCodec<Transition>();
  const streamed: Transition[] = [];
  async function published(): Promise<Transition[]> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(STREAMS.RECORDS.name);
    for (let seq = streamed.length + 1; seq <= state.last_seq; seq += 1) {
      streamed.push(codec.decode((await jsm.streams.getMessage(STREAMS.RECORDS.name, { seq })).data));
    }
    return streamed;
  }

  /** The events published about one record, once `times` of type `until` have gone out. */
  async function eventsOf(id: string, until: string, times = 1): Promise<Transition[]> {
    return waitUntil(
      async () => {
        const events = (await published()).filter((e) => e.data.recordId === id);
        return events.filter((e) => e.type === until).length >= times ? events : undefined;
      },
      { what: `${until} of ${id}` },
    );
  }
  const last = async (id: string, subject: string) => (await eventsOf(id, subject)).filter((e) => e.type === subject).at(-1);

  const ids = (page: Page<Detail>) => page.items.map((r) => r.id);

  /** A record taken through submit and approval: ready for assessment. */
  async function reviewed(fields: Record<string, unknown> = {}): Promise<Detail> {
    const record = await file(cadre1, fields);
    await submit(cadre1, record.id);
    return review(reviewerA, record.id, 'approve');
  }

  beforeAll(async () => {
    records = await startComponent({ service: 'records', module: (logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger)) });
    await records.seedDirectory({ departments: [city, districtA, bureauA1, districtB], users: [cadre1, cadre2, colleague, reviewerA, reviewerB, revCadre, assessor, admin, inactive] });
    nc = await connect({ servers: records.nats.url });
  });
  afterAll(async () => {
    await nc?.drain();
    await records?.stop();
  });

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
    const approved = await review(reviewerA, record.id, 'approve', '材料齐全');
    expect(approved).toMatchObject({ status: 'reviewed', version: 3 });
    const verified = await assess(assessor, record.id, { decision: 'confirm', rating: 'excellent', impactLevel: 'province', comment: '省级推广' });
    expect(verified).toMatchObject({ status: 'verified', version: 4, rating: 'excellent', impactLevel: 'city', confirmedImpactLevel: 'province', verifiedAt: expect.any(String) });
    expect(verified.history.map((h) => [h.action, h.actorId, h.version])).toEqual([
      ['create', cadre1.id, 1],
      ['submit', cadre1.id, 2],
      ['review:approve', reviewerA.id, 3],
      ['assess:confirm', assessor.id, 4],
    ]);

    const events = await eventsOf(record.id, 'records.record.verified');
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['records.record.created', 1],
      ['records.record.submitted', 2],
      ['records.record.reviewed', 3],
      ['records.record.verified', 4],
    ]);
    expect(events[1].data).toMatchObject({ status: 'submitted', fromStatus: 'draft', action: 'submit', actorId: cadre1.id, submittedAt: submitted.submittedAt });
    expect(events[2].data).toMatchObject({ status: 'reviewed', fromStatus: 'submitted', action: 'review:approve', actorId: reviewerA.id, comment: '材料齐全' });
    expect(events[3].data).toMatchObject({
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
        { userId: cadre1.id, role: 'lead', share: 70 },
        { userId: cadre2.id, role: 'member', share: 30 },
      ],
    });
  });

  it('returns by the reviewer and the assessor put the record back in draft, announced as records.record.returned', async () => {
    const record = await file(cadre1);
    await submit(cadre1, record.id);
    expect(await review(reviewerA, record.id, 'return', '请补充佐证')).toMatchObject({ status: 'draft', version: 3 });
    await call(cadre1, RPC.records.update, { id: record.id, version: 3, evidence: [evidence(sha())] });
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

  // ── shares ─────────────────────────────────────────────────────────────────────────────────────────

  it('a co-participant confirms or disputes their share (no event); the filer and outsiders cannot', async () => {
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

    // Answers announce nothing: the next event after created is the submission, at version 4.
    await submit(cadre1, record.id);
    expect((await eventsOf(record.id, 'records.record.submitted')).map((e) => [e.type, e.data.version])).toEqual([
      ['records.record.created', 1],
      ['records.record.submitted', 4],
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
    const forB = await call<{ csv: string; filename: string }>(reviewerB, RPC.records.list, { format: 'csv', cadreId: cadre2.id, sort: 'createdAt' });
    expect(forB.filename).toMatch(/^records-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = forB.csv.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['编号', '标题', '填报人']);
    expect(lines.find((line) => line.startsWith(record.id))).toContain('"项目签约,第一批"');
    const forA = await call<{ csv: string }>(reviewerA, RPC.records.list, { format: 'csv', cadreId: cadre2.id });
    expect(forA.csv.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean)).toHaveLength(1);
  });

  // ── duplicate evidence ─────────────────────────────────────────────────────────────────────────────

  it('flags the same evidence of two filers on both records, without moving the other record’s version', async () => {
    const hash = sha();
    const earlier = await file(cadre1, { evidence: [evidence(hash)] });
    const sameFiler = await file(cadre1, { evidence: [evidence(hash)] });
    expect(sameFiler).toMatchObject({ duplicateEvidence: false, duplicateOf: [] });
    await submit(cadre1, earlier.id);

    const later = await file(cadre2, { evidence: [evidence(sha()), evidence(hash)] });
    expect(later.duplicateEvidence).toBe(true);
    expect([...later.duplicateOf].sort()).toEqual([earlier.id, sameFiler.id].sort());
    // The answer implies the flag on the others: read straight after it, without waiting.
    const flagged = await storedRecord(earlier.id);
    expect(flagged).toMatchObject({ duplicateEvidence: true, duplicateOf: [later.id], version: 2 });
    expect(await get(reviewerA, earlier.id)).toMatchObject({ duplicateEvidence: true, duplicateOf: [later.id] });
    // No version bump: the filer's edit at the version they read still goes through.
    expect(await call(cadre1, RPC.records.update, { id: sameFiler.id, version: 1, title: '仍可修改' })).toMatchObject({ version: 2, duplicateEvidence: true, duplicateOf: [later.id] });

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
});
