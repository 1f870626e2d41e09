import { Module, type DynamicModule } from '@nestjs/common';
import {
  APPRAISAL_EVENTS,
  surveyCadreViewSchema,
  surveyCloseViewSchema,
  CRITERION_ANSWERS,
  DEFAULT_SURVEY_CRITERIA,
  DEFAULT_SURVEY_GROUPS,
  RECORD_EVENTS,
  RPC,
  SATISFACTION_ANSWERS,
  STREAMS,
  myBallotsViewSchema,
  surveyResultViewSchema,
  surveyViewSchema,
  type Caller,
  type CriterionAnswer,
  type SatisfactionAnswer,
  type SurveyView,
} from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, errorPaths, type Component, type UserSeed } from '@cadre/testing';
import { InfrastructureModule } from '@cadre/messaging';
import { SURVEY_PORT, type SurveyPort } from '../../src/survey/survey.port';
import { SurveyModule } from '../../src/survey/survey.module';
import { SurveyService } from '../../src/survey/survey.service';
import { addBallot, voterHash } from '../../src/survey/domain/ballot';

jest.setTimeout(180_000);

/** The survey module alone, on the service's infrastructure (the cycles are not needed to exercise it). */
@Module({})
class SurveyTestRoot {}

const CYCLE = 'cycle-2026-annual';
const CODES = DEFAULT_SURVEY_CRITERIA.map((c) => c.code);
const uniform = (answer: CriterionAnswer) => Object.fromEntries(CODES.map((code) => [code, answer]));

