/**
 * Crashes during the burst of ballots and grade confirmations (issue #21), the whole system through the gateway:
 * 30 raters vote for each of several cadres while the assessor confirms a bureau's grades, eight requests at a time;
 * meanwhile the appraisal service is killed (SIGKILL) and started again twice, scoring once. A request answered 5xx
 * (or not at all) is tried again by the client, as a phone would: a ballot's retry answers 201 or 409 (already voted),
 * a confirmation's retry finds the grade confirmed or confirms it.
 *
 * Afterwards, each ballot is counted exactly once: once the admin closes the survey, each cadre's result (per group
 * the votes, per criterion the score, 满意度) equals the hand computation from the ballots the client knows it cast;
 * each confirmed grade has its points once (one `appraisal` ledger entry of the grade's points), the APPRAISAL stream
 * holds each confirmation once, and no sheet keeps an outbox.
 *
 * Real processes only: a private NATS+JetStream server, every service from its build, FerretDB and Redis.
 */
import { connect, type NatsConnection } from 'nats';
import {
  CRITERION_ANSWERS,
  CRITERION_ANSWER_SCORES,
  DEFAULT_SURVEY_CRITERIA,
  DEFAULT_SURVEY_GROUPS,
  SATISFACTION_ANSWERS,
  STREAMS,
  currentScoringYear,
  cycleViewSchema,
  scoreViewSchema,
  sheetViewSchema,
  surveyViewSchema,
  type CriterionAnswer,
  type CycleView,
  type RaterGroup,
  type SatisfactionAnswer,
  type UserView,
} from '@cadre/contracts';
import { expectStatus, matchesSchema, pool, sleep, startPlatform, waitUntil, type Platform, type PlatformService, type Reply } from '@cadre/testing';

jest.setTimeout(420_000);

const YEAR = currentScoringYear();
/** Cadres graded in the burst (quota floor(0.2 × 32) = 6 优秀). */
const GRADED = Number(process.env.CRASH_GRADED ?? 32);
const EXCELLENT = Math.floor(GRADED * 0.2 + 1e-9);
/** Cadres surveyed, and their 30 raters: 20 of the graded cadres and 10 people of a service unit. */
const SURVEYED = Number(process.env.CRASH_SURVEYED ?? 8);
const PUBLIC = 10;
const RATERS = Math.min(GRADED, 20) + PUBLIC;
const WORKERS = 8;
/** Points of the default standard for a 年度考核 grade, in hundredths. */
const POINTS: Record<string, number> = { excellent: 1_000, competent: 500 };
/** The rater group of the i-th rater of a surveyed cadre. */
const groupOf = (i: number): RaterGroup => (i < 4 ? 'superior' : i < 14 ? 'peer' : i < 22 ? 'subordinate' : 'recipient');

interface Ballot {
  cadreId: string;
  group: RaterGroup;
  scores: Record<string, CriterionAnswer>;
  satisfaction: SatisfactionAnswer;
}

