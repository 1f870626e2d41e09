/**
 * 实绩档案 end to end through the gateway, on the real platform (NATS, FerretDB, Redis, every service from its build):
 * a cadre's verified record is in the dossier as JSON (names and labels, the record's id kept) and in the PDF, which
 * opens in pdfjs-dist and reads 实绩档案, the cadre's name and the record's title; who may read it is what the
 * portrait's and the score's owners decide (the cadre, the reviewer and appraiser of the department, the assessor),
 * and everyone else is refused (another department's reviewer, another cadre) for the JSON and the PDF alike.
 */
import { currentScoringYear, dossierViewSchema, type DossierView, type PortraitView, type RecordDetailView, type ScoreView } from '@cadre/contracts';
import { expectInvalid, expectProblem, expectStatus, startPlatform, waitUntil, type Platform } from '@cadre/testing';
import { pdfText } from './dossier/pdf-text';

jest.setTimeout(300_000);

const YEAR = currentScoringYear();
const TITLE = '引进世界500强企业区域总部';

describe('实绩档案 (GET /cadres/:id/dossier and dossier.pdf)', () => {
  let platform: Platform;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let record: RecordDetailView;
  const as = (who: string) => platform.as(tokens[who]!);

  beforeAll(async () => {
    platform = await startPlatform({ name: 'dossier-e2e', killAfterMs: 20_000 });
    tokens.admin = platform.adminToken;
    const root = await platform.rootDepartment();
    const districtA = await platform.createDepartment('甲区', 'DOSA', root.id);
    const districtB = await platform.createDepartment('乙区', 'DOSB', root.id);
    const people: [string, { departmentId: string; roles: string[]; name: string; rankLevel?: string; title?: string }][] = [
      ['cadre', { departmentId: districtA.id, roles: ['cadre'], name: '钱红', rankLevel: 'section', title: '副局长' }],
      ['other', { departmentId: districtA.id, roles: ['cadre'], name: '周明' }],
      ['reviewerA', { departmentId: districtA.id, roles: ['reviewer'], name: '审核员甲' }],
      ['appraiserA', { departmentId: districtA.id, roles: ['appraiser'], name: '考核员甲' }],
      ['reviewerB', { departmentId: districtB.id, roles: ['reviewer'], name: '审核员乙' }],
      ['assessor', { departmentId: root.id, roles: ['assessor'], name: '研判员' }],
    ];
    for (const [key, fields] of people) {
      const { user, token } = await platform.createUser(key, fields);
      ids[key] = user.id;
      tokens[key] = token;
    }
    await platform.replicasKnow(Object.values(ids));

    // A verified record: filed, submitted, approved by the district's reviewer, confirmed by the assessor.
    const draft = expectStatus(
      await as('cadre').post<RecordDetailView>('/records', {
        itemCode: 'INVEST-03',
        title: TITLE,
        description: '协调用地与融资，推动项目落地。',
        periodStart: `${YEAR}-01-01`,
        periodEnd: `${YEAR}-01-31`,
        impactLevel: 'city',
      }),
      201,
    );
    expectStatus(await as('cadre').post(`/records/${draft.id}/submit`), 200);
    expectStatus(await as('reviewerA').post(`/records/${draft.id}/review`, { decision: 'approve', comment: '情况属实' }), 200);
    record = expectStatus(await as('assessor').post<RecordDetailView>(`/records/${draft.id}/assess`, { decision: 'confirm', rating: 'good', comment: '成效明显' }), 200);
    expect(record.status).toBe('verified');
    // The portrait and the score have taken it in (events, asynchronously).
    await waitUntil(
      async () => {
        const portrait = (await as('admin').get<PortraitView>(`/analytics/cadres/${ids.cadre}/portrait?period=${YEAR}`)).body;
        const score = (await as('admin').get<ScoreView>(`/scores/${ids.cadre}?period=${YEAR}`)).body;
        const entry = portrait?.timeline?.find((e) => e.id === record.id);
        return entry && entry.points !== null && score?.total > 0;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'the verified record in the portrait and the score' },
    );
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers the cadre their own dossier: names, labels, the record with its id, the points as scored', async () => {
    const view = expectStatus(await as('cadre').get<DossierView>(`/cadres/${ids.cadre}/dossier`), 200);
    expect(dossierViewSchema.safeParse(view).success).toBe(true);
    expect(view.period).toBe(YEAR);
    expect(view.cadre).toMatchObject({ id: ids.cadre, name: '钱红', departmentName: '甲区', title: '副局长', rankLevel: 'section', rankLabel: '科级' });
    expect(view.generatedBy).toEqual({ id: ids.cadre, name: '钱红' });
    expect(view.records).toEqual([
      expect.objectContaining({
        recordId: record.id,
        title: TITLE,
        itemCode: 'INVEST-03',
        itemName: '招商引资 / 500强企业引进',
        periodStart: `${YEAR}-01-01`,
        periodEnd: `${YEAR}-01-31`,
        impactLevelLabel: '市级',
        rating: 'good',
        ratingLabel: '良好',
        share: 100,
        verifiedAt: record.verifiedAt,
      }),
    ]);
    const score = expectStatus(await as('cadre').get<ScoreView>(`/scores/${ids.cadre}?period=${YEAR}`), 200);
    expect(view.points).toMatchObject({ total: score.total, participation: score.participation, contribution: score.contribution, cityRank: null, cityCadres: null });
    expect(view.points.byItem).toContainEqual({ item: 'INVEST', name: '招商引资', points: score.byItem.INVEST });
    expect(view.records[0]!.points).toBe(score.total);
  });

  it('answers the department’s reviewer and appraiser, and the assessor with the city-wide place', async () => {
    expect(expectStatus(await as('reviewerA').get<DossierView>(`/cadres/${ids.cadre}/dossier?period=${YEAR}`), 200).records.map((r) => r.recordId)).toEqual([record.id]);
    const byAppraiser = expectStatus(await as('appraiserA').get<DossierView>(`/cadres/${ids.cadre}/dossier`), 200);
    expect(byAppraiser.records.map((r) => r.title)).toEqual([TITLE]);
    const byAssessor = expectStatus(await as('assessor').get<DossierView>(`/cadres/${ids.cadre}/dossier`), 200);
    expect(byAssessor.points.cityRank).toBe(1);
    expect(byAssessor.points.cityCadres).toBeGreaterThanOrEqual(2);
  });

  it('refuses another department’s reviewer and another cadre, for the JSON and the PDF', async () => {
    for (const who of ['reviewerB', 'other']) {
      expectProblem(await as(who).get(`/cadres/${ids.cadre}/dossier`), 403);
      expectProblem(await as(who).get(`/cadres/${ids.cadre}/dossier.pdf`), 403);
    }
  });

  it('names a bad period and an unknown parameter (400)', async () => {
    expectInvalid(await as('cadre').get(`/cadres/${ids.cadre}/dossier?period=2026-01`), ['period']);
    expectInvalid(await as('cadre').get(`/cadres/${ids.cadre}/dossier.pdf?period=rolling3&x=1`), ['period', 'x']);
  });

  it('downloads a PDF that opens and reads 实绩档案, the name and the record’s title', async () => {
    const response = await fetch(`${platform.apiUrl}/cadres/${ids.cadre}/dossier.pdf?period=${YEAR}`, { headers: { authorization: `Bearer ${tokens.cadre}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`钱红-实绩档案-${YEAR}.pdf`)}`);
    const pdf = Buffer.from(await response.arrayBuffer());
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const all = text.join('').replace(/\s+/g, '');
    for (const expected of ['实绩档案', '钱红', TITLE, '甲区', '良好', `第1页/共${pages}页`]) expect(all).toContain(expected);
    expect(all).not.toContain(record.id);
  });
});