describe('民主测评 (component: the survey module on real NATS and FerretDB)', () => {
  let c: Component;
  let port: SurveyPort;

  const root = department('市委组织部');
  const d = department('发改委', root);
  const e = department('商务局', root);
  const target = user('王干部', d, ['cadre'], { rankLevel: 'section' });
  const chief = user('李主任', d, ['cadre'], { rankLevel: 'division' });
  const p1 = user('赵同级', d, ['cadre'], { rankLevel: 'section' });
  const p2 = user('钱同级', d, ['cadre'], { rankLevel: 'section' });
  const p3 = user('孙同级', d, ['cadre'], { rankLevel: 'section' });
  const s1 = user('周科员', d, ['cadre'], { rankLevel: 'staff' });
  const s2 = user('吴科员', d, ['cadre'], { rankLevel: 'staff' });
  const s3 = user('郑科员', d, ['cadre'], { rankLevel: 'staff' });
  const reviewer = user('冯审核', d, ['reviewer'], { rankLevel: 'section' });
  const appraiser = user('陈考核', root, ['appraiser'], { rankLevel: 'section' });
  const otherAppraiser = user('褚考核', e, ['appraiser'], { rankLevel: 'section' });
  const outsider = user('卫协作', e, ['cadre'], { rankLevel: 'section' });
  const stranger = user('蒋路人', e, ['cadre'], { rankLevel: 'section' });
  const admin = user('沈管理', root, ['admin']);
  const assessor = user('韩考评', root, ['assessor']);
  const extras = Array.from({ length: 20 }, (_, i) => user(`服务对象${i + 1}`, e, ['cadre'], { rankLevel: 'staff' }));
  const all: UserSeed[] = [target, chief, p1, p2, p3, s1, s2, s3, reviewer, appraiser, otherAppraiser, outsider, stranger, admin, assessor, ...extras];
  const roster = [target, chief, p1, p2, p3, s1, s2, s3, outsider].map((u) => ({ cadreId: u.id, departmentId: u.department.id, departmentPath: u.department.path }));
  const as = (u: UserSeed): Caller => callerOf(u);

  const ballot = (rater: UserSeed, cadre: UserSeed, scores: Record<string, string>, satisfaction: SatisfactionAnswer) =>
    c.request(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: cadre.id, scores, satisfaction } }, as(rater));
  const view = async (departmentId: string, caller: UserSeed = admin): Promise<SurveyView> =>
    surveyViewSchema.parse(await c.request(RPC.appraisal.survey, { cycleId: CYCLE, departmentId }, as(caller)));
  const itemOf = (v: SurveyView, cadre: UserSeed) => v.items.find((i) => i.cadreId === cadre.id)!;

  beforeAll(async () => {
    c = await startComponent({
      service: 'appraisal',
      module: async (logger): Promise<DynamicModule> => {
        return {
          module: SurveyTestRoot,
          imports: [
            InfrastructureModule.forRoot({
              service: 'appraisal',
              logger,
              natsUrl: process.env.NATS_URL!,
              mongo: { uri: process.env.MONGODB_URI!, dbName: process.env.MONGODB_DB! },
              publishes: [STREAMS.APPRAISAL],
              outboxSweepIntervalMs: 500,
            }),
            SurveyModule,
          ],
        };
      },
    });
    await c.seedDirectory({ departments: [root, d, e], users: all });
    // A verified record of 2026 shared with a cadre of another department: a 同级 rater (collaborator).
    await c.publish(RECORD_EVENTS.verified, { recordId: 'r1', version: 5, participants: [{ userId: target.id, role: 'lead', share: 60 }, { userId: outsider.id, role: 'member', share: 40 }], verifiedAt: '2026-05-01T02:00:00.000Z' }, { producer: 'records' });
    await waitUntil(() => c.db.collection('collaborators').findOne({ _id: `2026:${target.id}` } as never), { what: 'the collaborators of the record', timeoutMs: 30_000 });
    port = c.app.get<SurveyPort>(SURVEY_PORT);
    const cycle = { cycleId: CYCLE, kind: 'annual' as const, name: '2026年度考核', period: '2026', settings: { criteria: DEFAULT_SURVEY_CRITERIA, groups: DEFAULT_SURVEY_GROUPS } };
    await port.open(cycle, roster);
    await port.open(cycle, roster); // idempotent
  });

  afterAll(async () => {
    await c?.stop();
  });

  it('draws the raters from the directory: 上级, 同级 (with collaborators), 下级, never the cadre', async () => {
    const v = await view(d.id);
    expect(v.cycle).toEqual({ id: CYCLE, name: '2026年度考核', status: 'open', surveyStatus: 'open' });
    const item = itemOf(v, target);
    const ids = (group: string) => item.raters.filter((r) => r.group === group).map((r) => r.userId).sort();
    expect(ids('superior')).toEqual([chief.id, reviewer.id, appraiser.id].sort());
    expect(ids('peer')).toEqual([p1.id, p2.id, p3.id, outsider.id].sort());
    expect(ids('subordinate')).toEqual([s1.id, s2.id, s3.id].sort());
    expect(item.raters.some((r) => r.userId === target.id)).toBe(false);
    expect(item.raters.find((r) => r.userId === chief.id)).toMatchObject({ name: '李主任', groupLabel: '上级', voted: false });
    expect(item.result).toBeNull();
    expect(v.items.map((i) => i.cadreId).sort()).toEqual([target, chief, p1, p2, p3, s1, s2, s3].map((u) => u.id).sort());
  });

  it('shows each rater whom they rate, with the criteria', async () => {
    const mine = myBallotsViewSchema.parse(await c.request(RPC.appraisal.ballotsMine, {}, as(p1)));
    const forTarget = mine.items.find((i) => i.cadreId === target.id);
    expect(forTarget).toMatchObject({ cycleId: CYCLE, cycleName: '2026年度考核', name: '王干部', departmentName: '发改委', group: 'peer', groupLabel: '同级', voted: false });
    expect(forTarget!.criteria.map((x) => x.code)).toEqual(CODES);
    expect(mine.answers.map((a) => a.score)).toEqual([100, 80, 60, 40]);
    const nothing = myBallotsViewSchema.parse(await c.request(RPC.appraisal.ballotsMine, {}, as(admin)));
    expect(nothing.items).toEqual([]);
  });

  it('refuses a ballot with a criterion missing or unknown (400 naming scores.<code>), from a non-rater or the cadre (404)', async () => {
    const withoutDe = Object.fromEntries(Object.entries(uniform('good')).filter(([code]) => code !== 'de'));
    const invalid = await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: target.id, scores: { ...withoutDe, xyz: 'good' }, satisfaction: 'satisfied' } }, as(p1));
    expect(invalid.status).toBe(400);
    expect(errorPaths(invalid)).toEqual(['scores.de', 'scores.xyz']);
    const badAnswer = await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: target.id, scores: { ...uniform('good'), de: 'great' }, satisfaction: 'happy' } }, as(p1));
    expect(badAnswer.status).toBe(400);
    expect(errorPaths(badAnswer)).toEqual(['satisfaction', 'scores.de']);
    expect((await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: target.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(stranger))).status).toBe(404);
    expect((await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: target.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(target))).status).toBe(404);
    expect((await c.refusal(RPC.appraisal.ballot, { cycleId: 'no-such-cycle', body: { cadreId: target.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(p1))).status).toBe(404);
  });

  it('counts ballots, refuses a second one (409), and says only whether each rater voted', async () => {
    const mixed = { de: 'good', neng: 'good', qin: 'average', ji: 'fairly_good', lian: 'good' };
    expect(await ballot(chief, target, mixed, 'satisfied')).toEqual({ counted: true });
    expect(await ballot(reviewer, target, uniform('fairly_good'), 'basically_satisfied')).toEqual({ counted: true });
    expect(await ballot(p1, target, uniform('good'), 'satisfied')).toEqual({ counted: true });
    expect(await ballot(p2, target, uniform('average'), 'dissatisfied')).toEqual({ counted: true });
    expect(await ballot(p3, target, uniform('fairly_good'), 'satisfied')).toEqual({ counted: true });
    expect(await ballot(s1, target, uniform('poor'), 'dissatisfied')).toEqual({ counted: true });
    expect(await ballot(s2, target, uniform('poor'), 'dissatisfied')).toEqual({ counted: true });
    const again = await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: target.id, scores: uniform('poor'), satisfaction: 'dissatisfied' } }, as(p1));
    expect(again.status).toBe(409);

    const item = itemOf(await view(d.id, appraiser), target);
    expect(item.voted).toBe(7);
    expect(item.raters.filter((r) => r.voted).map((r) => r.userId).sort()).toEqual([chief, reviewer, p1, p2, p3, s1, s2].map((u) => u.id).sort());
    expect(item.result).toBeNull();
    const mine = myBallotsViewSchema.parse(await c.request(RPC.appraisal.ballotsMine, {}, as(p1)));
    expect(mine.items.find((i) => i.cadreId === target.id)?.voted).toBe(true);
  });

  it('repairs a ballot whose rater was not marked (crash between the tally and the rater list): 409, and marked now', async () => {
    // s3's ballot reached the tally but the process died before marking: simulate by writing the tally as the ballot would.
    const key = (await c.db.collection('survey_keys').findOne({ _id: CYCLE } as never))!.key as string;
    const id = `${CYCLE}:${chief.id}:subordinate`;
    const tally = await c.db.collection('survey_tallies').findOne({ _id: id } as never);
    expect(tally).toBeNull();
    await c.db.collection('survey_tallies').insertOne({ _id: id, ...addBallot(null, { scores: uniform('good'), satisfaction: 'satisfied' }, voterHash(key, s3.id)) } as never);
    const retry = await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: chief.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(s3));
    expect(retry.status).toBe(409);
    const counted = await c.db.collection('survey_tallies').findOne({ _id: id } as never);
    expect(counted).toMatchObject({ count: 1 });
    expect(itemOf(await view(d.id), chief).raters.find((r) => r.userId === s3.id)?.voted).toBe(true);
  });

  it('edits a rater list: appraisers of the subtree and admins; never the cadre, never a voter removed', async () => {
    const current = itemOf(await view(d.id), p1).raters.map((r) => ({ userId: r.userId, group: r.group }));
    const wanted = [...current, ...extras.map((u) => ({ userId: u.id, group: 'recipient' as const }))];
    expect((await c.refusal(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: p1.id, body: { raters: wanted } }, as(otherAppraiser))).status).toBe(403);
    expect((await c.refusal(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: p1.id, body: { raters: wanted } }, as(p1))).status).toBe(403);
    expect((await c.refusal(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: p1.id, body: { raters: wanted } }, as(assessor))).status).toBe(403);
    const self = await c.refusal(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: p1.id, body: { raters: [...wanted, { userId: p1.id, group: 'peer' }] } }, as(appraiser));
    expect(self.status).toBe(400);
    expect(errorPaths(self)).toEqual([`raters.${wanted.length}.userId`]);
    const edited = surveyCadreViewSchema.parse(await c.request(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: p1.id, body: { raters: wanted } }, as(appraiser)));
    expect(edited.invited).toBe(wanted.length);
    const mine = myBallotsViewSchema.parse(await c.request(RPC.appraisal.ballotsMine, {}, as(extras[0]!)));
    expect(mine.items.filter((i) => i.cadreId === p1.id).map((i) => i.group)).toEqual(['recipient']);
    expect(mine.items.find((i) => i.cadreId === outsider.id)?.group).toBe('subordinate');
    // target's voters may not be removed or moved
    const targetRaters = itemOf(await view(d.id), target).raters.map((r) => ({ userId: r.userId, group: r.group }));
    const withoutVoter = targetRaters.filter((r) => r.userId !== chief.id);
    expect((await c.refusal(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: target.id, body: { raters: withoutVoter } }, as(admin))).status).toBe(409);
    const moved = targetRaters.map((r) => (r.userId === p1.id ? { ...r, group: 'recipient' as const } : r));
    expect((await c.refusal(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: target.id, body: { raters: moved } }, as(admin))).status).toBe(409);
  });

  it('counts 20 ballots sent at once', async () => {
    // As a browser does with a 503 (the service sheds what waits too long): send again after Retry-After.
    const persistent = async (u: UserSeed, i: number) => {
      for (;;) {
        try {
          return await ballot(u, p1, uniform(CRITERION_ANSWERS[i % 4]!), SATISFACTION_ANSWERS[i % 3]!);
        } catch (error) {
          if ((error as { status?: number }).status !== 503) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1_000 * ((error as { retryAfter?: number }).retryAfter ?? 1)));
        }
      }
    };
    const answers = await Promise.all(extras.map(persistent));
    expect(answers).toEqual(extras.map(() => ({ counted: true })));
    const tally = (await c.db.collection('survey_tallies').findOne({ _id: `${CYCLE}:${p1.id}:recipient` } as never))!;
    expect(tally.count).toBe(20);
    expect(tally.voters).toHaveLength(20);
    expect(tally.answers.de).toEqual({ good: 5, fairly_good: 5, average: 5, poor: 5 });
    expect(tally.satisfaction).toEqual({ satisfied: 7, basically_satisfied: 7, dissatisfied: 6 });
    expect(itemOf(await view(d.id), p1).raters.filter((r) => r.group === 'recipient' && r.voted)).toHaveLength(20);
  });

  it('lets only appraisers of the subtree, assessors and admins see the survey', async () => {
    expect((await c.refusal(RPC.appraisal.survey, { cycleId: CYCLE, departmentId: d.id }, as(otherAppraiser))).status).toBe(403);
    expect((await c.refusal(RPC.appraisal.survey, { cycleId: CYCLE, departmentId: d.id }, as(p1))).status).toBe(403);
    expect((await c.refusal(RPC.appraisal.survey, { cycleId: CYCLE, departmentId: d.id }, as(reviewer))).status).toBe(403);
    expect((await view(d.id, assessor)).items).toHaveLength(8);
    expect((await view(e.id, otherAppraiser)).items.map((i) => i.cadreId)).toEqual([outsider.id]);
  });

  it('closes (admin only): results exactly as computed by hand, one event per cadre, the key dropped; then no more ballots', async () => {
    expect((await c.refusal(RPC.appraisal.surveyClose, { cycleId: CYCLE }, as(appraiser))).status).toBe(403);
    const closed = surveyCloseViewSchema.parse(await c.request(RPC.appraisal.surveyClose, { cycleId: CYCLE }, as(admin)));
    expect(closed).toMatchObject({ cycleId: CYCLE, surveyStatus: 'closed', results: roster.length });
    expect(await c.db.collection('survey_keys').findOne({ _id: CYCLE } as never)).toBeNull();
    expect(await port.statusOf(CYCLE)).toMatchObject({ status: 'closed' });

    const v = await view(d.id);
    expect(v.cycle.surveyStatus).toBe('closed');
    const result = surveyResultViewSchema.parse(itemOf(v, target).result);
    // 上级: chief {100,100,60,80,100}, reviewer all 80 → {90,90,70,80,90}, 满意 2/2. 同级: 100, 60, 80 → 80, 满意 2/3.
    // 下级: 2 votes < 3, not counted. Weights 0.3 and 0.3 → the mean of both groups.
    expect(result).toEqual({
      cycleId: CYCLE,
      cycleName: '2026年度考核',
      period: '2026',
      cadreId: target.id,
      shown: true,
      groups: [
        { group: 'superior', label: '上级', weight: 0.3, invited: 3, voted: 2, counted: true },
        { group: 'peer', label: '同级', weight: 0.3, invited: 4, voted: 3, counted: true },
        { group: 'subordinate', label: '下级', weight: 0.2, invited: 3, voted: 2, counted: false },
        { group: 'recipient', label: '服务对象', weight: 0.2, invited: 0, voted: 0, counted: false },
      ],
      criteria: [
        { code: 'de', name: '德', weight: 0.2, score: 85 },
        { code: 'neng', name: '能', weight: 0.2, score: 85 },
        { code: 'qin', name: '勤', weight: 0.15, score: 75 },
        { code: 'ji', name: '绩', weight: 0.3, score: 80 },
        { code: 'lian', name: '廉', weight: 0.15, score: 85 },
      ],
      // 0.2×85 + 0.2×85 + 0.15×75 + 0.3×80 + 0.15×85 = 82; 满意度 (100 + 66.67) / 2
      overall: 82,
      satisfaction: 83.33,
    });
    // p1: only 服务对象 counted (20 votes: 5 of each answer → 70; 满意 + 基本满意 14 of 20 → 70%).
    const p1Result = itemOf(v, p1).result!;
    expect(p1Result.shown).toBe(true);
    expect(p1Result.criteria.map((x) => x.score)).toEqual([70, 70, 70, 70, 70]);
    expect(p1Result.satisfaction).toBe(70);
    // chief: one subordinate vote (the repaired one) < 3: nothing shown.
    expect(itemOf(v, chief).result).toMatchObject({ shown: false, overall: null, satisfaction: null });

    const events = await waitUntil(async () => {
      const found = await c.published(APPRAISAL_EVENTS.surveyResult);
      return found.length >= roster.length ? found : null;
    }, { what: 'one result event per cadre', timeoutMs: 30_000 });
    expect(events.map((ev) => ev.data.cadreId).sort()).toEqual(roster.map((r) => r.cadreId).sort());
    expect(events.find((ev) => ev.data.cadreId === target.id)?.data).toMatchObject({ cycleKind: 'annual', year: '2026', departmentId: d.id, overall: 82, satisfaction: 83.33, shown: true });
    expect(await port.resultsOf(target.id, [CYCLE, 'other'])).toEqual([result]);

    // Closed: no ballot, no edit; a second close changes nothing.
    expect((await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: target.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(s3))).status).toBe(409);
    expect((await c.refusal(RPC.appraisal.ballot, { cycleId: CYCLE, body: { cadreId: target.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(stranger))).status).toBe(409);
    expect((await c.refusal(RPC.appraisal.raters, { cycleId: CYCLE, cadreId: target.id, body: { raters: [] } }, as(admin))).status).toBe(409);
    await port.close(CYCLE, as(admin));
    expect(await c.db.collection('survey_results').countDocuments({})).toBe(roster.length);
    expect(surveyViewSchema.parse(await c.request(RPC.appraisal.survey, { cycleId: CYCLE, departmentId: d.id }, as(admin))).cycle).toMatchObject({ status: 'closed', surveyStatus: 'closed' });
    expect(myBallotsViewSchema.parse(await c.request(RPC.appraisal.ballotsMine, {}, as(s3))).items).toEqual([]);
  });

  it('finishes an interrupted opening and an interrupted close (a crash half-way loses nothing)', async () => {
    const cycleId = 'cycle-2026-q2';
    const quarterRoster = roster.filter((r) => [target.id, p1.id, p2.id, p3.id].includes(r.cadreId));
    const cycle = { cycleId, kind: 'quarterly' as const, name: '2026年第二季度平时考核', period: '2026-Q2', settings: { criteria: DEFAULT_SURVEY_CRITERIA, groups: DEFAULT_SURVEY_GROUPS } };
    await port.open(cycle, quarterRoster);
    // The opening died after the survey document and before target's list and the key: a second call finishes it.
    await c.db.collection('surveys').updateOne({ _id: cycleId } as never, { $set: { status: 'opening' } });
    await c.db.collection('survey_raters').deleteOne({ _id: `${cycleId}:${target.id}` } as never);
    await c.db.collection('survey_keys').deleteOne({ _id: cycleId } as never);
    expect((await c.refusal(RPC.appraisal.ballot, { cycleId, body: { cadreId: target.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(p1))).status).toBe(409);
    await port.open(cycle, quarterRoster);
    expect(await c.db.collection('surveys').findOne({ _id: cycleId } as never)).toMatchObject({ status: 'open' });
    expect(await port.statusOf(cycleId)).toEqual({ status: 'open', closedAt: null });
    for (const rater of [p1, p2, p3]) expect(await c.request(RPC.appraisal.ballot, { cycleId, body: { cadreId: target.id, scores: uniform('fairly_good'), satisfaction: 'satisfied' } }, as(rater))).toEqual({ counted: true });

    // The close died after refusing ballots (`closing`), before the results: the next start stores and publishes them.
    await c.db.collection('surveys').updateOne({ _id: cycleId } as never, { $set: { status: 'closing', closedAt: new Date() } });
    expect((await c.refusal(RPC.appraisal.ballot, { cycleId, body: { cadreId: target.id, scores: uniform('good'), satisfaction: 'satisfied' } }, as(chief))).status).toBe(409);
    // What the next start does (SurveyService.onApplicationBootstrap): finish every survey left `opening` or `closing`.
    await c.app.get(SurveyService).resume();
    expect(await port.statusOf(cycleId)).toMatchObject({ status: 'closed' });
    const results = await c.db.collection('survey_results').find({ cycleId } as never).toArray();
    expect(results.map((r) => r.cadreId).sort()).toEqual(quarterRoster.map((r) => r.cadreId).sort());
    const events = await waitUntil(async () => {
      const found = (await c.published(APPRAISAL_EVENTS.surveyResult)).filter((ev) => ev.data.cycleId === cycleId);
      return found.length >= quarterRoster.length ? found : null;
    }, { what: 'the results of the second cycle', timeoutMs: 30_000 });
    expect(events).toHaveLength(quarterRoster.length);
    expect(events.find((ev) => ev.data.cadreId === target.id)?.data).toMatchObject({ cycleKind: 'quarterly', period: '2026-Q2', overall: 80, satisfaction: 100 });
    expect(await c.db.collection('survey_keys').findOne({ _id: cycleId } as never)).toBeNull();
  });

  it('ANONYMITY: no document of the database holds a rater beside answers, or a time or ballot id beside answers; tallies are the sums', async () => {
    const db = c.db.db!;
    // Every rater who voted, and everyone else seeded: none may appear beside answers (but as the cadre rated).
    const secrets = all.flatMap((u) => [u.id, `u-${u.id.slice(0, 8)}`]);
    const answerTokens = [...CRITERION_ANSWERS, ...SATISFACTION_ANSWERS].map((a) => `"${a}"`);
    const isoTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
    const collections = (await db.listCollections().toArray()).map((x) => x.name).sort();
    expect(collections).toEqual(expect.arrayContaining(['survey_tallies', 'survey_raters', 'survey_rater_index', 'surveys', 'survey_results']));
    let answerBearing = 0;
    for (const name of collections) {
      for (const doc of await db.collection(name).find({}).toArray()) {
        const text = JSON.stringify(doc);
        if (!answerTokens.some((token) => text.includes(token))) continue;
        answerBearing += 1;
        // The cadre the document is about may appear (as the subject); no rater may.
        const subject = roster.map((r) => r.cadreId).find((id) => String(doc._id).includes(id));
        const withoutSubject = subject ? text.split(subject).join('<subject>') : text;
        for (const secret of secrets) expect({ collection: name, leaks: withoutSubject.includes(secret) }).toEqual({ collection: name, leaks: false });
        expect({ collection: name, idIsString: typeof doc._id === 'string' }).toEqual({ collection: name, idIsString: true });
        expect({ collection: name, time: isoTime.test(text) || Object.values(doc).some((x) => x instanceof Date) }).toEqual({ collection: name, time: false });
        expect(Object.keys(doc).sort()).toEqual(['_id', 'answers', 'count', 'satisfaction', 'voters']);
      }
    }
    expect(answerBearing).toBeGreaterThanOrEqual(5);
    // Every tally is its sums: count = voters = each criterion's answers = the satisfaction answers.
    const tallies = await db.collection('survey_tallies').find({}).toArray();
    for (const t of tallies) {
      expect(t.voters).toHaveLength(t.count);
      expect([...t.voters].sort()).toEqual(t.voters);
      for (const code of CODES) expect(Object.values(t.answers[code] as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(t.count);
      expect(Object.values(t.satisfaction as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(t.count);
    }
    const superior = tallies.find((t) => String(t._id) === `${CYCLE}:${target.id}:superior`)!;
    expect(superior.answers).toEqual({
      de: { good: 1, fairly_good: 1, average: 0, poor: 0 },
      neng: { good: 1, fairly_good: 1, average: 0, poor: 0 },
      qin: { good: 0, fairly_good: 1, average: 1, poor: 0 },
      ji: { good: 0, fairly_good: 2, average: 0, poor: 0 },
      lian: { good: 1, fairly_good: 1, average: 0, poor: 0 },
    });
    expect(superior.satisfaction).toEqual({ satisfied: 1, basically_satisfied: 1, dissatisfied: 0 });
    // The rater lists say who voted and never how: no answer token in them.
    for (const doc of await db.collection('survey_raters').find({}).toArray()) expect(answerTokens.some((t) => JSON.stringify(doc).includes(t))).toBe(false);
  });
});
