/**
 * The last day of a notice and of an award's applications (issue #22), the whole system through the gateway, with
 * crashes: 48 people file objections to the candidates of a 任前公示 while 36 cadres apply for an award, eight requests
 * at a time; meanwhile the selection service is killed (SIGKILL) and started again twice, notifications once. A
 * request answered 5xx (or not at all) is tried again by the client, as a phone would: a retry answers 201, or 409
 * when the first try was kept (one open objection per person and candidate; one application per applicant and award).
 *
 * Afterwards nothing is lost and nothing doubled: the round holds each objector's objection once, the award's
 * applications are each kept once, the SELECTION stream announces each once, no aggregate keeps an outbox, and the
 * organisation department's and the reviewer's inboxes list each item once.
 *
 * Real processes only: a private NATS+JetStream server, every service from its build, FerretDB and Redis.
 */
import { connect, type NatsConnection } from 'nats';
import { STREAMS, beijingDate, roundViewSchema, type RoundView, type UserView } from '@cadre/contracts';
import { expectStatus, matchesSchema, pool, sleep, startPlatform, waitUntil, type Platform, type PlatformService, type Reply } from '@cadre/testing';

jest.setTimeout(420_000);

const OBJECTORS = Number(process.env.CRASH_OBJECTORS ?? 48);
const APPLICANTS = Number(process.env.CRASH_APPLICANTS ?? 36);
const CANDIDATES = 4;
const WORKERS = 8;

/** Today (Beijing) plus `days`, as `YYYY-MM-DD`. */
const beijingDay = (days: number) => beijingDate(Date.now() + days * 86_400_000);

