/**
 * Performance records (履职纪实) end to end, through the gateway's HTTP API only: the closed loop
 * 报送 → 审核 → 研判 with its history, returns, rejection and revocation; who may see and act on what across a
 * department tree; participants and their shares; input hardening (nothing stored on a 400); duplicate evidence;
 * list filters, paging, sorting and CSV; the verified event on JetStream; the versioned taxonomy (last: it
 * changes the current taxonomy for the rest of the file).
 *
 * Real processes only: a private NATS+JetStream server, the five services from their build (the gateway is
 * ready only when every service answers), FerretDB and Redis. FerretDB is read directly only to wait for the
 * directory replica and to prove that refused input stored nothing.
 *
 * Department tree: root (CITY) → district A → bureau A1; root → district B.
 */
import { randomBytes } from 'node:crypto';
import { Workbook } from 'exceljs';
import { connect, JSONCodec, type NatsConnection } from 'nats';
import { STREAMS, recordDetailViewSchema, recordPageViewSchema, taxonomyViewSchema, type DepartmentView, type EventEnvelope, type Page, type RecordDetailView, type RecordTransitionV1, type TaxonomyView, type UserView } from '@cadre/contracts';
import {
  PROBLEM_CONTENT_TYPE as PROBLEM,
  errorPaths,
  expectInvalid,
  expectProblem,
  expectStatus,
  matchesSchema,
  sleep,
  startPlatform,
  waitUntil,
  type Platform,
  type Reply,
} from '@cadre/testing';

jest.setTimeout(240_000);

type Detail = RecordDetailView;

/** A base draft: everything valid. */
const draft = (fields: Record<string, unknown> = {}) => ({
  itemCode: 'INVEST-03',
  title: '引进世界500强企业区域总部',
  description: '牵头洽谈，促成区域总部签约落地。',
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  impactLevel: 'city',
  ...fields,
});

const sha = () => randomBytes(32).toString('hex');
/** Evidence by key: uploaded by the filer through `POST /files` (the same key, the same bytes and hash) before the record is written. */
const evidence = (key: string) => ({ upload: key });
const NO_SUCH_FILE = 'rec_00000000-0000-4000-8000-000000000000';