describe('appraisal: kill -9 during the burst of ballots and confirmations (end to end)', () => {
  let platform: Platform;
  let nc: NatsConnection;
  let cycle: CycleView;
  let graded: { user: UserView; token: string }[] = [];
  let surveyed: { user: UserView; token: string }[] = [];
  let people: { user: UserView; token: string }[] = [];
  let appraiser: string;
  let assessor: string;
  let bureauG: string;
  let bureauS: string;

  beforeAll(async () => {
    platform = await startPlatform({ name: 'appraisal-crash', killAfterMs: 15_000 });
    nc = await connect({ servers: platform.nats.url });
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('压测区', 'YCQ', root.id);
    bureauG = (await platform.createDepartment('压测区发改局', 'YCFGJ', district.id)).id;
    bureauS = (await platform.createDepartment('压测区商务局', 'YCSWJ', district.id)).id;
    const unit = await platform.createDepartment('服务对象单位', 'FWDX', root.id);
    const specs: [string, Parameters<Platform['createUser']>[1]][] = [
      ['appraiser', { departmentId: bureauG, roles: ['appraiser'], name: '压测考核专员' }],
      ['assessor', { departmentId: root.id, roles: ['assessor'], name: '压测审核' }],
      ...Array.from({ length: GRADED }, (_, k): [string, Parameters<Platform['createUser']>[1]] => [`g${k}`, { departmentId: bureauG, roles: ['cadre'], name: `发改干部${k}` }]),
      ...Array.from({ length: SURVEYED }, (_, k): [string, Parameters<Platform['createUser']>[1]] => [`s${k}`, { departmentId: bureauS, roles: ['cadre'], name: `商务干部${k}` }]),
      ...Array.from({ length: PUBLIC }, (_, k): [string, Parameters<Platform['createUser']>[1]] => [`p${k}`, { departmentId: unit.id, roles: ['cadre'], name: `群众代表${k}` }]),
    ];
    const made = await pool(specs, 4, ([key, fields]) => platform.createUser(key, fields));
    appraiser = made[0].token;
    assessor = made[1].token;
    graded = made.slice(2, 2 + GRADED);
    surveyed = made.slice(2 + GRADED, 2 + GRADED + SURVEYED);
    people = made.slice(2 + GRADED + SURVEYED);
    await platform.replicasKnow(made.map((m) => m.user.id), ['appraisal', 'scoring']);
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await platform?.stop();
  });

  const retryable = (reply: Reply | undefined) => !reply || reply.status >= 500 || reply.status === 429;
  /** Answers 5xx, 429 or none, of every call the client tried again. */
  let failedCalls = 0;
  /** A call tried again while the answer is a 5xx, a 429 or no answer at all; answers the first other reply and how many tries it took. */
  async function tried(call: () => Promise<Reply>, what: string): Promise<{ reply: Reply; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      const reply = await call().catch(() => undefined);
      if (!retryable(reply)) return { reply: reply as Reply, attempts: attempt };
      failedCalls++;
      if (attempt === 120) throw new Error(`${what}: still ${reply?.status ?? 'no answer'} after ${attempt} tries`);
      await sleep(500);
    }
  }
  const sheetItem = async (cadreId: string) => {
    const { reply } = await tried(() => platform.as(platform.adminToken).get(`/appraisal/cycles/${cycle.id}/sheet?departmentId=${bureauG}`), 'reading the sheet');
    return matchesSchema(sheetViewSchema, expectStatus(reply, 200)).items.find((i) => i.cadreId === cadreId)!;
  };

  it('every ballot counted once, every confirmed grade’s points once, across two kills of appraisal and one of scoring', async () => {
    const began = Date.now();
    cycle = matchesSchema(
      cycleViewSchema,
      expectStatus(await platform.as(platform.adminToken).post('/appraisal/cycles', { kind: 'annual', name: `${YEAR}年度考核（压测）`, period: YEAR, departmentIds: [bureauG, bureauS], survey: {} }), 201),
    );
    // Each surveyed cadre's raters, set by hand: the graded cadres and the service unit's people, in four groups.
    const raters = [...graded.slice(0, RATERS - PUBLIC), ...people];
    await pool(surveyed, 4, async (cadre) => {
      const list = raters.map((r, i) => ({ userId: r.user.id, group: groupOf(i) }));
      expectStatus(await platform.as(platform.adminToken).put(`/appraisal/cycles/${cycle.id}/survey/raters/${cadre.user.id}`, { raters: list }), 200);
    });
    // The grades entered (4 优秀, the rest 称职), before the burst.
    const gradeOf = (k: number) => (k < EXCELLENT ? 'excellent' : 'competent');
    await pool(graded, WORKERS, async (cadre, k) => {
      const { version } = await sheetItem(cadre.user.id);
      expectStatus(await platform.as(appraiser).put(`/appraisal/cycles/${cycle.id}/grades/${cadre.user.id}`, { grade: gradeOf(k), comment: '年度考核评语', version }), 200);
    });
    const prepared = Date.now();

    // The burst: every ballot and every confirmation, interleaved.
    type Work = { kind: 'ballot'; rater: number; cadre: number } | { kind: 'confirm'; cadre: number };
    const work: Work[] = [];
    for (let c = 0; c < SURVEYED; c++) for (let r = 0; r < RATERS; r++) work.push({ kind: 'ballot', rater: r, cadre: c });
    graded.forEach((_, k) => work.splice(Math.floor(((k + 0.5) * work.length) / GRADED), 0, { kind: 'confirm', cadre: k }));
    const cast: Ballot[] = [];
    let done = 0;
    let ballotRetries = 0;
    let alreadyVotedOnRetry = 0;
    let confirmRetries = 0;
    const burst = pool(work, WORKERS, async (item) => {
      if (item.kind === 'ballot') {
        const cadreId = surveyed[item.cadre].user.id;
        const scores = Object.fromEntries(DEFAULT_SURVEY_CRITERIA.map((criterion, k) => [criterion.code, CRITERION_ANSWERS[Math.floor((item.rater * 37 + item.cadre * 11 + 3) / 4 ** k) % 4]])) as Record<string, CriterionAnswer>;
        const satisfaction = SATISFACTION_ANSWERS[(item.rater + item.cadre) % 3];
        const { reply, attempts } = await tried(() => platform.as(raters[item.rater].token).post(`/appraisal/cycles/${cycle.id}/ballots`, { cadreId, scores, satisfaction }), `ballot ${item.rater}→${item.cadre}`);
        if (attempts > 1) ballotRetries++;
        // The first answer is 201; only a retry (the first try's fate unknown) may find the ballot already counted.
        if (reply.status === 409 && attempts > 1) {
          // Already voted (the first try was counted), never "closed" or anything else.
          expect(JSON.stringify(reply.body)).toMatch(/already/i);
          alreadyVotedOnRetry++;
        }
        else expect({ ballot: `${item.rater}→${item.cadre}`, attempts, status: reply.status, body: reply.body }).toEqual({ ballot: `${item.rater}→${item.cadre}`, attempts, status: 201, body: { counted: true } });
        cast.push({ cadreId, group: groupOf(item.rater), scores, satisfaction });
      } else {
        const cadreId = graded[item.cadre].user.id;
        for (let attempt = 1; ; attempt++) {
          const current = await sheetItem(cadreId);
          if (current.status === 'confirmed') break;
          const reply = await platform.as(assessor).post(`/appraisal/cycles/${cycle.id}/grades/${cadreId}/review`, { decision: 'confirm', comment: '同意', version: current.version }).catch(() => undefined);
          if (reply?.status === 200) break;
          confirmRetries++;
          if (reply && !retryable(reply) && reply.status !== 409) throw new Error(`confirming ${cadreId}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 400)}`);
          if (attempt === 120) throw new Error(`confirming ${cadreId}: still failing after ${attempt} tries`);
          await sleep(500);
        }
      }
      done++;
    });
    const restarts: { service: PlatformService; at: number; downMs: number }[] = [];
    const crashes = (async () => {
      for (const [k, service] of (['appraisal', 'scoring', 'appraisal'] as const).entries()) {
        await waitUntil(() => done >= ((k + 1) * work.length) / 4, { timeoutMs: 180_000, intervalMs: 20, what: `a quarter more of the burst before killing ${service}` });
        const at = Date.now();
        await platform.services[service].kill();
        await platform.startAgain(service);
        restarts.push({ service, at: at - prepared, downMs: Date.now() - at });
      }
    })();
    await Promise.all([burst, crashes]);
    const lastRestart = Date.now();
    expect(cast).toHaveLength(SURVEYED * RATERS);

    // Participation: every rater of every surveyed cadre marked as having voted.
    const survey = async () =>
      matchesSchema(surveyViewSchema, expectStatus((await tried(() => platform.as(platform.adminToken).get(`/appraisal/cycles/${cycle.id}/survey?departmentId=${bureauS}`), 'reading the survey')).reply, 200));
    const open = await survey();
    expect(open.items.map((i) => ({ cadreId: i.cadreId, invited: i.invited, voted: i.voted }))).toEqual(
      expect.arrayContaining(surveyed.map((s) => ({ cadreId: s.user.id, invited: RATERS, voted: RATERS }))),
    );

    // Closed: each result equals the hand computation over the ballots cast, each counted once.
    expectStatus((await tried(() => platform.as(platform.adminToken).post(`/appraisal/cycles/${cycle.id}/survey/close`), 'closing the survey')).reply, 200);
    const closed = await survey();
    const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) <= 0.011;
    for (const cadre of surveyed) {
      const result = closed.items.find((i) => i.cadreId === cadre.user.id)?.result;
      const mine = cast.filter((b) => b.cadreId === cadre.user.id);
      const groups = DEFAULT_SURVEY_GROUPS.map((g) => ({ ...g, ballots: mine.filter((b) => b.group === g.group) }));
      const weights = groups.reduce((sum, g) => sum + g.weight, 0);
      const weighted = (of: (ballots: Ballot[]) => number) => groups.reduce((sum, g) => sum + g.weight * of(g.ballots), 0) / weights;
      const scores = DEFAULT_SURVEY_CRITERIA.map((c) => weighted((bs) => bs.reduce((sum, b) => sum + CRITERION_ANSWER_SCORES[b.scores[c.code]], 0) / bs.length));
      const overall = DEFAULT_SURVEY_CRITERIA.reduce((sum, c, i) => sum + c.weight * scores[i], 0);
      const satisfaction = weighted((bs) => (100 * bs.filter((b) => b.satisfaction !== 'dissatisfied').length) / bs.length);
      expect({
        cadre: cadre.user.name,
        shown: result?.shown,
        groups: result?.groups.map((g) => ({ group: g.group, invited: g.invited, voted: g.voted, counted: g.counted })),
        criteria: result?.criteria.map((c, i) => near(c.score, scores[i])),
        overall: near(result?.overall ?? null, overall),
        satisfaction: near(result?.satisfaction ?? null, satisfaction),
      }).toEqual({
        cadre: cadre.user.name,
        shown: true,
        groups: groups.map((g) => ({ group: g.group, invited: g.ballots.length, voted: g.ballots.length, counted: true })),
        criteria: DEFAULT_SURVEY_CRITERIA.map(() => true),
        overall: true,
        satisfaction: true,
      });
    }
    const counted = Date.now();

    // Every confirmed grade: confirmed on the sheet, its points once in the cadre's score.
    const sheet = matchesSchema(sheetViewSchema, expectStatus(await platform.as(platform.adminToken).get(`/appraisal/cycles/${cycle.id}/sheet?departmentId=${bureauG}`), 200));
    expect(sheet.items.filter((i) => i.status === 'confirmed')).toHaveLength(GRADED);
    let wrong: unknown[] = [];
    await waitUntil(
      async () => {
        wrong = [];
        await pool(graded, 4, async (cadre, k) => {
          const reply = await platform.as(platform.adminToken).get(`/scores/${cadre.user.id}?period=${YEAR}`);
          const score = reply.status === 200 ? matchesSchema(scoreViewSchema, reply.body) : undefined;
          const entries = score?.entries.filter((e) => e.source.type === 'appraisal') ?? [];
          const expected = POINTS[gradeOf(k)];
          if (!score || Math.round(score.appraisal * 100) !== expected || entries.length !== 1 || entries[0].hundredths !== expected || entries[0].source.id !== `${cycle.id}:${cadre.user.id}`) {
            wrong.push({ cadre: cadre.user.name, status: reply.status, appraisal: score?.appraisal, entries: entries.map((e) => `${e.part} ${e.hundredths} ${e.source.id}`) });
          }
        });
        return wrong.length === 0;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'every confirmed grade’s points, once' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(wrong.slice(0, 4), null, 1)}\n${platform.services.scoring.output().split('\n').filter((l) => /"level":"(warn|error|fatal)"/.test(l)).slice(-5).join('\n')}`);
    });
    const scored = Date.now();

    // The stream holds each confirmation once; no sheet keeps an outbox.
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(STREAMS.APPRAISAL.name, { subjects_filter: 'appraisal.grade.confirmed' });
    expect(info.state.subjects?.['appraisal.grade.confirmed']).toBe(GRADED);
    await waitUntil(async () => (await platform.database('appraisal').collection('sheets').countDocuments({ 'outbox.0': { $exists: true } })) === 0, { timeoutMs: 30_000, intervalMs: 500, what: 'no sheet to keep an outbox' });

    console.info(
      `appraisal crash recovery: ${cast.length} ballots (${SURVEYED} cadres × ${RATERS} raters) and ${GRADED} confirmations, ${WORKERS} at a time; prepared in ${((prepared - began) / 1000).toFixed(1)} s; ` +
        `${restarts.map((r) => `${r.service} killed at ${(r.at / 1000).toFixed(1)} s, down ${(r.downMs / 1000).toFixed(1)} s`).join(', ')}; ` +
        `${ballotRetries} ballots retried (${alreadyVotedOnRetry} found already counted), ${confirmRetries} confirmations tried again, ${failedCalls} calls answered 5xx/429/nothing; ` +
        `results right ${((counted - lastRestart) / 1000).toFixed(1)} s and points ${((scored - lastRestart) / 1000).toFixed(1)} s after the last restart`,
    );
  });
});