describe('selection: kill -9 during the deadline-day burst of objections and applications (end to end)', () => {
  let platform: Platform;
  let nc: NatsConnection;
  let assessor: string;
  let reviewer: string;
  let candidates: { user: UserView; token: string }[] = [];
  let objectors: { user: UserView; token: string }[] = [];
  let applicants: { user: UserView; token: string }[] = [];
  let district: string;

  beforeAll(async () => {
    platform = await startPlatform({
      name: 'selection-crash',
      killAfterMs: 15_000,
      // The notice runs through the burst (the conclusion is the e2e test's business).
      env: (service): Record<string, string> => (service === 'selection' ? { SELECTION_NOTICE_WINDOW: '1h' } : {}),
    });
    nc = await connect({ servers: platform.nats.url });
    const root = await platform.rootDepartment();
    district = (await platform.createDepartment('申报区', 'SBQ', root.id)).id;
    const bureaus = await Promise.all(['申报区甲局', '申报区乙局', '申报区丙局'].map((name, k) => platform.createDepartment(name, `SBJ${k}`, district)));
    const cadre = (key: string, k: number, name: string): [string, Parameters<Platform['createUser']>[1]] => [key, { departmentId: bureaus[k % 3].id, roles: ['cadre'], name, rankLevel: 'section', title: '科长' }];
    const specs: [string, Parameters<Platform['createUser']>[1]][] = [
      ['assessor', { departmentId: root.id, roles: ['assessor'], name: '压测组织部' }],
      ['reviewer', { departmentId: district, roles: ['reviewer'], name: '压测区人事' }],
      ...Array.from({ length: CANDIDATES }, (_, k) => cadre(`c${k}`, k, `拟任人选${k}`)),
      ...Array.from({ length: OBJECTORS }, (_, k) => cadre(`o${k}`, k, `反映人${k}`)),
      ...Array.from({ length: APPLICANTS }, (_, k) => cadre(`a${k}`, k, `申报人${k}`)),
    ];
    const made = await pool(specs, 4, ([key, fields]) => platform.createUser(key, fields));
    assessor = made[0].token;
    reviewer = made[1].token;
    candidates = made.slice(2, 2 + CANDIDATES);
    objectors = made.slice(2 + CANDIDATES, 2 + CANDIDATES + OBJECTORS);
    applicants = made.slice(2 + CANDIDATES + OBJECTORS);
    await platform.replicasKnow(made.map((m) => m.user.id), ['selection', 'notifications']);
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await platform?.stop();
  });

  const retryable = (reply: Reply | undefined) => !reply || reply.status >= 500 || reply.status === 429;
  let failedCalls = 0;
  async function tried(call: () => Promise<Reply>, what: string): Promise<{ reply: Reply; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      const reply = await call().catch(() => undefined);
      if (!retryable(reply)) return { reply: reply as Reply, attempts: attempt };
      failedCalls++;
      if (attempt === 120) throw new Error(`${what}: still ${reply?.status ?? 'no answer'} after ${attempt} tries`);
      await sleep(500);
    }
  }

  it('each objection and each application kept and announced once, across two kills of selection and one of notifications', async () => {
    const as = (token: string) => platform.as(token);
    // A promotion round in its notice: the candidates drawn by name, all selected.
    let round = matchesSchema(
      roundViewSchema,
      expectStatus(await as(assessor).post('/selection/rounds', { kind: 'promotion', name: '压测提拔', positions: [{ name: '副局长', count: CANDIDATES }], rankLevel: 'section', departmentIds: [district] }), 201),
    );
    round = await waitUntil(
      async () => {
        const reply = await as(assessor).post<RoundView>(`/selection/rounds/${round.id}/candidates/draw`, { source: 'shortlist', cadreIds: candidates.map((c) => c.user.id) });
        return reply.status === 200 ? matchesSchema(roundViewSchema, reply.body) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'the candidates to be drawn (analytics knows them)' },
    );
    expect(round.candidates).toHaveLength(CANDIDATES);
    for (const c of candidates) expectStatus(await as(assessor).post(`/selection/rounds/${round.id}/candidates/${c.user.id}/decision`, { selected: true, reason: '符合条件', position: '副局长' }), 200);
    expectStatus(await as(assessor).post(`/selection/rounds/${round.id}/notice`, {}), 200);
    const award = expectStatus(
      await as(assessor).post('/selection/rounds', { kind: 'award', name: '压测评优', positions: [{ name: '优秀公务员', count: 10 }], departmentIds: [district], applyUntil: beijingDay(3) }),
      201,
    );
    const prepared = Date.now();

    type Work = { kind: 'object'; who: number } | { kind: 'apply'; who: number };
    const work: Work[] = [];
    for (let k = 0; k < Math.max(OBJECTORS, APPLICANTS); k++) {
      if (k < OBJECTORS) work.push({ kind: 'object', who: k });
      if (k < APPLICANTS) work.push({ kind: 'apply', who: k });
    }
    let done = 0;
    let retried = 0;
    let keptOnFirstTry = 0;
    const burst = pool(work, WORKERS, async (item) => {
      const { reply, attempts } =
        item.kind === 'object'
          ? await tried(
              () => as(objectors[item.who].token).post(`/selection/rounds/${round.id}/objections`, { candidateId: candidates[item.who % CANDIDATES].user.id, reason: `反映人${item.who}反映的具体问题线索` }),
              `objection ${item.who}`,
            )
          : await tried(
              () => as(applicants[item.who].token).post(`/selection/rounds/${award.id}/applications`, { applicantType: 'cadre', award: '优秀公务员', statement: `申报人${item.who}的申报材料`, recordIds: [] }),
              `application ${item.who}`,
            );
      if (attempts > 1) retried++;
      if (reply.status === 409 && attempts > 1) keptOnFirstTry++;
      else expect({ item, attempts, status: reply.status }).toEqual({ item, attempts, status: 201 });
      done++;
    });
    const restarts: { service: PlatformService; at: number; downMs: number }[] = [];
    const crashes = (async () => {
      for (const [k, service] of (['selection', 'notifications', 'selection'] as const).entries()) {
        await waitUntil(() => done >= ((k + 1) * work.length) / 4, { timeoutMs: 180_000, intervalMs: 20, what: `a quarter more of the burst before killing ${service}` });
        const at = Date.now();
        await platform.services[service].kill();
        await platform.startAgain(service);
        restarts.push({ service, at: at - prepared, downMs: Date.now() - at });
      }
    })();
    await Promise.all([burst, crashes]);
    const lastRestart = Date.now();

    // The round: each objector once.
    const held = matchesSchema(roundViewSchema, expectStatus((await tried(() => as(assessor).get(`/selection/rounds/${round.id}`), 'reading the round')).reply, 200));
    expect(held.objections.map((o) => o.filedBy.id).sort()).toEqual(objectors.map((o) => o.user.id).sort());
    // The applications: each applicant once.
    const listed = expectStatus((await tried(() => as(assessor).get(`/selection/rounds/${award.id}/applications`), 'listing the applications')).reply, 200);
    expect(listed.items.map((a: { applicantId: string }) => a.applicantId).sort()).toEqual(applicants.map((a) => a.user.id).sort());

    // The stream: each announced once; no aggregate keeps an outbox.
    const jsm = await nc.jetstreamManager();
    await waitUntil(
      async () => {
        const info = await jsm.streams.info(STREAMS.SELECTION.name, { subjects_filter: 'selection.>' });
        return info.state.subjects?.['selection.objection.filed'] === OBJECTORS && info.state.subjects?.['selection.application.submitted'] === APPLICANTS;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'each objection and application announced once' },
    );
    const selectionDb = platform.database('selection');
    await waitUntil(
      async () => (await selectionDb.collection('rounds').countDocuments({ 'outbox.0': { $exists: true } })) + (await selectionDb.collection('applications').countDocuments({ 'outbox.0': { $exists: true } })) === 0,
      { timeoutMs: 30_000, intervalMs: 500, what: 'no round or application sheet to keep an outbox' },
    );
    const announced = Date.now();

    // The inboxes: each item once.
    const inbox = async (token: string, kind: string) => expectStatus(await as(token).get(`/inbox?kind=${kind}&limit=100`), 200) as { total: number; items: { subject: { id: string } }[] };
    await waitUntil(async () => (await inbox(assessor, 'objection_handle')).total === OBJECTORS, { timeoutMs: 60_000, intervalMs: 500, what: `${OBJECTORS} 待核查异议` });
    await waitUntil(async () => (await inbox(reviewer, 'application_recommend')).total === APPLICANTS, { timeoutMs: 60_000, intervalMs: 500, what: `${APPLICANTS} 待推荐` });
    const objectionItems = await inbox(assessor, 'objection_handle');
    expect(new Set(objectionItems.items.map((i) => i.subject.id)).size).toBe(OBJECTORS);
    const inboxed = Date.now();

    console.info(
      `selection crash recovery: ${OBJECTORS} objections and ${APPLICANTS} applications, ${WORKERS} at a time; ` +
        `${restarts.map((r) => `${r.service} killed at ${(r.at / 1000).toFixed(1)} s, down ${(r.downMs / 1000).toFixed(1)} s`).join(', ')}; ` +
        `${retried} requests retried (${keptOnFirstTry} found kept by the first try), ${failedCalls} calls answered 5xx/429/nothing; ` +
        `events right ${((announced - lastRestart) / 1000).toFixed(1)} s and inboxes ${((inboxed - lastRestart) / 1000).toFixed(1)} s after the last restart`,
    );
  });
});