describe('records (end to end through the gateway)', () => {
  let platform: Platform;
  let nc: NatsConnection;

  let root: DepartmentView;
  let districtA: DepartmentView;
  let bureauA1: DepartmentView;
  let districtB: DepartmentView;

  const users: Record<'cadre1' | 'cadre2' | 'reviewerA' | 'reviewerB' | 'assessor' | 'revCadre' | 'assessorCadre' | 'lister', UserView> = {} as never;
  const tokens: Record<keyof typeof users | 'admin', string> = {} as never;
  let adminId: string;

  const storedRecords = () => platform.database('records').collection('records').countDocuments({});

  const call: Platform['call'] = (method, path, options) => platform.call(method, path, options);
  const as = (who: keyof typeof tokens) => platform.as(tokens[who]);

  // ── the loop, step by step (each expects success) ────────────────────────────────────────────────
  /** Uploads `key`'s bytes as `who` through the gateway; answers the fileId. */
  const upload = async (who: keyof typeof tokens, key: string): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([`佐证材料 ${key}\n`]), '佐证.txt');
    const response = await fetch(`${platform.apiUrl}/files?purpose=record`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
    expect(response.status).toBe(201);
    return ((await response.json()) as { fileId: string }).fileId;
  };
  /** `body` with every `evidence(key)` uploaded by `who` and replaced by its `{ fileId }`. */
  const withFiles = async (who: keyof typeof tokens, body: Record<string, unknown>) =>
    Array.isArray(body.evidence)
      ? { ...body, evidence: await Promise.all(body.evidence.map(async (e: any) => (e && 'upload' in e ? { fileId: await upload(who, e.upload) } : e))) }
      : body;
  const file = async (who: keyof typeof tokens, fields: Record<string, unknown> = {}) =>
    matchesSchema(recordDetailViewSchema, expectStatus(await as(who).post<Detail>('/records', await withFiles(who, draft(fields))), 201));
  const submit = async (who: keyof typeof tokens, id: string) => matchesSchema(recordDetailViewSchema, expectStatus(await as(who).post<Detail>(`/records/${id}/submit`), 200));
  const review = async (who: keyof typeof tokens, id: string, decision: 'approve' | 'return' | 'reject', comment = '') =>
    matchesSchema(recordDetailViewSchema, expectStatus(await as(who).post<Detail>(`/records/${id}/review`, { decision, comment }), 200));
  const assess = async (who: keyof typeof tokens, id: string, body: Record<string, unknown>) => matchesSchema(recordDetailViewSchema, expectStatus(await as(who).post<Detail>(`/records/${id}/assess`, body), 200));
  /** A co-participant confirms their share: a review waits for every share (issue #18 item 3). */
  const confirmShare = async (who: keyof typeof tokens, id: string) => expectStatus(await as(who).post<Detail>(`/records/${id}/participation`, { decision: 'confirm' }), 200);
  const list = async (who: keyof typeof tokens, query = '') => matchesSchema(recordPageViewSchema, expectStatus(await as(who).get<Page<Detail>>(`/records${query ? `?${query}` : ''}`), 200));
  const ids = (page: Page<Detail>) => page.items.map((item) => item.id);

  async function createUser(key: keyof typeof users, department: DepartmentView, roles: string[], name: string): Promise<void> {
    ({ user: users[key], token: tokens[key] } = await platform.createUser(key, { departmentId: department.id, roles, name }));
  }

  beforeAll(async () => {
    // The gateway is ready only when every service answers, so all five run.
    // Export pages of 2 rows: the CSV and XLSX exports below cross pages.
    platform = await startPlatform({ name: 'records-e2e', env: (service): Record<string, string> => (service === 'records' ? { EXPORT_PAGE_SIZE: '2' } : {}) });
    nc = await connect({ servers: platform.nats.url });

    tokens.admin = platform.adminToken;
    adminId = platform.adminId;
    root = await platform.rootDepartment();
    expect(root).toBeDefined();
    districtA = await platform.createDepartment('甲区', 'DISTA', root.id);
    bureauA1 = await platform.createDepartment('甲区商务局', 'BUREAUA1', districtA.id);
    districtB = await platform.createDepartment('乙区', 'DISTB', root.id);

    await createUser('cadre1', bureauA1, ['cadre'], '干部甲');
    await createUser('cadre2', districtB, ['cadre'], '干部乙');
    await createUser('reviewerA', districtA, ['reviewer'], '审核员甲');
    await createUser('reviewerB', districtB, ['reviewer'], '审核员乙');
    await createUser('assessor', root, ['assessor'], '研判员');
    await createUser('revCadre', districtA, ['reviewer', 'cadre'], '审核员兼干部');
    await createUser('assessorCadre', root, ['assessor', 'cadre'], '研判员兼干部');
    await createUser('lister', bureauA1, ['cadre'], '干部丙');

    // Users reach the records service through `directory.user.upserted`: wait until it knows all of them.
    await platform.replicasKnow(Object.values(users).map((user) => user.id), ['records']);
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await platform?.stop();
  });

  // ── 1. the whole loop ─────────────────────────────────────────────────────────────────────────────

  it('runs the closed loop: file → edit → submit → review → assess (verified), with the full history', async () => {
    const created = await file('cadre1', { impactLevel: 'district', results: [{ name: '引进资金', value: 5, unit: '亿元' }] });
    expect(created).toMatchObject({
      status: 'draft',
      version: 1,
      cadreId: users.cadre1.id,
      cadreName: '干部甲',
      departmentId: bureauA1.id,
      departmentPath: bureauA1.path,
      itemCode: 'INVEST-03',
      firstLevelCode: 'INVEST',
      taxonomyVersion: 1,
      impactLevel: 'district',
      confirmedImpactLevel: null,
      rating: null,
      results: [{ name: '引进资金', value: 5, unit: '亿元' }],
      duplicateEvidence: false,
      submittedAt: null,
      verifiedAt: null,
    });
    expect(created.departmentPath).toEqual(expect.arrayContaining([root.id, districtA.id, bureauA1.id]));
    expect(created.participants).toEqual([expect.objectContaining({ userId: users.cadre1.id, role: 'lead', share: 100 })]);
    expect(created.history).toEqual([expect.objectContaining({ action: 'create', from: null, to: 'draft', actorId: users.cadre1.id, version: 1 })]);

    const edited = expectStatus(await as('cadre1').patch<Detail>(`/records/${created.id}`, { version: 1, title: '引进世界500强企业区域总部（修订）' }), 200);
    expect(edited).toMatchObject({ version: 2, status: 'draft', title: '引进世界500强企业区域总部（修订）', description: created.description });

    const submitted = await submit('cadre1', created.id);
    expect(submitted).toMatchObject({ status: 'submitted', version: 3 });
    expect(submitted.submittedAt).toEqual(expect.any(String));

    const reviewed = await review('reviewerA', created.id, 'approve', '材料齐全，情况属实');
    expect(reviewed).toMatchObject({ status: 'reviewed', version: 4 });

    const verified = await assess('assessor', created.id, { decision: 'confirm', rating: 'good', impactLevel: 'city', comment: '成效明显' });
    expect(verified).toMatchObject({ status: 'verified', version: 5, rating: 'good', impactLevel: 'district', confirmedImpactLevel: 'city' });
    expect(verified.verifiedAt).toEqual(expect.any(String));

    const fetched = matchesSchema(recordDetailViewSchema, expectStatus(await as('cadre1').get<Detail>(`/records/${created.id}`), 200));
    expect(fetched).toMatchObject({ id: created.id, status: 'verified', version: 5, rating: 'good', confirmedImpactLevel: 'city', impactLevel: 'district' });
    expect(fetched.history.map(({ action, from, to, actorId, comment, version }) => ({ action, from, to, actorId, comment, version }))).toEqual([
      { action: 'create', from: null, to: 'draft', actorId: users.cadre1.id, comment: '', version: 1 },
      { action: 'edit', from: 'draft', to: 'draft', actorId: users.cadre1.id, comment: '', version: 2 },
      { action: 'submit', from: 'draft', to: 'submitted', actorId: users.cadre1.id, comment: '', version: 3 },
      { action: 'review:approve', from: 'submitted', to: 'reviewed', actorId: users.reviewerA.id, comment: '材料齐全，情况属实', version: 4 },
      { action: 'assess:confirm', from: 'reviewed', to: 'verified', actorId: users.assessor.id, comment: '成效明显', version: 5 },
    ]);
    expect(fetched.history.map((h) => h.actorName)).toEqual(['干部甲', '干部甲', '干部甲', '审核员甲', '研判员']);
    const times = fetched.history.map((h) => Date.parse(h.at));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // The reviewer and the assessor see it too.
    expect(expectStatus(await as('reviewerA').get<Detail>(`/records/${created.id}`), 200).status).toBe('verified');
    expect(expectStatus(await as('assessor').get<Detail>(`/records/${created.id}`), 200).history).toHaveLength(5);
  });

  it('a record returned by the reviewer or the assessor is back in draft with the comment, editable and resubmittable', async () => {
    const record = await file('cadre1');
    await submit('cadre1', record.id);
    const returned = await review('reviewerA', record.id, 'return', '请补充佐证材料');
    expect(returned).toMatchObject({ status: 'draft', version: 3 });
    expect(returned.history.at(-1)).toMatchObject({ action: 'review:return', from: 'submitted', to: 'draft', actorId: users.reviewerA.id, comment: '请补充佐证材料', version: 3 });

    const edited = expectStatus(await as('cadre1').patch<Detail>(`/records/${record.id}`, await withFiles('cadre1', { version: 3, evidence: [evidence(sha())] })), 200);
    expect(edited).toMatchObject({ status: 'draft', version: 4 });
    expect(edited.evidence).toHaveLength(1);
    expect((await submit('cadre1', record.id)).status).toBe('submitted');
    expect((await review('reviewerA', record.id, 'approve', '已补充')).status).toBe('reviewed');

    const sentBack = await assess('assessor', record.id, { decision: 'return', comment: '影响层级依据不足' });
    expect(sentBack).toMatchObject({ status: 'draft', version: 7, rating: null });
    expect(sentBack.history.at(-1)).toMatchObject({ action: 'assess:return', from: 'reviewed', to: 'draft', actorId: users.assessor.id, comment: '影响层级依据不足', version: 7 });

    expectStatus(await as('cadre1').patch<Detail>(`/records/${record.id}`, { version: 7, impactLevel: 'district' }), 200);
    const again = await submit('cadre1', record.id);
    expect(again).toMatchObject({ status: 'submitted', version: 9, impactLevel: 'district' });
    // The history keeps every step, the comments of both returns included.
    expect(again.history.map((h) => h.action)).toEqual(['create', 'submit', 'review:return', 'edit', 'submit', 'review:approve', 'assess:return', 'edit', 'submit']);
    expect(again.history.map((h) => h.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(again.history.filter((h) => h.comment).map((h) => h.comment)).toEqual(['请补充佐证材料', '已补充', '影响层级依据不足']);
  });

  // ── 2. reject is final; revoke ────────────────────────────────────────────────────────────────────

  it('a rejected record is final: every further action answers 409', async () => {
    const record = await file('cadre1');
    await submit('cadre1', record.id);
    const rejected = await review('reviewerA', record.id, 'reject', '与本人职责无关');
    expect(rejected).toMatchObject({ status: 'rejected', version: 3 });
    expect(rejected.history.at(-1)).toMatchObject({ action: 'review:reject', from: 'submitted', to: 'rejected', comment: '与本人职责无关' });

    expectProblem(await as('reviewerA').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 409);
    expectProblem(await as('reviewerA').post(`/records/${record.id}/review`, { decision: 'return', comment: '' }), 409);
    expectProblem(await as('cadre1').post(`/records/${record.id}/submit`), 409);
    expectProblem(await as('cadre1').patch(`/records/${record.id}`, { version: 3, title: '再试一次' }), 409);
    expectProblem(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'confirm', rating: 'pass' }), 409);
    expectProblem(await as('admin').post(`/records/${record.id}/revoke`, { reason: '测试' }), 409);
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200)).toMatchObject({ status: 'rejected', version: 3 });
  });

  it('an admin revokes a verified record with a reason; others get 403; a record not verified cannot be revoked (409)', async () => {
    const record = await file('cadre1');
    await submit('cadre1', record.id);
    await review('reviewerA', record.id, 'approve');
    const confirmed = await assess('assessor', record.id, { decision: 'confirm', rating: 'pass' });
    // Without a correction the confirmed impact level is the claimed one.
    expect(confirmed).toMatchObject({ status: 'verified', impactLevel: 'city', confirmedImpactLevel: 'city', rating: 'pass' });

    for (const who of ['cadre1', 'reviewerA', 'assessor'] as const) expectProblem(await as(who).post(`/records/${record.id}/revoke`, { reason: '佐证材料不实' }), 403);
    expectInvalid(await as('admin').post(`/records/${record.id}/revoke`, {}), ['reason']);
    expectInvalid(await as('admin').post(`/records/${record.id}/revoke`, { reason: '   ' }), ['reason']);

    const revoked = matchesSchema(recordDetailViewSchema, expectStatus(await as('admin').post<Detail>(`/records/${record.id}/revoke`, { reason: '佐证材料不实' }), 200));
    expect(revoked).toMatchObject({ status: 'revoked', version: 5, rating: 'pass' });
    expect(revoked.history.at(-1)).toMatchObject({ action: 'revoke', from: 'verified', to: 'revoked', actorId: adminId, comment: '佐证材料不实', version: 5 });
    expectProblem(await as('admin').post(`/records/${record.id}/revoke`, { reason: '再次撤销' }), 409);

    const notVerified = await file('cadre1');
    expectProblem(await as('admin').post(`/records/${notVerified.id}/revoke`, { reason: '测试' }), 409);
    await submit('cadre1', notVerified.id);
    expectProblem(await as('admin').post(`/records/${notVerified.id}/revoke`, { reason: '测试' }), 409);
    await review('reviewerA', notVerified.id, 'approve');
    expectProblem(await as('admin').post(`/records/${notVerified.id}/revoke`, { reason: '测试' }), 409);
    expect(expectStatus(await as('admin').get<Detail>(`/records/${notVerified.id}`), 200).status).toBe('reviewed');
  });

  // ── 3. departments and visibility ─────────────────────────────────────────────────────────────────

  it('each role stays within its department: 404 for what a caller may not see, lists scoped to the subtree', async () => {
    const recordA1 = await file('cadre1', { title: '甲区商务局纪实' });
    await submit('cadre1', recordA1.id);
    const recordB = await file('cadre2', { title: '乙区纪实' });
    await submit('cadre2', recordB.id);

    // reviewerB cannot see district A's record, so it is 404 (docs/API.md: not visible → 404), never acted on.
    expectProblem(await as('reviewerB').get(`/records/${recordA1.id}`), 404);
    expectProblem(await as('reviewerB').post(`/records/${recordA1.id}/review`, { decision: 'approve', comment: '' }), 404);
    expectProblem(await as('reviewerA').post(`/records/${recordB.id}/review`, { decision: 'approve', comment: '' }), 404);
    // cadres see only their own.
    expectProblem(await as('cadre2').get(`/records/${recordA1.id}`), 404);
    expectProblem(await as('cadre1').get(`/records/${recordB.id}`), 404);
    expectProblem(await as('lister').get(`/records/${recordA1.id}`), 404);
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${recordA1.id}`), 200).status).toBe('submitted');
    // An unknown id is 404 as well.
    expectProblem(await as('assessor').get('/records/no-such-record'), 404);

    // Lists: reviewerA's subtree includes bureau A1; reviewerB's does not.
    const listA = await list('reviewerA', `cadreId=${users.cadre1.id}&pageSize=100`);
    expect(ids(listA)).toContain(recordA1.id);
    const allA = await list('reviewerA', 'pageSize=100');
    expect(allA.items.every((item) => item.departmentPath.includes(districtA.id))).toBe(true);
    expect(ids(allA)).not.toContain(recordB.id);
    const listB = await list('reviewerB', `cadreId=${users.cadre1.id}&pageSize=100`);
    expect(listB.total).toBe(0);
    const allB = await list('reviewerB', 'pageSize=100');
    expect(ids(allB)).toContain(recordB.id);
    expect(allB.items.every((item) => item.departmentPath.includes(districtB.id))).toBe(true);
    // cadre2 lists only their own.
    const cadre2List = await list('cadre2', 'pageSize=100');
    expect(ids(cadre2List)).toContain(recordB.id);
    expect(cadre2List.items.every((item) => item.cadreId === users.cadre2.id || item.participants.some((p) => p.userId === users.cadre2.id))).toBe(true);
    // Assessors and admins see everything.
    for (const who of ['assessor', 'admin'] as const) {
      const everything = await list(who, 'pageSize=100');
      expect(ids(everything)).toEqual(expect.arrayContaining([recordA1.id, recordB.id]));
      expect(everything.total).toBe(await storedRecords());
    }

    // The reviewer of the right subtree acts; the assessor anywhere.
    expect((await review('reviewerB', recordB.id, 'approve')).status).toBe('reviewed');
    expect((await review('reviewerA', recordA1.id, 'approve')).status).toBe('reviewed');
    // Only cadres file records.
    for (const who of ['reviewerA', 'assessor', 'admin'] as const) expectProblem(await as(who).post('/records', draft()), 403);
  });

  // ── 4. never one's own record ─────────────────────────────────────────────────────────────────────

  it('refuses self-review and review or assessment by a participant (403)', async () => {
    // A reviewer who is also a cadre (district A) files their own record: they cannot review it; reviewerA can.
    const own = await file('revCadre', { title: '审核员本人纪实' });
    expect(own.departmentId).toBe(districtA.id);
    await submit('revCadre', own.id);
    expectProblem(await as('revCadre').post(`/records/${own.id}/review`, { decision: 'approve', comment: '' }), 403);
    expect(expectStatus(await as('revCadre').get<Detail>(`/records/${own.id}`), 200).status).toBe('submitted');
    expect((await review('reviewerA', own.id, 'approve')).status).toBe('reviewed');

    // The same reviewer co-participates in cadre1's record (bureau A1, inside their subtree): refused.
    const shared = await file('cadre1', {
      title: '与审核员共同完成',
      participants: [
        { userId: users.cadre1.id, role: 'lead', share: 60 },
        { userId: users.revCadre.id, role: 'member', share: 40 },
      ],
    });
    await submit('cadre1', shared.id);
    expectProblem(await as('revCadre').post(`/records/${shared.id}/review`, { decision: 'approve', comment: '' }), 403);
    expectProblem(await as('revCadre').post(`/records/${shared.id}/review`, { decision: 'reject', comment: '' }), 403);
    await confirmShare('revCadre', shared.id);
    expect((await review('reviewerA', shared.id, 'approve')).status).toBe('reviewed');

    // An assessor who co-participates cannot assess; another assessor can.
    const withAssessor = await file('cadre1', {
      title: '与研判员共同完成',
      participants: [
        { userId: users.cadre1.id, role: 'lead', share: 70 },
        { userId: users.assessorCadre.id, role: 'member', share: 30 },
      ],
    });
    await submit('cadre1', withAssessor.id);
    await confirmShare('assessorCadre', withAssessor.id);
    await review('reviewerA', withAssessor.id, 'approve');
    expectProblem(await as('assessorCadre').post(`/records/${withAssessor.id}/assess`, { decision: 'confirm', rating: 'excellent' }), 403);
    expectProblem(await as('assessorCadre').post(`/records/${withAssessor.id}/assess`, { decision: 'return', comment: '' }), 403);
    expect(expectStatus(await as('assessor').get<Detail>(`/records/${withAssessor.id}`), 200).status).toBe('reviewed');
    expect((await assess('assessor', withAssessor.id, { decision: 'confirm', rating: 'good' })).status).toBe('verified');
  });

  // ── 5. editing and transitions ────────────────────────────────────────────────────────────────────

  it('edits need the current version and a draft; only the filer edits; invalid transitions answer 409', async () => {
    const record = await file('cadre1');
    expectStatus(await as('cadre1').patch(`/records/${record.id}`, { version: 1, title: '第一次修改' }), 200);
    const stale = expectProblem(await as('cadre1').patch(`/records/${record.id}`, { version: 1, title: '过期的修改' }), 409);
    expect(stale.detail ?? stale.title).toMatch(/version/i);
    expectInvalid(await as('cadre1').patch(`/records/${record.id}`, { title: '没有版本' }), ['version']);
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200)).toMatchObject({ version: 2, title: '第一次修改' });

    // A non-filer: 404 when they cannot see it, 403 when they can.
    expectProblem(await as('cadre2').patch(`/records/${record.id}`, { version: 2, title: '他人修改' }), 404);
    expectProblem(await as('reviewerB').patch(`/records/${record.id}`, { version: 2, title: '他人修改' }), 404);
    expectProblem(await as('reviewerA').patch(`/records/${record.id}`, { version: 2, title: '他人修改' }), 403);
    expectProblem(await as('assessor').patch(`/records/${record.id}`, { version: 2, title: '他人修改' }), 403);
    expectProblem(await as('reviewerA').post(`/records/${record.id}/submit`), 403);
    expectProblem(await as('cadre2').post(`/records/${record.id}/submit`), 404);

    // Each step needs its role: an assessor does not review, a reviewer does not assess, an admin does neither.
    await submit('cadre1', record.id);
    expectProblem(await as('assessor').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 403);
    expectProblem(await as('admin').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 403);
    await review('reviewerA', record.id, 'return', '退回重填');
    const returned = expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200);
    expect(returned).toMatchObject({ status: 'draft', version: 4 });
    await submit('cadre1', record.id);
    await review('reviewerA', record.id, 'approve');
    expectProblem(await as('reviewerA').post(`/records/${record.id}/assess`, { decision: 'confirm', rating: 'good' }), 403);
    expectProblem(await as('admin').post(`/records/${record.id}/assess`, { decision: 'confirm', rating: 'good' }), 403);
    await assess('assessor', record.id, { decision: 'return', comment: '退回' });
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200)).toMatchObject({ status: 'draft', version: 7 });

    // Transitions out of order.
    expectProblem(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'confirm', rating: 'good' }), 409);
    expectProblem(await as('reviewerA').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 409);
    await submit('cadre1', record.id);
    expectProblem(await as('cadre1').post(`/records/${record.id}/submit`), 409);
    expectProblem(await as('cadre1').patch(`/records/${record.id}`, { version: 8, title: '报送后修改' }), 409);
    expectProblem(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'confirm', rating: 'good' }), 409);
    await review('reviewerA', record.id, 'approve');
    expectProblem(await as('reviewerA').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 409);
    expectProblem(await as('cadre1').post(`/records/${record.id}/submit`), 409);
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200)).toMatchObject({ status: 'reviewed', version: 9, title: '第一次修改' });
  });

  it('concurrent edits with the same version and concurrent submits: exactly one wins, the others get 409', async () => {
    const record = await file('cadre1');
    const edits = await Promise.all(Array.from({ length: 8 }, (_, i) => as('cadre1').patch<Detail>(`/records/${record.id}`, { version: 1, title: `并发修改 ${i}` })));
    expect(edits.map((reply) => reply.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    const afterEdits = expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200);
    expect(afterEdits.version).toBe(2);
    expect(afterEdits.history.map((h) => h.action)).toEqual(['create', 'edit']);
    expect(afterEdits.title).toBe(edits.find((reply) => reply.status === 200)!.body.title);

    const submits = await Promise.all(Array.from({ length: 8 }, () => as('cadre1').post(`/records/${record.id}/submit`)));
    expect(submits.map((reply) => reply.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    const reviews = await Promise.all(
      (['approve', 'reject', 'return', 'approve', 'reject', 'return'] as const).map((decision) => as('reviewerA').post(`/records/${record.id}/review`, { decision, comment: decision })),
    );
    expect(reviews.map((reply) => reply.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const final = expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200);
    expect(final.history.map((h) => h.action)).toEqual(['create', 'edit', 'submit', expect.stringMatching(/^review:/)]);
    expect(final.version).toBe(4);
  });

  // ── 6. participants ───────────────────────────────────────────────────────────────────────────────

  it('co-participants with shares summing to 100 see the record and confirm or dispute their share', async () => {
    const record = await file('cadre1', {
      title: '三人共同完成的招商项目',
      participants: [
        { userId: users.cadre1.id, role: 'lead', share: 50 },
        { userId: users.cadre2.id, role: 'member', share: 30 },
        { userId: users.lister.id, role: 'member', share: 20 },
      ],
    });
    expect(record.participants).toEqual([
      expect.objectContaining({ userId: users.cadre1.id, name: '干部甲', role: 'lead', share: 50, confirmation: 'confirmed' }),
      expect.objectContaining({ userId: users.cadre2.id, name: '干部乙', role: 'member', share: 30, confirmation: 'pending' }),
      expect.objectContaining({ userId: users.lister.id, name: '干部丙', role: 'member', share: 20, confirmation: 'pending' }),
    ]);

    // A co-participant in another district sees it, and finds it in their list, but does not edit or submit it.
    expect(expectStatus(await as('cadre2').get<Detail>(`/records/${record.id}`), 200).title).toBe('三人共同完成的招商项目');
    expect(ids(await list('cadre2', 'pageSize=100'))).toContain(record.id);
    expectProblem(await as('cadre2').patch(`/records/${record.id}`, { version: 1, title: '参与人修改' }), 403);
    expectProblem(await as('cadre2').post(`/records/${record.id}/submit`), 403);
    // reviewerB (district B) sees only what is filed in district B: a district-A record with a district-B participant stays hidden.
    expectProblem(await as('reviewerB').get(`/records/${record.id}`), 404);

    const confirmed = matchesSchema(recordDetailViewSchema, expectStatus(await as('cadre2').post<Detail>(`/records/${record.id}/participation`, { decision: 'confirm' }), 200));
    expect(confirmed.participants.find((p) => p.userId === users.cadre2.id)).toMatchObject({ confirmation: 'confirmed' });
    const disputed = expectStatus(await as('lister').post<Detail>(`/records/${record.id}/participation`, { decision: 'dispute', comment: '我的贡献应为30%' }), 200);
    expect(disputed.participants.find((p) => p.userId === users.lister.id)).toMatchObject({ confirmation: 'disputed', comment: '我的贡献应为30%' });

    // The filer sees both answers.
    const seen = expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200);
    expect(seen.participants.map((p) => [p.userId, p.confirmation])).toEqual([
      [users.cadre1.id, 'confirmed'],
      [users.cadre2.id, 'confirmed'],
      [users.lister.id, 'disputed'],
    ]);
    expect(seen.history.map((h) => h.action)).toEqual(expect.arrayContaining(['participation:confirm', 'participation:dispute']));

    // Only listed co-participants answer.
    expectProblem(await as('cadre1').post(`/records/${record.id}/participation`, { decision: 'confirm' }), 403);
    expectProblem(await as('reviewerA').post(`/records/${record.id}/participation`, { decision: 'confirm' }), 403);
    expectProblem(await as('revCadre').post(`/records/${record.id}/participation`, { decision: 'confirm' }), 403);
    expectInvalid(await as('cadre2').post(`/records/${record.id}/participation`, { decision: 'maybe' }), ['decision']);

    // Shares that do not sum to 100, an unknown participant: 400 naming them, nothing stored.
    const before = await storedRecords();
    const badShares = expectInvalid(
      await as('cadre1').post('/records', draft({ participants: [{ userId: users.cadre1.id, role: 'lead', share: 60 }, { userId: users.cadre2.id, role: 'member', share: 30 }] })),
      ['participants'],
    );
    expect(badShares.errors!.find((e) => e.path === 'participants')!.message).toMatch(/100/);
    expectInvalid(
      await as('cadre1').post('/records', draft({ participants: [{ userId: users.cadre1.id, role: 'lead', share: 60 }, { userId: 'no-such-user-xyz', role: 'member', share: 40 }] })),
      ['participants.1.userId'],
      true,
    );
    // Shares not summing to 100 on an edit are refused as well.
    expectInvalid(
      await as('cadre1').patch(`/records/${record.id}`, { version: seen.version, participants: [{ userId: users.cadre1.id, role: 'lead', share: 100 }, { userId: users.cadre2.id, role: 'member', share: 10 }] }),
      ['participants'],
    );
    expect(await storedRecords()).toBe(before);
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200).version).toBe(seen.version);
  });

  // ── 7. bad input ──────────────────────────────────────────────────────────────────────────────────

  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const before = await storedRecords();
    const cadre = as('cadre1');

    expectInvalid(await cadre.post('/records', draft({ itemCode: 'ZZZ-01' })), ['itemCode'], true);
    expectInvalid(await cadre.post('/records', draft({ itemCode: 'INVEST' })), ['itemCode'], true);
    expectInvalid(await cadre.post('/records', draft({ periodStart: '2026-06-30', periodEnd: '2026-01-01' })), ['periodEnd'], true);
    expectInvalid(await cadre.post('/records', draft({ periodStart: '2026/01/01' })), ['periodStart'], true);
    expectInvalid(await cadre.post('/records', draft({ periodEnd: '2026-02-30' })), ['periodEnd'], true);
    expectInvalid(await cadre.post('/records', draft({ impactLevel: 'galactic' })), ['impactLevel'], true);

    // Operator objects anywhere in a body, or in a query parameter.
    const operator = expectProblem(await cadre.post('/records', draft({ title: { $gt: '' } })), 400);
    expect(errorPaths(operator).some((path) => path.startsWith('title'))).toBe(true);
    expectProblem(await cadre.post('/records', draft({ results: [{ name: '资金', value: 1, unit: { $ne: null } }] })), 400);
    expectProblem(await call('GET', '/records?status[$ne]=x', { token: tokens.cadre1 }), 400);
    expectProblem(await call('GET', '/records?cadreId[$gt]=', { token: tokens.assessor }), 400);
    expectProblem(await call('GET', `/records?${encodeURIComponent('$where')}=1`, { token: tokens.assessor }), 400);

    // Unknown fields are named, never stored; a client cannot set the status, the owner or points.
    expectInvalid(await cadre.post('/records', draft({ status: 'verified', cadreId: users.cadre2.id, points: 100 })), ['cadreId', 'points', 'status'], true);
    expectInvalid(await cadre.post('/records', draft({ evidence: [{ fileId: NO_SUCH_FILE, url: 'http://x' }] })), ['evidence.0.fileId', 'evidence.0.url'], true);

    // Too large: a 20,001-character description is named; a 1 MB one is 400 or 413.
    expectInvalid(await cadre.post('/records', draft({ description: 'x'.repeat(20_001) })), ['description'], true);
    let huge: Reply | undefined;
    for (let attempt = 0; attempt < 3 && !huge; attempt += 1) {
      // The gateway may answer 413 and hang up while the body is still being sent: try again then.
      huge = await cadre.post('/records', draft({ description: 'x'.repeat(1_000_000) })).catch(() => undefined);
    }
    expect(huge).toBeDefined();
    expect([400, 413]).toContain(huge!.status);
    expect(huge!.headers.get('content-type')).toMatch(PROBLEM);
    if (huge!.status === 400) expect(errorPaths(huge!.body)).toContain('description');

    // Odd JSON never yields 500.
    for (const rawBody of ['[]', '"text"', 'null', '123', '{"itemCode": "INVEST-03",']) {
      expectProblem(await call('POST', '/records', { token: tokens.cadre1, rawBody }), 400);
    }
    expectInvalid(await call('POST', '/records', { token: tokens.cadre1, rawBody: JSON.stringify(draft()).replace(/}$/, ',"results":[{"name":"资金","value":1e400,"unit":"亿元"}]}') }), [
      'results.0.value',
    ]);
    expectInvalid(await cadre.post('/records', draft({ participants: [{ userId: users.cadre1.id, role: 'lead', share: 33.5 }] })), ['participants.0.share']);
    expectInvalid(await cadre.post('/records', draft({ evidence: [{ fileId: 'evidence/2026/a.pdf' }] })), ['evidence.0.fileId'], true);

    // An empty title.
    expectProblem(await call('POST', '/records', { token: tokens.cadre1, rawBody: '{"itemCode": "INVEST-03",' }), 400);
    expectInvalid(await cadre.post('/records', draft({ title: '   ' })), ['title'], true);

    expect(await storedRecords()).toBe(before);

    // On an existing record: a bad edit and an assessment without a rating change nothing.
    const record = await file('cadre1');
    expectInvalid(await cadre.patch(`/records/${record.id}`, { version: 1, periodEnd: '2025-12-31' }), ['periodEnd'], true);
    expectInvalid(await cadre.patch(`/records/${record.id}`, { version: 1, itemCode: 'ZZZ-01' }), ['itemCode'], true);
    expectInvalid(await cadre.patch(`/records/${record.id}`, { version: 1, status: 'verified' }), ['status'], true);
    expectProblem(await cadre.patch(`/records/${record.id}`, { version: 1, title: { $set: 'x' } }), 400);
    expectProblem(await call('PATCH', `/records/${record.id}`, { token: tokens.cadre1, rawBody: '[]' }), 400);
    expectInvalid(await cadre.post(`/records/${record.id}/submit`, { status: 'submitted' }), ['status'], true);
    expect(expectStatus(await cadre.get<Detail>(`/records/${record.id}`), 200)).toMatchObject({ status: 'draft', version: 1 });
    await submit('cadre1', record.id);
    expectInvalid(await as('reviewerA').post(`/records/${record.id}/review`, { decision: 'approve!', comment: '' }), ['decision']);
    await review('reviewerA', record.id, 'approve');
    expectInvalid(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'confirm', comment: '缺少等级' }), ['rating'], true);
    expectInvalid(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'confirm', rating: 'superb' }), ['rating'], true);
    expectInvalid(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'return', rating: 'good' }), ['rating']);
    const unchanged = expectStatus(await as('assessor').get<Detail>(`/records/${record.id}`), 200);
    expect(unchanged).toMatchObject({ status: 'reviewed', version: 3, rating: null, title: record.title, periodEnd: record.periodEnd });
    expect(await storedRecords()).toBe(before + 1);
  });

  // docs/API.md: "400 invalid input (every offending field named)" — schema errors and rule errors together.
  it('names every offending field at once: an empty title and an unknown item code', async () => {
    const before = await storedRecords();
    expectInvalid(await as('cadre1').post('/records', draft({ itemCode: 'ZZZ-01', title: '' })), ['itemCode', 'title'], true);
    expect(await storedRecords()).toBe(before);
  });

  it('names every offending field at once: an unknown field and a period ending before it starts', async () => {
    const before = await storedRecords();
    expectInvalid(await as('cadre1').post('/records', draft({ periodStart: '2026-06-30', periodEnd: '2026-01-01', owner: 'me' })), ['owner', 'periodEnd'], true);
    expect(await storedRecords()).toBe(before);
  });

  // docs/DOMAIN.md §1: participants are "the filer and any co-participants (other cadres)". A non-cadre listed as a
  // co-participant would also bar that reviewer or assessor from acting on the record.
  it('accepts only cadres as co-participants', async () => {
    const before = await storedRecords();
    expectInvalid(
      await as('cadre1').post('/records', draft({ participants: [{ userId: users.cadre1.id, role: 'lead', share: 60 }, { userId: users.reviewerA.id, role: 'member', share: 40 }] })),
      ['participants.1.userId'],
      true,
    );
    expect(await storedRecords()).toBe(before);
  });

  it('refuses a period ending later than today + 31 days (Beijing date) on create and on edit, naming periodEnd', async () => {
    const beijingPlus = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
    const before = await storedRecords();
    expectInvalid(await as('cadre1').post('/records', draft({ periodEnd: beijingPlus(32) })), ['periodEnd'], true);
    expect(await storedRecords()).toBe(before);
    const record = await file('cadre1', { title: '期限内的记录', periodEnd: beijingPlus(31) });
    expectInvalid(await as('cadre1').patch(`/records/${record.id}`, { version: 1, periodEnd: beijingPlus(40) }), ['periodEnd'], true);
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200)).toMatchObject({ version: 1, periodEnd: record.periodEnd });
  });

  // ── dead ends: withdraw (撤回) and delete ─────────────────────────────────────────────────────────

  it('the filer withdraws a submitted record before review; others are refused (403 wrong role or not the filer, 404 other department)', async () => {
    const record = await file('cadre1', { title: '待撤回的记录', participants: [{ userId: users.cadre1.id, role: 'lead', share: 70 }, { userId: users.lister.id, role: 'member', share: 30 }] });
    await submit('cadre1', record.id);
    const path = `/records/${record.id}/withdraw`;
    expectProblem(await as('reviewerA').post(path, {}), 403);
    expectProblem(await as('assessor').post(path, {}), 403);
    expectProblem(await as('lister').post(path, {}), 403);
    expectProblem(await as('cadre2').post(path, {}), 404);
    expectProblem(await as('reviewerB').post(path, {}), 404);
    expectInvalid(await as('cadre1').post(path, { status: 'draft' }), ['status']);
    const withdrawn = matchesSchema(recordDetailViewSchema, expectStatus(await as('cadre1').post<Detail>(path, { comment: '补充佐证' }), 200));
    expect(withdrawn).toMatchObject({ status: 'draft', version: 3 });
    expect(withdrawn.history.at(-1)).toMatchObject({ action: 'withdraw', from: 'submitted', to: 'draft', comment: '补充佐证' });
    expectProblem(await as('cadre1').post(path, {}), 409);
    await submit('cadre1', record.id);
    await confirmShare('lister', record.id);
    await review('reviewerA', record.id, 'approve');
    expectProblem(await as('cadre1').post(path, {}), 409);
  });

  it('the filer deletes a never-submitted draft (204, then 404); a returned draft is kept as discarded; others are refused', async () => {
    const record = await file('cadre1', { title: '待删除的草稿', participants: [{ userId: users.cadre1.id, role: 'lead', share: 70 }, { userId: users.lister.id, role: 'member', share: 30 }] });
    const path = `/records/${record.id}`;
    expectProblem(await as('reviewerA').call('DELETE', path), 403);
    expectProblem(await as('admin').call('DELETE', path), 403);
    expectProblem(await as('lister').call('DELETE', path), 403);
    expectProblem(await as('cadre2').call('DELETE', path), 404);
    expectProblem(await as('reviewerB').call('DELETE', path), 404);
    expectStatus(await as('cadre1').call('DELETE', path), 204);
    expectProblem(await as('cadre1').get(path), 404);
    expectProblem(await as('assessor').get(path), 404);
    expect(ids(await list('cadre1', 'pageSize=100'))).not.toContain(record.id);

    const returned = await file('cadre1', { title: '退回后作废' });
    await submit('cadre1', returned.id);
    await review('reviewerA', returned.id, 'return', '请补充');
    const submitted = await file('cadre1', { title: '已报送不可删除' });
    await submit('cadre1', submitted.id);
    expectProblem(await as('cadre1').call('DELETE', `/records/${submitted.id}`), 409);
    expectStatus(await as('cadre1').call('DELETE', `/records/${returned.id}`), 204);
    const discarded = matchesSchema(recordDetailViewSchema, expectStatus(await as('reviewerA').get<Detail>(`/records/${returned.id}`), 200));
    expect(discarded.status).toBe('discarded');
    expect(discarded.history.map((h) => h.action)).toEqual(['create', 'submit', 'review:return', 'delete']);
  });

  // ── shares must really be confirmed ───────────────────────────────────────────────────────────────

  it('refuses the approval while a share is unanswered or disputed (409 naming them); a dispute after verification reopens the record and reverses its points', async () => {
    const record = await file('cadre1', {
      title: '份额须确认的记录',
      participants: [
        { userId: users.cadre1.id, role: 'lead', share: 60 },
        { userId: users.cadre2.id, role: 'member', share: 40 },
      ],
    });
    await submit('cadre1', record.id);
    const unanswered = expectProblem(await as('reviewerA').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 409);
    expect(unanswered.detail).toContain('未确认份额：干部乙');
    expectStatus(await as('cadre2').post(`/records/${record.id}/participation`, { decision: 'dispute', comment: '应为50%' }), 200);
    expect(expectProblem(await as('reviewerA').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 409).detail).toContain('对份额有异议：干部乙');
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${record.id}`), 200).status).toBe('submitted');
    await confirmShare('cadre2', record.id);
    await review('reviewerA', record.id, 'approve');
    // Scoring gives the member points, then takes them back when the member disputes after verification.
    const memberTotal = async () => expectStatus(await as('cadre2').get<{ total: number }>(`/scores/${users.cadre2.id}`), 200).total;
    const baseline = await memberTotal();
    const verified = await assess('assessor', record.id, { decision: 'confirm', rating: 'good' });
    const before = await waitUntil(async () => {
      const total = await memberTotal();
      return total > baseline ? total : undefined;
    }, { timeoutMs: 30_000, what: 'the member’s points' });
    expectInvalid(await as('cadre2').post(`/records/${record.id}/participation`, { decision: 'dispute' }), ['comment']);
    expectProblem(await as('cadre1').post(`/records/${record.id}/participation`, { decision: 'dispute', comment: '填报人' }), 403);
    expectProblem(await as('reviewerB').post(`/records/${record.id}/participation`, { decision: 'dispute', comment: '他区' }), 404);
    const reopened = matchesSchema(recordDetailViewSchema, expectStatus(await as('cadre2').post<Detail>(`/records/${record.id}/participation`, { decision: 'dispute', comment: '实际贡献应为50%' }), 200));
    expect(reopened).toMatchObject({ status: 'reviewed', version: verified.version + 1, rating: null, verifiedAt: null });
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen', from: 'verified', to: 'reviewed', comment: '实际贡献应为50%', actorId: users.cadre2.id });
    await waitUntil(async () => ((await memberTotal()) === baseline ? true : undefined), { timeoutMs: 30_000, what: 'the member’s points reversed' });
    expectProblem(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'confirm', rating: 'good' }), 409);
    await confirmShare('cadre2', record.id);
    expect((await assess('assessor', record.id, { decision: 'confirm', rating: 'good' })).status).toBe('verified');
    await waitUntil(async () => ((await memberTotal()) === before ? true : undefined), { timeoutMs: 30_000, what: 'the member’s points given again' });
  });

  // ── 8. duplicate evidence ─────────────────────────────────────────────────────────────────────────

  it('flags the same evidence filed by different people, and the reviewer and the assessor find it', async () => {
    const hash = sha();
    const first = await file('cadre1', { title: '佐证原件', evidence: [evidence(hash)] });
    expect(first).toMatchObject({ duplicateEvidence: false, duplicateOf: [] });
    // The same filer reusing their own evidence is flagged too, on both records (issue #18 item 8).
    const sameFiler = await file('cadre1', { title: '同一人再次使用', evidence: [evidence(hash)] });
    expect(sameFiler).toMatchObject({ duplicateEvidence: true, duplicateOf: [first.id] });
    expect(expectStatus(await as('reviewerA').get<Detail>(`/records/${first.id}`), 200)).toMatchObject({ duplicateEvidence: true, duplicateOf: [sameFiler.id] });

    const second = await file('cadre2', { title: '重复的佐证', evidence: [evidence(sha()), evidence(hash)] });
    expect(second.duplicateEvidence).toBe(true);
    expect(second.duplicateOf).toEqual(expect.arrayContaining([first.id, sameFiler.id]));
    expect(second.duplicateOf).not.toContain(second.id);
    await submit('cadre2', second.id);
    expect(expectStatus(await as('cadre2').get<Detail>(`/records/${second.id}`), 200)).toMatchObject({ duplicateEvidence: true });

    const forReviewerB = await list('reviewerB', 'duplicateEvidence=true&pageSize=100');
    expect(ids(forReviewerB)).toContain(second.id);
    expect(forReviewerB.items.every((item) => item.duplicateEvidence)).toBe(true);
    const forAssessor = await list('assessor', 'duplicateEvidence=true&pageSize=100');
    expect(ids(forAssessor)).toContain(second.id);
    expect(forAssessor.items.every((item) => item.duplicateEvidence)).toBe(true);
    const notFlagged = await list('assessor', 'duplicateEvidence=false&pageSize=100');
    expect(ids(notFlagged)).not.toContain(second.id);
    expect(notFlagged.items.every((item) => !item.duplicateEvidence)).toBe(true);

    // The first record, submitted now, is flagged for its reviewer too.
    const firstSubmitted = await submit('cadre1', first.id);
    expect(firstSubmitted.duplicateEvidence).toBe(true);
    expect(firstSubmitted.duplicateOf).toContain(second.id);
    expect(ids(await list('reviewerA', 'duplicateEvidence=true&pageSize=100'))).toContain(first.id);
    expectInvalid(await as('assessor').get('/records?duplicateEvidence=yes'), ['duplicateEvidence']);
  });

  // docs/DOMAIN.md §1: "Two records with the same evidence hash, filed by different people, are flagged to the reviewer."
  it('flags the earlier record too when a duplicate of its evidence arrives after it was submitted', async () => {
    const hash = sha();
    const earlier = await file('cadre1', { title: '先报送的记录', evidence: [evidence(hash)] });
    await submit('cadre1', earlier.id);
    const later = await file('cadre2', { title: '后填报的重复记录', evidence: [evidence(hash)] });
    expect(later).toMatchObject({ duplicateEvidence: true, duplicateOf: [earlier.id] });
    // The earlier record waits in reviewerA's queue: its reviewer must see the flag as well.
    const seenByReviewer = expectStatus(await as('reviewerA').get<Detail>(`/records/${earlier.id}`), 200);
    expect({ duplicateEvidence: seenByReviewer.duplicateEvidence, duplicateOf: seenByReviewer.duplicateOf }).toEqual({ duplicateEvidence: true, duplicateOf: [later.id] });
    expect(ids(await list('reviewerA', 'duplicateEvidence=true&pageSize=100'))).toContain(earlier.id);
  });

  // ── 9. lists ──────────────────────────────────────────────────────────────────────────────────────

  it('filters, pages, sorts and exports the list as CSV', async () => {
    const specs = [
      { itemCode: 'INVEST-03', title: '项目签约,第一批', periodStart: '2025-01-01', periodEnd: '2025-03-31' },
      { itemCode: 'INVEST-01', title: '项目签约 "重点"', periodStart: '2025-04-01', periodEnd: '2025-06-30' },
      { itemCode: 'PARTY-01', title: '理论学习', periodStart: '2025-07-01', periodEnd: '2025-09-30' },
      { itemCode: 'HONOR-01', title: '=1+1 上级表彰', periodStart: '2025-10-01', periodEnd: '2025-12-31' },
      { itemCode: 'INVEST-03', title: '500强企业引进', periodStart: '2024-01-01', periodEnd: '2024-12-31' },
    ];
    const made: Detail[] = [];
    for (const spec of specs) {
      made.push(await file('lister', spec));
      await sleep(15); // distinct createdAt
    }
    const [l1, l2, l3, l4, l5] = made.map((record) => record.id);
    await submit('lister', l1);
    await submit('lister', l2);
    const mine = `cadreId=${users.lister.id}`;
    const set = (page: Page<Detail>) => ids(page).sort();

    // Everything of this cadre, as the assessor and as the cadre.
    const all = await list('assessor', `${mine}&pageSize=100`);
    expect(all).toMatchObject({ total: 5, page: 1, pageSize: 100 });
    expect(set(all)).toEqual([l1, l2, l3, l4, l5].sort());
    // The cadre's own list: these five plus the records they co-participate in (the participants, withdraw tests).
    const ownList = await list('lister', 'pageSize=100');
    // (Other tests file records with this cadre as a co-participant: how many depends on which ran first.)
    expect(ownList.total).toBe(ownList.items.length);
    expect(ownList.total).toBeGreaterThan(5);
    expect(ownList.items.filter((item) => item.cadreId === users.lister.id).map((item) => item.id).sort()).toEqual([l1, l2, l3, l4, l5].sort());
    expect(ownList.items.filter((item) => item.cadreId !== users.lister.id).every((item) => item.participants.some((p) => p.userId === users.lister.id))).toBe(true);
    expect((await list('lister', `${mine}&pageSize=100`)).total).toBe(5);
    expect((await list('cadre2', `${mine}&pageSize=100`)).total).toBe(0);

    // Filters.
    expect(set(await list('assessor', `${mine}&status=submitted`))).toEqual([l1, l2].sort());
    expect(set(await list('assessor', `${mine}&status=draft`))).toEqual([l3, l4, l5].sort());
    expect(set(await list('assessor', `${mine}&itemCode=INVEST`))).toEqual([l1, l2, l5].sort());
    expect(set(await list('assessor', `${mine}&itemCode=INVEST-03`))).toEqual([l1, l5].sort());
    expect(set(await list('assessor', `${mine}&itemCode=HONOR-01`))).toEqual([l4]);
    expect(set(await list('assessor', `${mine}&from=2025-04-01&to=2025-09-30`))).toEqual([l2, l3].sort());
    expect(set(await list('assessor', `${mine}&from=2025-01-01`))).toEqual([l1, l2, l3, l4].sort());
    expect(set(await list('assessor', `${mine}&to=2024-12-31`))).toEqual([l5]);
    expect(set(await list('assessor', `${mine}&departmentId=${bureauA1.id}`))).toHaveLength(5);
    expect(set(await list('assessor', `${mine}&departmentId=${districtA.id}`))).toHaveLength(5);
    expect((await list('assessor', `${mine}&departmentId=${districtB.id}`)).total).toBe(0);
    const inB = await list('assessor', `departmentId=${districtB.id}&pageSize=100`);
    expect(inB.total).toBeGreaterThan(0);
    expect(inB.items.every((item) => item.departmentPath.includes(districtB.id))).toBe(true);
    const byCadre1 = await list('assessor', `cadreId=${users.cadre1.id}&pageSize=100`);
    expect(byCadre1.total).toBeGreaterThan(0);
    expect(byCadre1.items.every((item) => item.cadreId === users.cadre1.id)).toBe(true);
    expect(set(await list('assessor', `${mine}&status=submitted&itemCode=INVEST-01`))).toEqual([l2]);

    // Paging: 2 + 2 + 1, no overlap, the total on every page.
    const pages = [];
    for (const page of [1, 2, 3, 4]) pages.push(await list('assessor', `${mine}&pageSize=2&page=${page}&sort=createdAt`));
    expect(pages.map((page) => [page.page, page.pageSize, page.total, page.items.length])).toEqual([
      [1, 2, 5, 2],
      [2, 2, 5, 2],
      [3, 2, 5, 1],
      [4, 2, 5, 0],
    ]);
    expect(pages.flatMap(ids)).toEqual([l1, l2, l3, l4, l5]);

    // Sorting: oldest first, newest first (the default).
    expect(ids(await list('assessor', `${mine}&sort=createdAt`))).toEqual([l1, l2, l3, l4, l5]);
    expect(ids(await list('assessor', `${mine}&sort=-createdAt`))).toEqual([l5, l4, l3, l2, l1]);
    expect(ids(await list('assessor', mine))).toEqual([l5, l4, l3, l2, l1]);
    expect(ids(await list('assessor', `${mine}&sort=periodEnd`))).toEqual([l5, l1, l2, l3, l4]);

    // Bad list parameters.
    expectInvalid(await as('assessor').get('/records?pageSize=101'), ['pageSize'], true);
    expectInvalid(await as('assessor').get('/records?page=0'), ['page'], true);
    expectInvalid(await as('assessor').get('/records?sort=colour'), ['sort'], true);
    expectInvalid(await as('assessor').get('/records?status=approved'), ['status'], true);
    expectInvalid(await as('assessor').get('/records?from=2025/01/01'), ['from'], true);
    expectInvalid(await as('assessor').get('/records?colour=red'), ['colour'], true);
    expectInvalid(await as('assessor').get('/records?format=pdf'), ['format'], true);
    expectInvalid(await as('assessor').get('/records?page=abc'), ['page'], true);
    expectInvalid(await as('assessor').get('/records?itemCode=invest'), ['itemCode'], true);

    // CSV: UTF-8 with a BOM, Chinese headers, one line per record; streamed in pages of 2 (EXPORT_PAGE_SIZE), in order.
    const response = await fetch(`${platform.apiUrl}/records?format=csv&${mine}&sort=createdAt`, { headers: { authorization: `Bearer ${tokens.assessor}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(csv.startsWith('\uFEFF标题,填报人,单位,')).toBe(true);
    const lines = csv.slice(1).split(/\r\n/).filter((line) => line !== '');
    expect(lines).toHaveLength(1 + 5);
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['编号', '标题', '填报人', '单位', '填报项', '状态']));
    // The id last (编号), for machines; names, labels and Beijing time where people read.
    expect(lines.slice(1).map((line) => line.split(',').at(-1))).toEqual([l1, l2, l3, l4, l5]);
    expect(lines[3]).toContain(',党的建设 / 理论学习,');
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(lines[1]).toContain('"项目签约,第一批"');
    expect(lines[2]).toContain('"项目签约 ""重点"""');
    expect(lines[4]).toContain("'=1+1 上级表彰"); // no formula in a spreadsheet
    expect(lines[1]).toContain(',待审核,');
    expect(lines[3]).toContain(',草稿,');
    // The CSV is scoped like the list: the other district's reviewer gets only the header.
    const scoped = await fetch(`${platform.apiUrl}/records?format=csv&${mine}`, { headers: { authorization: `Bearer ${tokens.reviewerB}` } });
    expect(scoped.status).toBe(200);
    expect((await scoped.text()).replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean)).toHaveLength(1);

    // XLSX: the same header and cells in one sheet, across the same pages, numbers as numbers.
    const xlsx = await fetch(`${platform.apiUrl}/records?format=xlsx&${mine}&sort=createdAt`, { headers: { authorization: `Bearer ${tokens.assessor}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.xlsx"/);
    const workbook = new Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows[0].slice(1)).toEqual(lines[0].split(','));
    expect(rows.slice(1).map((row) => row.at(-1))).toEqual([l1, l2, l3, l4, l5]);
    expect(rows[4]).toContain('=1+1 上级表彰'); // text in a cell, never a formula
    expect(rows[1]).toContain('待审核');
    // Scoped like the list: the other district's reviewer gets the header only.
    const scopedXlsx = await fetch(`${platform.apiUrl}/records?format=xlsx&${mine}`, { headers: { authorization: `Bearer ${tokens.reviewerB}` } });
    const other = new Workbook();
    await other.xlsx.load((await scopedXlsx.arrayBuffer()) as never);
    expect(other.worksheets[0].rowCount).toBe(1);
  });

  // ── 11. events ────────────────────────────────────────────────────────────────────────────────────

  it('verifying a record publishes records.record.verified with the facts scoring needs', async () => {
    const record = await file('cadre1', {
      title: '联合招商',
      impactLevel: 'city',
      participants: [
        { userId: users.cadre1.id, role: 'lead', share: 70 },
        { userId: users.cadre2.id, role: 'member', share: 30 },
      ],
    });
    await submit('cadre1', record.id);
    await confirmShare('cadre2', record.id);
    await review('reviewerA', record.id, 'approve');
    const verified = await assess('assessor', record.id, { decision: 'confirm', rating: 'excellent', impactLevel: 'province', comment: '省级推广' });

    const jsm = await nc.jetstreamManager();
    const codec = JSONCodec<EventEnvelope<RecordTransitionV1>>();
    const envelope = await waitUntil(
      async () => {
        const message = await jsm.streams.getMessage(STREAMS.RECORDS.name, { last_by_subj: 'records.record.verified' });
        const decoded = codec.decode(message.data);
        return decoded.data.recordId === record.id ? decoded : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the verified event on the RECORDS stream' },
    );
    expect(envelope).toMatchObject({ type: 'records.record.verified', producer: 'records', version: 1, eventId: expect.any(String), occurredAt: expect.any(String) });
    expect(envelope.data).toMatchObject({
      recordId: record.id,
      version: verified.version,
      status: 'verified',
      fromStatus: 'reviewed',
      action: 'assess:confirm',
      actorId: users.assessor.id,
      cadreId: users.cadre1.id,
      departmentId: bureauA1.id,
      departmentPath: bureauA1.path,
      itemCode: 'INVEST-03',
      firstLevelCode: 'INVEST',
      claimedImpactLevel: 'city',
      confirmedImpactLevel: 'province',
      rating: 'excellent',
      taxonomyVersion: 1,
    });
    expect(envelope.data.participants).toEqual([
      { userId: users.cadre1.id, role: 'lead', share: 70, confirmation: 'confirmed' },
      { userId: users.cadre2.id, role: 'member', share: 30, confirmation: 'confirmed' },
    ]);
    expect(envelope.data.verifiedAt).toEqual(verified.verifiedAt);
  });

  // ── 10. taxonomy (last: it changes the current taxonomy) ──────────────────────────────────────────

  it('publishes a new taxonomy version (admin only); records keep the version they were filed under', async () => {
    const current = matchesSchema(taxonomyViewSchema, expectStatus(await as('cadre1').get<TaxonomyView>('/taxonomy'), 200));
    expect(current.version).toBeGreaterThanOrEqual(1);
    expect(current.items).toHaveLength(16);
    const invest = current.items.find((item) => item.code === 'INVEST');
    expect(invest).toMatchObject({ name: '招商引资' });
    expect(invest!.children.map((child) => child.code)).toContain('INVEST-03');
    expect(current.items.find((item) => item.code === 'HONOR')!.children.map((child) => child.code)).not.toContain('HONOR-04');

    const before = await file('cadre1', { itemCode: 'PARTY-01', title: '发布前填报' });
    expect(before.taxonomyVersion).toBe(current.version);

    const next = {
      items: [
        { code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }, { code: 'INVEST-03', name: '500强企业引进' }] },
        { code: 'HONOR', name: '表彰与其他实绩', children: [{ code: 'HONOR-01', name: '上级表彰' }, { code: 'HONOR-04', name: '典型案例' }] },
      ],
    };
    for (const who of ['cadre1', 'reviewerA', 'assessor'] as const) expectProblem(await as(who).put('/taxonomy', next), 403);
    // A child code not prefixed by its parent, an unknown field: 400 naming them, nothing published.
    expectInvalid(
      await as('admin').put('/taxonomy', { items: [{ code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-03', name: '500强企业引进' }, { code: 'HONOR-09', name: '错位' }] }] }),
      ['items.0.children.1.code'],
      true,
    );
    expectInvalid(await as('admin').put('/taxonomy', { ...next, version: 99 }), ['version'], true);
    expectInvalid(await as('admin').put('/taxonomy', { items: [] }), ['items'], true);
    expect(expectStatus(await as('cadre1').get<TaxonomyView>('/taxonomy'), 200).version).toBe(current.version);

    const published = expectStatus(await as('admin').put<TaxonomyView>('/taxonomy', next), 200);
    expect(published.version).toBe(current.version + 1);
    const now = expectStatus(await as('cadre1').get<TaxonomyView>('/taxonomy'), 200);
    expect(now.version).toBe(current.version + 1);
    expect(now.items.map((item) => item.code)).toEqual(['INVEST', 'HONOR']);
    expect(now.items[1].children.map((child) => child.code)).toEqual(['HONOR-01', 'HONOR-04']);

    // New records are filed under the new version; a code it dropped is refused; old records keep theirs.
    const after = await file('cadre1', { itemCode: 'HONOR-04', title: '发布后填报' });
    expect(after).toMatchObject({ taxonomyVersion: current.version + 1, firstLevelCode: 'HONOR' });
    expectInvalid(await as('cadre1').post('/records', draft({ itemCode: 'PARTY-01' })), ['itemCode'], true);
    expect(expectStatus(await as('cadre1').get<Detail>(`/records/${before.id}`), 200).taxonomyVersion).toBe(current.version);
    const invested = await file('cadre1', { itemCode: 'INVEST-03', title: '仍可填报' });
    expect(invested.taxonomyVersion).toBe(current.version + 1);
  });
});
