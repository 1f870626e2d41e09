/**
 * Scoring (积分管理) end to end, through the gateway's HTTP API: a verified record turns into points within
 * seconds (docs/DOMAIN.md §3's worked example: INVEST-03, city, rated good, filed alone → 19.20 = 3.84 + 15.36); who
 * may read a score; a redelivered `records.record.verified` writes its entries once; a revoked record is reversed;
 * every recomputation of a cadre's year publishes `scoring.score.updated` (through the outbox) with the counted
 * total, by item, month and source, exactly as `GET /scores/:cadreId` has them, and a growing revision;
 * the scoring service stopped while 200 records are verified catches up after a restart, and every cadre's total
 * then equals an independent recomputation from the records service's data; a new standard's dry run changes
 * nothing and its activation recomputes everything; rankings are recalculated on demand by an admin only.
 *
 * Real processes only: a private NATS+JetStream server, the five services from their build, FerretDB and Redis.
 * NATS is used directly only to capture a real verified event and deliver it again (the redelivery test), and to
 * read what scoring published on its stream.
 * FerretDB is read directly only to wait for the directory replicas.
 *
 * Department tree: root (CITY) → district A → bureau A1; root → district B.
 * The tests run in order and share state: the standard activated by one is the one the next reads under.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { connect, JSONCodec, type NatsConnection, type PubAck } from 'nats';
import {
  DEAD_LETTER_STREAM,
  DEFAULT_SCORING_STANDARD,
  SCORING_EVENTS,
  STREAMS,
  currentScoringYear,
  deadLetterSubject,
  scoringYearOf,
  type DepartmentView,
  type DryRunView,
  type EventEnvelope,
  type Page,
  activationViewSchema,
  dryRunViewSchema,
  rankingViewSchema,
  recalculationJobViewSchema,
  scoreViewSchema,
  scoringStandardListViewSchema,
  scoringStandardViewSchema,
  type RankingView,
  type RecalculationJobView,
  type RecordDetailView,
  type RecordTransitionV1,
  type ScoreUpdatedV1,
  type ScoreView,
  type ScoringStandard,
  type ScoringStandardView,
  type UserView,
} from '@cadre/contracts';
import { expectInvalid, expectProblem, expectStatus, matchesSchema, pool, sleep, startPlatform, waitUntil, type Platform } from '@cadre/testing';

jest.setTimeout(360_000);

const VERIFIED_SUBJECT = 'records.record.verified';
const REVOKED_SUBJECT = 'records.record.revoked';
const recordCodec = JSONCodec<EventEnvelope<RecordTransitionV1>>();
const scoreCodec = JSONCodec<EventEnvelope<ScoreUpdatedV1>>();
/** Scores are computed from the ledger on read: a verification shows within seconds. */
const SECONDS = 15_000;
/** The year every record of this file is verified in (UTC+8), and the default period of a score. */
const YEAR = currentScoringYear();

type Detail = RecordDetailView;

/** A base draft: everything valid. */
const draft = (fields: Record<string, unknown> = {}) => ({
  itemCode: 'INVEST-03',
  title: '引进世界500强企业区域总部',
  description: '牵头洽谈，促成区域总部签约落地。',
  periodStart: `${YEAR}-01-01`,
  periodEnd: `${YEAR}-01-31`, // at most today + 31 days on any day of the year
  impactLevel: 'city',
  ...fields,
});

// ── the independent recomputation (docs/DOMAIN.md §3), exact: no floating point ─────────────────────────────────

/** A decimal with at most `places` decimals as an integer of 10^-places. */
const fixed = (value: number, places: number) => BigInt(Math.round(value * 10 ** places));
/** n ÷ d rounded to the nearest integer, halves away from zero (n ≥ 0, d > 0). */
const roundDiv = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);
const E14 = 10n ** 14n;

interface Expected {
  /** Hundredths. */
  total: number;
  /** Hundredths counted per first-level item (after the cap). */
  byItem: Record<string, number>;
  /** Hundredths earned per first-level item (before the cap). */
  earned: Record<string, number>;
  capped: { firstLevelCode: string; year: string; earned: number; counted: number; cap: number }[];
  /** Ledger entries: two per record the cadre takes part in. */
  entries: number;
}

/**
 * Each participant's participation and contribution, in hundredths: points P = base × impact × rating, of which
 * `participationShare` split equally among the n participants and the rest by share, each part rounded on its own
 * to the hundredth, halves away from zero. Base points have ≤ 2 decimals, multipliers and shares ≤ 4, so
 * P × 10^10 and both parts × 10^14 are integers.
 */
function recordParts(standard: ScoringStandard, record: Detail): { userId: string; participation: number; contribution: number }[] {
  const base = Object.prototype.hasOwnProperty.call(standard.itemBasePoints.byFirstLevel, record.firstLevelCode)
    ? standard.itemBasePoints.byFirstLevel[record.firstLevelCode]
    : standard.itemBasePoints.default;
  const impact = standard.impactMultipliers[(record.confirmedImpactLevel ?? record.impactLevel) as keyof ScoringStandard['impactMultipliers']];
  const rating = standard.ratingMultipliers[record.rating as keyof ScoringStandard['ratingMultipliers']];
  const points = fixed(base, 2) * fixed(impact, 4) * fixed(rating, 4); // P × 10^10
  const share = fixed(standard.participationShare, 4); // × 10^4
  const n = BigInt(record.participants.length);
  return record.participants.map((p) => ({
    userId: p.userId,
    participation: Number(roundDiv(share * points * 100n, E14 * n)),
    contribution: Number(roundDiv((10_000n - share) * points * BigInt(p.share), E14)),
  }));
}

/** Every cadre's score this year from the verified records, under `standard`, with the yearly cap per item. */
function expectedScores(records: readonly Detail[], standard: ScoringStandard): Map<string, Expected> {
  const cap = Number(fixed(standard.yearlyCapPerItem, 2));
  const earned = new Map<string, Map<string, number>>();
  const entries = new Map<string, number>();
  for (const record of records) {
    expect(record.status).toBe('verified');
    if (scoringYearOf(record.verifiedAt!) !== YEAR) continue;
    for (const part of recordParts(standard, record)) {
      const items = earned.get(part.userId) ?? new Map<string, number>();
      items.set(record.firstLevelCode, (items.get(record.firstLevelCode) ?? 0) + part.participation + part.contribution);
      earned.set(part.userId, items);
      entries.set(part.userId, (entries.get(part.userId) ?? 0) + 2);
    }
  }
  const result = new Map<string, Expected>();
  for (const [cadreId, items] of earned) {
    const expected: Expected = { total: 0, byItem: {}, earned: {}, capped: [], entries: entries.get(cadreId)! };
    for (const [code, sum] of [...items].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const counted = Math.min(cap, sum);
      expected.earned[code] = sum;
      expected.byItem[code] = counted;
      expected.total += counted;
      if (sum > cap) expected.capped.push({ firstLevelCode: code, year: YEAR, earned: sum / 100, counted: counted / 100, cap: cap / 100 });
    }
    result.set(cadreId, expected);
  }
  return result;
}

const toPoints = (hundredths: number) => hundredths / 100;
const toHundredths = (points: number) => Math.round(points * 100);
/** The calendar month (`YYYY-MM`) in China Standard Time (UTC+8) of an ISO date-time. */
const monthOf = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 7);
const sumOf = (map: Record<string, number>) => Object.values(map).reduce((sum, value) => sum + value, 0);

/**
 * What `scoring.score.updated` must say of a cadre's year, from the score the API answers: the total and by-item
 * points in hundredths, and each entry's counted hundredths summed by the month (UTC+8) it happened and by source.
 */
function expectedScoreEvent(score: ScoreView): Omit<ScoreUpdatedV1, 'departmentId' | 'departmentPath' | 'revision' | 'updatedAt'> {
  const byMonth: Record<string, number> = {};
  const bySource: Record<string, number> = {};
  for (const entry of score.entries) {
    byMonth[monthOf(entry.occurredAt)] = (byMonth[monthOf(entry.occurredAt)] ?? 0) + entry.counted;
    const source = `${entry.source.type}:${entry.source.id}`;
    bySource[source] = (bySource[source] ?? 0) + entry.counted;
  }
  return {
    cadreId: score.cadreId,
    period: score.period,
    total: score.total,
    totalHundredths: toHundredths(score.total),
    byItem: Object.fromEntries(Object.entries(score.byItem).map(([item, points]) => [item, toHundredths(points)])),
    byMonth,
    bySource,
    standardVersion: score.standardVersion,
  };
}
const pointsOf = (items: Record<string, number>) => Object.fromEntries(Object.entries(items).map(([k, v]) => [k, toPoints(v)]));

// ── the 200 records of the restart test ─────────────────────────────────────────────────────────────────────

const FIRST_LEVEL = ['PARTY', 'FTP', 'REFORM', 'INVEST', 'PROJECT', 'INDUSTRY', 'BIZENV', 'LIVELIHOOD', 'EDUCATION', 'GOVERNANCE', 'PETITION', 'RURAL', 'ECOLOGY', 'SAFETY', 'INNOVATION', 'HONOR'];
const LEVELS = ['unit', 'district', 'city', 'province', 'national'] as const;
const RATINGS = ['good', 'excellent', 'pass', 'good', 'none', 'pass', 'excellent'] as const;
const BULK_CADRES = 8;
const BULK_RECORDS = 200;
/** Records are driven through the API by this many workers at once (more only queue up in FerretDB). */
const WORKERS = 4;

interface BulkSpec {
  filer: number;
  itemCode: string;
  claimed: (typeof LEVELS)[number];
  confirmed: (typeof LEVELS)[number];
  rating: (typeof RATINGS)[number];
  /** Co-participants (bulk cadre indexes) with their shares; the filer is the lead with the rest. */
  others: { cadre: number; share: number }[];
}

/** Deterministic: mixed items, levels, ratings (`none` included), corrections by the assessor, teams of 2 and 3. */
function bulkSpecs(): BulkSpec[] {
  return Array.from({ length: BULK_RECORDS }, (_, i) => {
    const filer = i % BULK_CADRES;
    const round = Math.floor(i / BULK_CADRES);
    // Cadre 0's first three records: INVEST, national, excellent (48 points each): over the yearly cap of 60.
    if (filer === 0 && round < 3) return { filer, itemCode: 'INVEST-01', claimed: 'national', confirmed: 'national', rating: 'excellent', others: [] };
    const claimed = LEVELS[(i * 3) % LEVELS.length];
    const others =
      i % 5 === 1
        ? [
            { cadre: (filer + 1) % BULK_CADRES, share: 30 },
            { cadre: (filer + 3) % BULK_CADRES, share: 20 },
          ]
        : i % 5 === 3
          ? [{ cadre: (filer + 5) % BULK_CADRES, share: 35 }]
          : [];
    return {
      filer,
      itemCode: `${FIRST_LEVEL[(round + 3 * filer) % FIRST_LEVEL.length]}-0${1 + (i % 2)}`,
      claimed,
      confirmed: i % 7 === 0 ? LEVELS[(i * 3 + 1) % LEVELS.length] : claimed,
      rating: RATINGS[i % RATINGS.length],
      others,
    };
  });
}

describe('scoring (end to end through the gateway)', () => {
  let platform: Platform;
  let nc: NatsConnection;

  let root: DepartmentView;
  let districtA: DepartmentView;
  let bureauA1: DepartmentView;
  let districtB: DepartmentView;

  /** Named users, and the bulk cadres `bulk0`…`bulk7` (0–3 in bureau A1, 4–7 in district B). */
  const users: Record<string, UserView> = {};
  const tokens: Record<string, string> = {};
  const bulk = (index: number) => `bulk${index}`;
  let adminId: string;

  /** The record of the worked example: cadre1's INVEST-03, city, good, filed alone (revoked later). */
  let example: Detail;
  /** The revision of cadre1's newest `scoring.score.updated` of this year, as the tests have seen it. */
  let cadre1Revision = 0;
  /** cadre2's record of the same kind: the one the redelivery, dry run and activation tests look at. */
  let second: Detail;
  /** The draft standard of the dry run, activated later. */
  let draftVersion: number;
  let tripled: ScoringStandard;

  const call: Platform['call'] = (method, path, options) => platform.call(method, path, options);
  const as = (who: string) => platform.as(tokens[who]);

  // ── the loop, step by step (each expects success) ────────────────────────────────────────────────
  const file = async (who: string, fields: Record<string, unknown> = {}) => expectStatus(await as(who).post<Detail>('/records', draft(fields)), 201);
  const submit = async (who: string, id: string) => expectStatus(await as(who).post<Detail>(`/records/${id}/submit`), 200);
  const review = async (who: string, id: string, decision: 'approve' | 'return' | 'reject', comment = '') =>
    expectStatus(await as(who).post<Detail>(`/records/${id}/review`, { decision, comment }), 200);
  const assess = async (who: string, id: string, body: Record<string, unknown>) => expectStatus(await as(who).post<Detail>(`/records/${id}/assess`, body), 200);
  /** File → submit → review (approve) → assess (confirm): a verified record. */
  async function verify(filer: string, reviewer: string, fields: Record<string, unknown>, assessment: { rating: string; impactLevel?: string }): Promise<Detail> {
    const record = await file(filer, fields);
    await submit(filer, record.id);
    await review(reviewer, record.id, 'approve', '情况属实');
    const verified = await assess('assessor', record.id, { decision: 'confirm', comment: '予以认定', ...assessment });
    expect(verified).toMatchObject({ status: 'verified', rating: assessment.rating });
    return verified;
  }

  /**
   * One step of the bulk loop. Should the gateway give up waiting for the records service (503 on a loaded
   * machine), the step may still have been applied: look before trying again.
   */
  async function step(who: string, id: string, action: string, body: Record<string, unknown>, to: string): Promise<Detail> {
    for (let attempt = 1; ; attempt++) {
      const reply = await as(who).post<Detail>(`/records/${id}/${action}`, body);
      if (reply.status !== 503 || attempt === 3) return expectStatus(reply, 200);
      await sleep(2_000);
      const current = expectStatus(await as(who).get<Detail>(`/records/${id}`), 200);
      if (current.status === to) return current;
    }
  }

  /** The last event on `subject` about `recordId`, as the records service published it. */
  async function capturedEvent(subject: string, recordId: string): Promise<EventEnvelope<RecordTransitionV1>> {
    const jsm = await nc.jetstreamManager();
    return waitUntil(
      async () => {
        const decoded = recordCodec.decode((await jsm.streams.getMessage(STREAMS.RECORDS.name, { last_by_subj: subject })).data);
        return decoded.data.recordId === recordId ? decoded : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `${subject} of ${recordId} on the RECORDS stream` },
    );
  }

  /** Publishes to the RECORDS stream and waits until scoring has handled (acknowledged) it, without dead-lettering it. */
  async function deliver(envelope: EventEnvelope<RecordTransitionV1>, msgID: string): Promise<PubAck> {
    const jsm = await nc.jetstreamManager();
    const ack = await nc.jetstream().publish(envelope.type, recordCodec.encode(envelope), { msgID });
    await waitUntil(
      async () => {
        const info = await jsm.consumers.info(STREAMS.RECORDS.name, 'scoring');
        return info.ack_floor.stream_seq >= ack.seq && info.num_ack_pending === 0 && info.num_pending === 0;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the scoring consumer to acknowledge the redelivery' },
    );
    await expect(jsm.streams.getMessage(DEAD_LETTER_STREAM.name, { last_by_subj: deadLetterSubject('scoring', envelope.type) })).rejects.toThrow();
    return ack;
  }

  /** `scoring.score.updated` read so far from the SCORING stream, by sequence (the stream only grows here). */
  const scoringStream = new Map<number, EventEnvelope<ScoreUpdatedV1>>();

  /** Every `scoring.score.updated` about the cadre's `period` on the SCORING stream, in stream order. */
  async function scoreEvents(cadreId: string, period = YEAR): Promise<EventEnvelope<ScoreUpdatedV1>[]> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(STREAMS.SCORING.name);
    for (let seq = Math.max(state.first_seq, 1); seq <= state.last_seq; seq++) {
      if (scoringStream.has(seq)) continue;
      const message = await jsm.streams.getMessage(STREAMS.SCORING.name, { seq });
      if (message.subject === SCORING_EVENTS.scoreUpdated) scoringStream.set(seq, scoreCodec.decode(message.data));
    }
    return [...scoringStream.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, envelope]) => envelope)
      .filter((envelope) => envelope.data.cadreId === cadreId && envelope.data.period === period);
  }

  /**
   * Waits for the cadre's newest `scoring.score.updated` of `period` (highest revision) to be newer than `after`
   * and to say what `GET /scores/:cadreId?period=` says; answers it.
   */
  async function scoreEventMatching(cadreId: string, after: number, period = YEAR, timeoutMs = SECONDS): Promise<EventEnvelope<ScoreUpdatedV1>> {
    let last: unknown;
    try {
      return await waitUntil(
        async () => {
          const events = await scoreEvents(cadreId, period);
          const newest = events.reduce<EventEnvelope<ScoreUpdatedV1> | undefined>((best, e) => (!best || e.data.revision > best.data.revision ? e : best), undefined);
          const want = expectedScoreEvent(await scoreOf(cadreId, 'admin', `period=${period}`));
          last = { newest: newest?.data, want };
          if (!newest || newest.data.revision <= after) return undefined;
          const { cadreId: id, period: year, total, totalHundredths, byItem, byMonth, bySource, standardVersion } = newest.data;
          return isDeepStrictEqual({ cadreId: id, period: year, total, totalHundredths, byItem, byMonth, bySource, standardVersion }, want) ? newest : undefined;
        },
        { timeoutMs, intervalMs: 200, what: `scoring.score.updated of ${cadreId} (${period}) after revision ${after} to match the score` },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${JSON.stringify(last, null, 1)}`);
    }
  }

  /** The event's counted amounts: every map sums to the total, in integer hundredths. */
  function expectConsistentScoreEvent(data: ScoreUpdatedV1): void {
    expect(data.total).toBe(toPoints(data.totalHundredths));
    expect(Number.isInteger(data.totalHundredths)).toBe(true);
    expect({ byItem: sumOf(data.byItem), byMonth: sumOf(data.byMonth), bySource: sumOf(data.bySource) }).toEqual({
      byItem: data.totalHundredths,
      byMonth: data.totalHundredths,
      bySource: data.totalHundredths,
    });
    expect(Object.keys(data.byMonth).every((month) => /^\d{4}-\d{2}$/.test(month))).toBe(true);
    expect(Object.keys(data.bySource).every((source) => /^(record|task):./.test(source))).toBe(true);
    expect(new Date(data.updatedAt).toISOString()).toBe(data.updatedAt);
  }

  const scoreOf = async (cadreId: string, who = 'admin', query = '') => matchesSchema(scoreViewSchema, expectStatus(await as(who).get<ScoreView>(`/scores/${cadreId}${query ? `?${query}` : ''}`), 200));

  /** Every verified record, as the assessor sees them (pages of 100). */
  async function verifiedRecords(): Promise<Detail[]> {
    const all: Detail[] = [];
    for (let page = 1; ; page++) {
      const reply = expectStatus(await as('assessor').get<Page<Detail>>(`/records?status=verified&pageSize=100&page=${page}`), 200);
      all.push(...reply.items);
      if (reply.items.length === 0 || all.length >= reply.total) break;
    }
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    return all;
  }

  async function activeStandard(): Promise<ScoringStandardView> {
    const standards = matchesSchema(scoringStandardListViewSchema, expectStatus(await as('admin').get<ScoringStandardView[]>('/scoring/standards'), 200));
    const active = standards.filter((s) => s.status === 'active');
    expect(active).toHaveLength(1);
    return active[0];
  }

  /** Every cadre of the file (and every participant of a verified record): score total = the recomputation. */
  async function expectScoresMatchRecomputation(standardVersion: number, timeoutMs = SECONDS): Promise<Map<string, Expected>> {
    const standard = await activeStandard();
    expect(standard.version).toBe(standardVersion);
    const expected = expectedScores(await verifiedRecords(), standard);
    const cadres = new Set([...expected.keys(), ...Object.values(users).filter((u) => u.roles.includes('cadre')).map((u) => u.id)]);
    const mismatches = async () => {
      const wrong: { cadreId: string; total: number; expected: number; standardVersion: number }[] = [];
      await pool([...cadres], 8, async (cadreId) => {
        const score = await scoreOf(cadreId);
        const want = toPoints(expected.get(cadreId)?.total ?? 0);
        if (score.total !== want || score.standardVersion !== standardVersion) wrong.push({ cadreId, total: score.total, expected: want, standardVersion: score.standardVersion });
      });
      return wrong;
    };
    let last: Awaited<ReturnType<typeof mismatches>> = [];
    try {
      await waitUntil(async () => (last = await mismatches()).length === 0, { timeoutMs, intervalMs: 500, what: 'every total to equal the recomputation' });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${JSON.stringify(last, null, 1)}`);
    }
    return expected;
  }

  async function jobDone(jobId: string, timeoutMs = 60_000): Promise<RecalculationJobView> {
    return waitUntil(
      async () => {
        const job = matchesSchema(recalculationJobViewSchema, expectStatus(await as('admin').get<RecalculationJobView>(`/rankings/jobs/${encodeURIComponent(jobId)}`), 200));
        if (job.state === 'failed') throw new Error(`job ${jobId} failed: ${job.failedReason}`);
        return job.state === 'completed' ? job : undefined;
      },
      { timeoutMs, intervalMs: 250, what: `job ${jobId} to complete` },
    );
  }

  async function createUser(key: string, department: DepartmentView, roles: string[], name: string, rankLevel = 'section'): Promise<void> {
    ({ user: users[key], token: tokens[key] } = await platform.createUser(key, { departmentId: department.id, roles, name, rankLevel }));
  }

  /** Waits until a service's directory replica knows every user of the file. */
  const replicaKnowsEveryone = (service: 'records' | 'scoring') => platform.replicasKnow(Object.values(users).map((user) => user.id), [service]);

  beforeAll(async () => {
    // The gateway is ready only when every service answers, so all five run.
    platform = await startPlatform({ name: 'scoring-e2e' });
    nc = await connect({ servers: platform.nats.url });

    tokens.admin = platform.adminToken;
    adminId = platform.adminId;
    root = await platform.rootDepartment();
    expect(root).toBeDefined();
    districtA = await platform.createDepartment('甲区', 'DISTA', root.id);
    bureauA1 = await platform.createDepartment('甲区商务局', 'BUREAUA1', districtA.id);
    districtB = await platform.createDepartment('乙区', 'DISTB', root.id);

    await Promise.all([
      createUser('cadre1', bureauA1, ['cadre'], '干部甲'),
      createUser('cadre2', districtB, ['cadre'], '干部乙', 'division'),
      createUser('cadre3', bureauA1, ['cadre'], '干部丙'),
      createUser('reviewerA', districtA, ['reviewer'], '审核员甲'),
      createUser('reviewerB', districtB, ['reviewer'], '审核员乙'),
      createUser('assessor', root, ['assessor'], '研判员'),
      ...Array.from({ length: BULK_CADRES }, (_, k) =>
        createUser(bulk(k), k < BULK_CADRES / 2 ? bureauA1 : districtB, ['cadre'], `批量干部${k}`, ['division', 'section', 'staff'][k % 3]),
      ),
    ]);

    // Users reach the records and scoring services through `directory.user.upserted`.
    await Promise.all([replicaKnowsEveryone('records'), replicaKnowsEveryone('scoring')]);
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await platform?.stop();
  });

  // ── 1. the default standard ───────────────────────────────────────────────────────────────────────

  it('starts with the default standard of docs/DOMAIN.md §3 as version 1, readable by anyone signed in', async () => {
    for (const who of ['cadre1', 'reviewerA', 'assessor', 'admin']) {
      const standards = expectStatus(await as(who).get<ScoringStandardView[]>('/scoring/standards'), 200);
      expect(standards).toHaveLength(1);
      expect(standards[0]).toMatchObject({ ...DEFAULT_SCORING_STANDARD, version: 1, status: 'active' });
    }
    expect(expectStatus(await as('cadre1').get<ScoringStandardView>('/scoring/standards/1'), 200)).toMatchObject({ ...DEFAULT_SCORING_STANDARD, version: 1, status: 'active' });
    expectProblem(await as('cadre1').get('/scoring/standards/99'), 404);
    expectProblem(await call('GET', '/scoring/standards'), 401);
    // A cadre with nothing verified has nothing.
    expect(await scoreOf(users.cadre1.id, 'cadre1')).toMatchObject({ cadreId: users.cadre1.id, period: YEAR, total: 0, participation: 0, contribution: 0, bonus: 0, reversal: 0, entries: [], capped: [], standardVersion: 1 });
  });

  // ── 2. a verified record → points within seconds ───────────────────────────────────────────────────

  it('a verified record moves the filer’s total within seconds: INVEST-03, city, good, filed alone → 19.20 (3.84 + 15.36)', async () => {
    example = await verify('cadre1', 'reviewerA', { impactLevel: 'district' }, { rating: 'good', impactLevel: 'city' });
    expect(example).toMatchObject({ impactLevel: 'district', confirmedImpactLevel: 'city', version: 4 });
    const verifiedAt = Date.now();

    const score = await waitUntil(
      async () => {
        const s = await scoreOf(users.cadre1.id, 'cadre1');
        return s.total !== 0 ? s : undefined;
      },
      { timeoutMs: SECONDS, intervalMs: 100, what: 'cadre1’s total to move' },
    );
    expect(Date.now() - verifiedAt).toBeLessThan(SECONDS);
    // The level the assessor confirmed (city ×2) counts, not the one claimed (district ×1.5).
    expect(score).toMatchObject({ cadreId: users.cadre1.id, period: YEAR, total: 19.2, participation: 3.84, contribution: 15.36, bonus: 0, reversal: 0, byItem: { INVEST: 19.2 }, capped: [], standardVersion: 1 });
    expect(score.entries).toHaveLength(2);
    const byPart = Object.fromEntries(score.entries.map((e) => [e.part, e]));
    const source = { type: 'record', id: example.id, version: example.version, title: example.title };
    expect(byPart.participation).toMatchObject({ cadreId: users.cadre1.id, points: 3.84, hundredths: 384, counted: 384, source, itemCode: 'INVEST-03', firstLevelCode: 'INVEST', standardVersion: 1, period: YEAR });
    expect(byPart.contribution).toMatchObject({ cadreId: users.cadre1.id, points: 15.36, hundredths: 1536, counted: 1536, source, itemCode: 'INVEST-03', firstLevelCode: 'INVEST', standardVersion: 1, period: YEAR });
    // Each entry explains itself in Chinese: the record's title, the item's name, the confirmed level and its
    // multiplier, the rating, the points, and the part (no code, no English word).
    for (const entry of score.entries) {
      expect(entry.explanation).toContain(`纪实《${example.title}》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；`);
      expect(entry.explanation).not.toMatch(/[A-Za-z]/);
    }
    expect(byPart.contribution.explanation).toMatch(/；贡献度 80% 按分工 100% → 15\.36$/);
    expect(byPart.participation.explanation).toMatch(/；参与度 20% 独得 → 3\.84$/);

    // The period: the same under rolling3 (this year included) and the explicit year; nothing in the year before.
    expect(await scoreOf(users.cadre1.id, 'cadre1', `period=${YEAR}`)).toMatchObject({ period: YEAR, total: 19.2 });
    expect(await scoreOf(users.cadre1.id, 'cadre1', 'period=rolling3')).toMatchObject({ period: 'rolling3', total: 19.2, byItem: { INVEST: 19.2 } });
    expect(await scoreOf(users.cadre1.id, 'cadre1', `period=${Number(YEAR) - 1}`)).toMatchObject({ total: 0, entries: [] });
    expectInvalid(await as('cadre1').get(`/scores/${users.cadre1.id}?period=${YEAR}-01`), ['period'], true);
    expectInvalid(await as('cadre1').get(`/scores/${users.cadre1.id}?period=rolling2`), ['period'], true);
    expectInvalid(await as('cadre1').get(`/scores/${users.cadre1.id}?colour=red`), ['colour'], true);
  });

  // ── 2b. scoring.score.updated ─────────────────────────────────────────────────────────────────────

  it('each recomputation publishes scoring.score.updated on the SCORING stream: the score of GET /scores/:id, the department, a growing revision', async () => {
    // The verification's recomputation: 19.20 in INVEST, in the month of the verification, from the record.
    const first = await scoreEventMatching(users.cadre1.id, 0);
    expect(first).toMatchObject({ type: SCORING_EVENTS.scoreUpdated, producer: 'scoring', version: 1, eventId: expect.any(String) });
    expect(first.data).toEqual({
      cadreId: users.cadre1.id,
      period: YEAR,
      total: 19.2,
      totalHundredths: 1920,
      byItem: { INVEST: 1920 },
      byMonth: { [monthOf(example.verifiedAt!)]: 1920 },
      bySource: { [`record:${example.id}`]: 1920 },
      departmentId: bureauA1.id,
      departmentPath: users.cadre1.departmentPath,
      standardVersion: 1,
      revision: expect.any(Number),
      updatedAt: expect.any(String),
    });
    expect(users.cadre1.departmentPath).toEqual(expect.arrayContaining([districtA.id, bureauA1.id]));
    expectConsistentScoreEvent(first.data);
    expect(first.data.revision).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(first.data.updatedAt)).toBeLessThanOrEqual(first.data.revision);

    // A second computation (the verification delivered again under a new eventId: no new entry, but the cadre
    // is recomputed): a new event with a higher revision and the same numbers.
    const verified = await capturedEvent(VERIFIED_SUBJECT, example.id);
    await deliver({ ...verified, eventId: randomUUID() }, randomUUID());
    const second = await scoreEventMatching(users.cadre1.id, first.data.revision);
    expect(second.eventId).not.toBe(first.eventId);
    expect(second.data.revision).toBeGreaterThan(first.data.revision);
    expect({ ...second.data, revision: 0, updatedAt: '' }).toEqual({ ...first.data, revision: 0, updatedAt: '' });
    expectConsistentScoreEvent(second.data);

    // Every event of the cadre's year on the stream, in order: revisions strictly grow.
    const revisions = (await scoreEvents(users.cadre1.id)).map((e) => e.data.revision);
    expect(revisions.length).toBeGreaterThanOrEqual(2);
    expect(revisions).toEqual([...new Set(revisions)].sort((a, b) => a - b));
    cadre1Revision = second.data.revision;

    // A cadre with nothing verified this year has no event for the year before it either.
    expect(await scoreEvents(users.cadre1.id, String(Number(YEAR) - 1))).toEqual([]);
  });

  // ── 3. who may read a score ───────────────────────────────────────────────────────────────────────

  it('a score is seen by the cadre, reviewers of their subtree, assessors and admins: another cadre and another district’s reviewer get 403', async () => {
    const id = users.cadre1.id; // bureau A1, under district A
    for (const who of ['cadre1', 'reviewerA', 'assessor', 'admin']) expect(await scoreOf(id, who)).toMatchObject({ cadreId: id, total: 19.2 });
    for (const who of ['cadre2', 'bulk0', 'reviewerB']) expectProblem(await as(who).get(`/scores/${id}`), 403);
    expectProblem(await as('cadre2').get(`/scores/${id}?period=rolling3`), 403);
    // And the other way round: district A's reviewer may not read a district B cadre.
    expectProblem(await as('reviewerA').get(`/scores/${users.cadre2.id}`), 403);
    expect(await scoreOf(users.cadre2.id, 'reviewerB')).toMatchObject({ cadreId: users.cadre2.id });
    expectProblem(await call('GET', `/scores/${id}`), 401);
  });

  // ── 4. redelivery ─────────────────────────────────────────────────────────────────────────────────

  it('the same records.record.verified delivered three times writes one set of entries', async () => {
    second = await verify('cadre2', 'reviewerB', {}, { rating: 'good' });
    const envelope = await capturedEvent(VERIFIED_SUBJECT, second.id);
    expect(envelope).toMatchObject({ type: VERIFIED_SUBJECT, data: { recordId: second.id, version: second.version, cadreId: users.cadre2.id } });

    const once = await waitUntil(
      async () => {
        const s = await scoreOf(users.cadre2.id, 'cadre2');
        return s.total !== 0 ? s : undefined;
      },
      { timeoutMs: SECONDS, intervalMs: 100, what: 'cadre2’s total to move' },
    );
    expect(once).toMatchObject({ total: 19.2, participation: 3.84, contribution: 15.36, byItem: { INVEST: 19.2 } });
    expect(once.entries).toHaveLength(2);

    // 1. The very same message (Nats-Msg-Id = eventId): JetStream's duplicate window drops it.
    const same = await nc.jetstream().publish(VERIFIED_SUBJECT, recordCodec.encode(envelope), { msgID: envelope.eventId });
    expect(same.duplicate).toBe(true);
    // 2. The same envelope (same eventId) under another message id: stored and delivered to scoring.
    const sameEventId = await deliver(envelope, `${envelope.eventId}:again`);
    // 3. A copy with a new eventId for the same record and version (a producer re-emitting it).
    const copy = { ...envelope, eventId: randomUUID(), occurredAt: new Date().toISOString() };
    const newEventId = await deliver(copy, copy.eventId);
    expect([sameEventId.duplicate, newEventId.duplicate]).toEqual([false, false]);

    const after = await scoreOf(users.cadre2.id, 'cadre2');
    expect(after).toMatchObject({ total: 19.2, participation: 3.84, contribution: 15.36, byItem: { INVEST: 19.2 } });
    expect(after.entries.map((e) => e.id).sort()).toEqual(once.entries.map((e) => e.id).sort());
    expect(after.entries.map((e) => e.hundredths).sort()).toEqual([1536, 384]);
  });

  // ── 5. revocation ─────────────────────────────────────────────────────────────────────────────────

  it('a revoked record is reversed: the total goes back to 0 with reversal entries of −3.84 and −15.36', async () => {
    const revoked = expectStatus(await as('admin').post<Detail>(`/records/${example.id}/revoke`, { reason: '佐证材料不实' }), 200);
    expect(revoked).toMatchObject({ status: 'revoked', version: example.version + 1 });

    const score = await waitUntil(
      async () => {
        const s = await scoreOf(users.cadre1.id, 'cadre1');
        return s.total === 0 ? s : undefined;
      },
      { timeoutMs: SECONDS, intervalMs: 100, what: 'cadre1’s total to go back to 0' },
    );
    // The originals stay (the ledger is append-only); the reversals take back exactly what they gave.
    expect(score).toMatchObject({ total: 0, participation: 3.84, contribution: 15.36, bonus: 0, reversal: -19.2, byItem: { INVEST: 0 }, standardVersion: 1 });
    expect(score.entries).toHaveLength(4);
    const reversals = score.entries.filter((e) => e.part === 'reversal');
    expect(reversals.map((e) => e.hundredths).sort((a, b) => a - b)).toEqual([-1536, -384]);
    expect(reversals.map((e) => e.points).sort((a, b) => a - b)).toEqual([-15.36, -3.84]);
    for (const entry of reversals) {
      expect(entry).toMatchObject({ cadreId: users.cadre1.id, source: { type: 'record', id: example.id }, firstLevelCode: 'INVEST', period: YEAR, standardVersion: 1 });
      expect(entry.counted).toBe(entry.hundredths);
      expect(entry.explanation).toMatch(/^撤销（佐证材料不实）：冲减(参与度|贡献度) /);
    }
    // Newest first: the reversals before the originals.
    expect(score.entries.slice(0, 2).every((e) => e.part === 'reversal')).toBe(true);
    // Announced: the record nets 0, given in the month of the verification and taken back in that of the revocation.
    const announced = await scoreEventMatching(users.cadre1.id, cadre1Revision);
    expect(announced.data).toMatchObject({ total: 0, totalHundredths: 0, byItem: { INVEST: 0 }, bySource: { [`record:${example.id}`]: 0 }, departmentId: bureauA1.id, standardVersion: 1 });
    const revokedAt = score.entries.find((e) => e.part === 'reversal')!.occurredAt;
    expect(announced.data.byMonth).toEqual(
      monthOf(revokedAt) === monthOf(example.verifiedAt!) ? { [monthOf(revokedAt)]: 0 } : { [monthOf(example.verifiedAt!)]: 1920, [monthOf(revokedAt)]: -1920 },
    );
    expectConsistentScoreEvent(announced.data);
    cadre1Revision = announced.data.revision;
    // The revocation delivered again (another message id, then a new eventId) reverses nothing twice.
    const revocation = await capturedEvent(REVOKED_SUBJECT, example.id);
    expect(revocation.data).toMatchObject({ recordId: example.id, status: 'revoked', version: example.version + 1 });
    await deliver(revocation, `${revocation.eventId}:again`);
    await deliver({ ...revocation, eventId: randomUUID() }, randomUUID());
    const again = await scoreOf(users.cadre1.id, 'cadre1');
    expect(again).toMatchObject({ total: 0, reversal: -19.2 });
    expect(again.entries.map((e) => e.id).sort()).toEqual(score.entries.map((e) => e.id).sort());
    // The other cadre's identical record is untouched.
    expect((await scoreOf(users.cadre2.id)).total).toBe(19.2);
  });

  // ── 6. the scoring service down while 200 records are verified ─────────────────────────────────────

  it('stopped while 200 records are verified, then restarted: every cadre’s total equals a recomputation from the records', async () => {
    const specs = bulkSpecs();
    const reviewerOf = (k: number) => (k < BULK_CADRES / 2 ? 'reviewerA' : 'reviewerB');

    // File, submit and review them all (several cadres at once), with scoring still up.
    const prepared = await pool(specs, WORKERS, async (spec, index) => {
      const filer = bulk(spec.filer);
      const leadShare = 100 - spec.others.reduce((sum, o) => sum + o.share, 0);
      const participants = spec.others.length
        ? [{ userId: users[filer].id, role: 'lead', share: leadShare }, ...spec.others.map((o) => ({ userId: users[bulk(o.cadre)].id, role: 'member', share: o.share }))]
        : undefined;
      const body = draft({ itemCode: spec.itemCode, title: `批量纪实 ${index}`, impactLevel: spec.claimed, ...(participants ? { participants } : {}) });
      let created = await as(filer).post<Detail>('/records', body);
      if (created.status === 503) created = await as(filer).post<Detail>('/records', body); // at worst an extra draft, which scores nothing
      const record = expectStatus(created, 201);
      await step(filer, record.id, 'submit', {}, 'submitted');
      // Every co-participant confirms their share first: a review waits for them (issue #18 item 3).
      for (const o of spec.others) await step(bulk(o.cadre), record.id, 'participation', { decision: 'confirm' }, 'submitted');
      await step(reviewerOf(spec.filer), record.id, 'review', { decision: 'approve', comment: '' }, 'reviewed');
      return record;
    });

    // Scoring stops (a clean SIGTERM); every verification happens while it is away.
    expect(await platform.services.scoring.stop()).toBe(0);
    expectProblem(await as('admin').get(`/scores/${users.cadre2.id}`), 503);
    const verified = await pool(prepared, WORKERS, async (record, index) =>
      step('assessor', record.id, 'assess', { decision: 'confirm', rating: specs[index].rating, impactLevel: specs[index].confirmed, comment: '批量认定' }, 'verified'),
    );
    expect(verified.every((record) => record.status === 'verified')).toBe(true);

    // Back with the same database, Redis prefix and durable consumer: it catches up on what it missed.
    await platform.startAgain('scoring');
    // A bound on catching up, not a speed target: ~40 s alone on FerretDB, over 60 s with another e2e file beside it,
    // and once past 150 s beside the console's browser test while the machine was busier still.
    const expected = await expectScoresMatchRecomputation(1, 240_000);

    // The recomputation covers every bulk record; the design reaches the yearly cap, and stays below it elsewhere.
    const bulkIds = Array.from({ length: BULK_CADRES }, (_, k) => users[bulk(k)].id);
    expect(bulkIds.reduce((sum, id) => sum + expected.get(id)!.entries, 0)).toBe(specs.reduce((sum, s) => sum + 2 * (1 + s.others.length), 0));
    expect(expected.get(users.bulk0.id)!.capped).toEqual(expect.arrayContaining([expect.objectContaining({ firstLevelCode: 'INVEST' })]));
    expect(bulkIds.some((id) => expected.get(id)!.capped.length === 0 || Object.keys(expected.get(id)!.byItem).length > expected.get(id)!.capped.length)).toBe(true);

    // Down to the item, the cap and the entries, for every bulk cadre.
    for (const id of bulkIds) {
      const want = expected.get(id)!;
      const score = await scoreOf(id);
      expect({ cadreId: id, total: score.total, byItem: score.byItem, capped: score.capped, entries: score.entries.length }).toEqual({
        cadreId: id,
        total: toPoints(want.total),
        byItem: pointsOf(want.byItem),
        capped: want.capped,
        entries: want.entries,
      });
      expect(score.reversal).toBe(0);
      expect(score.participation + score.contribution).toBeCloseTo(score.total, 2);
      expect(score.entries.every((e) => e.standardVersion === 1 && e.period === YEAR && e.source.type === 'record')).toBe(true);
      // What the recomputation announced after the restart says the same, the cap included (bulk0's INVEST).
      const announced = await scoreEventMatching(id, 0, YEAR, 60_000);
      expect(announced.data).toMatchObject({ totalHundredths: want.total, byItem: want.byItem, departmentId: users[bulk(bulkIds.indexOf(id))].departmentId });
      expectConsistentScoreEvent(announced.data);
    }
    expect(sumOf((await scoreEventMatching(users.bulk0.id, 0)).data.byItem)).toBeLessThan(sumOf(expected.get(users.bulk0.id)!.earned));
  });

  // ── 7. a new standard: draft, dry run ─────────────────────────────────────────────────────────────

  it('a new standard is a draft (admin only); its dry run shows each cadre before and after and changes nothing', async () => {
    tripled = { ...DEFAULT_SCORING_STANDARD, impactMultipliers: { ...DEFAULT_SCORING_STANDARD.impactMultipliers, city: 3 }, effectiveFrom: `${YEAR}-01-01`, note: '市级影响 ×3' };
    for (const who of ['cadre1', 'reviewerA', 'assessor']) expectProblem(await as(who).post('/scoring/standards', tripled), 403);
    expectInvalid(await as('admin').post('/scoring/standards', { ...tripled, version: 7, status: 'active' }), ['version', 'status'], true);
    expectInvalid(await as('admin').post('/scoring/standards', { ...tripled, impactMultipliers: { ...tripled.impactMultipliers, city: -1 } }), ['impactMultipliers.city'], true);

    const created = matchesSchema(scoringStandardViewSchema, expectStatus(await as('admin').post<ScoringStandardView>('/scoring/standards', tripled), 201));
    expect(created).toMatchObject({ ...tripled, version: 2, status: 'draft', createdBy: adminId, activatedAt: null });
    draftVersion = created.version;
    expect(expectStatus(await as('cadre1').get<ScoringStandardView>(`/scoring/standards/${draftVersion}`), 200)).toMatchObject({ version: draftVersion, status: 'draft', impactMultipliers: { city: 3 } });

    for (const who of ['cadre1', 'reviewerA', 'assessor']) expectProblem(await as(who).post(`/scoring/standards/${draftVersion}/dry-run`), 403);
    expectProblem(await as('admin').post('/scoring/standards/99/dry-run'), 404);
    expectProblem(await as('admin').post('/scoring/standards/1/dry-run'), 409); // the active one

    const scoresBefore = new Map<string, ScoreView>();
    const cadreIds = Object.values(users).filter((u) => u.roles.includes('cadre')).map((u) => u.id);
    for (const id of cadreIds) scoresBefore.set(id, await scoreOf(id));

    const dry = matchesSchema(dryRunViewSchema, expectStatus(await as('admin').post<DryRunView>(`/scoring/standards/${draftVersion}/dry-run`), 200));
    expect(dry).toMatchObject({ version: draftVersion, period: YEAR });
    const rows = new Map(dry.cadres.map((row) => [row.cadreId, row]));
    // The worked example under the draft: 8 × 3 × 1.2 = 28.80.
    expect(rows.get(users.cadre2.id)).toEqual({ cadreId: users.cadre2.id, name: '干部乙', departmentId: districtB.id, departmentName: '乙区', before: 19.2, after: 28.8, delta: 9.6 });
    // Every row names its cadre and the cadre's department.
    const departmentNames = new Map([root, districtA, bureauA1, districtB].map((d) => [d.id, d.name]));
    for (const row of dry.cadres) {
      const user = Object.values(users).find((u) => u.id === row.cadreId)!;
      expect(row).toMatchObject({ name: user.name, departmentId: user.departmentId, departmentName: departmentNames.get(user.departmentId) });
    }
    // The revoked record nets 0 under either standard.
    expect(rows.get(users.cadre1.id) ?? { before: 0, after: 0, delta: 0 }).toMatchObject({ before: 0, after: 0, delta: 0 });
    // Every cadre: before = the current score, after = the recomputation under the draft.
    const after = expectedScores(await verifiedRecords(), tripled);
    for (const id of cadreIds) {
      const row = rows.get(id) ?? { cadreId: id, before: 0, after: 0, delta: 0 };
      const want = toPoints(after.get(id)?.total ?? 0);
      expect({ id, before: row.before, after: row.after, delta: row.delta }).toEqual({ id, before: scoresBefore.get(id)!.total, after: want, delta: toPoints(Math.round(want * 100) - Math.round(scoresBefore.get(id)!.total * 100)) });
    }
    // Largest change first; totals over every cadre.
    const deltas = dry.cadres.map((row) => Math.abs(row.delta));
    expect([...deltas].sort((a, b) => b - a)).toEqual(deltas);
    expect(dry.totals.before).toBeCloseTo(dry.cadres.reduce((sum, row) => sum + row.before, 0), 2);
    expect(dry.totals.after).toBeCloseTo(dry.cadres.reduce((sum, row) => sum + row.after, 0), 2);
    expect(dry.totals.moved).toBe(dry.cadres.filter((row) => row.delta !== 0).length);
    expect(dry.totals.moved).toBeGreaterThan(1);

    // Nothing changed: the draft is still a draft, version 1 still active, every score as it was.
    expect(expectStatus(await as('admin').get<ScoringStandardView>(`/scoring/standards/${draftVersion}`), 200)).toMatchObject({ status: 'draft', activatedAt: null });
    expect((await activeStandard()).version).toBe(1);
    for (const id of cadreIds) {
      const now = await scoreOf(id);
      expect({ id, total: now.total, standardVersion: now.standardVersion, entries: now.entries.map((e) => e.id).sort() }).toEqual({
        id,
        total: scoresBefore.get(id)!.total,
        standardVersion: 1,
        entries: scoresBefore.get(id)!.entries.map((e) => e.id).sort(),
      });
    }
  });

  // ── 8. activation ─────────────────────────────────────────────────────────────────────────────────

  it('activating the draft recomputes everything: the worked example becomes 8 × 3 × 1.2 = 28.80', async () => {
    for (const who of ['cadre1', 'reviewerA', 'assessor']) expectProblem(await as(who).post(`/scoring/standards/${draftVersion}/activate`), 403);
    expectProblem(await as('admin').post('/scoring/standards/99/activate'), 404);

    const accepted = matchesSchema(activationViewSchema, expectStatus(await as('admin').post<{ version: number; jobId: string }>(`/scoring/standards/${draftVersion}/activate`), 202));
    expect(accepted).toEqual({ version: draftVersion, jobId: expect.any(String) });
    expectProblem(await as('cadre1').get(`/rankings/jobs/${encodeURIComponent(accepted.jobId)}`), 403);
    const job = await jobDone(accepted.jobId, 120_000);
    expect(job).toMatchObject({ jobId: accepted.jobId, state: 'completed', progress: 100, startedAt: expect.any(String), finishedAt: expect.any(String) });

    const standards = expectStatus(await as('cadre1').get<ScoringStandardView[]>('/scoring/standards'), 200);
    expect(standards.map((s) => [s.version, s.status])).toEqual([
      [1, 'retired'],
      [draftVersion, 'active'],
    ]);
    expect(standards[1].activatedAt).toEqual(expect.any(String));
    expectProblem(await as('admin').post(`/scoring/standards/${draftVersion}/activate`), 409);
    expectProblem(await as('admin').post('/scoring/standards/1/activate'), 409);
    expectProblem(await as('admin').post(`/scoring/standards/${draftVersion}/dry-run`), 409);

    const score = await scoreOf(users.cadre2.id, 'cadre2');
    expect(score).toMatchObject({ total: 28.8, participation: 5.76, contribution: 23.04, byItem: { INVEST: 28.8 }, standardVersion: draftVersion });
    expect(score.entries).toHaveLength(2);
    for (const entry of score.entries) {
      expect(entry).toMatchObject({ standardVersion: draftVersion, source: { type: 'record', id: second.id, version: second.version } });
      expect(entry.explanation).toContain(`纪实《${second.title}》：招商引资 / 500强企业引进 市级 ×3，评定 良好 ×1.2 = 28.80（基础 8）；`);
    }
    // The revoked record, under the new standard too: given and taken back.
    expect(await scoreOf(users.cadre1.id)).toMatchObject({ total: 0, participation: 5.76, contribution: 23.04, reversal: -28.8, standardVersion: draftVersion });
    // A record verified from now on is scored under the new standard at once: PARTY-01, city, pass → 5 × 3 × 1 = 15.
    const later = await verify('cadre2', 'reviewerB', { itemCode: 'PARTY-01', title: '基层党组织建设' }, { rating: 'pass' });
    const moved = await waitUntil(
      async () => {
        const s = await scoreOf(users.cadre2.id, 'cadre2');
        return s.total !== 28.8 ? s : undefined;
      },
      { timeoutMs: SECONDS, intervalMs: 100, what: 'cadre2’s total to move under the new standard' },
    );
    expect(moved).toMatchObject({ total: 43.8, byItem: { INVEST: 28.8, PARTY: 15 }, standardVersion: draftVersion });
    // Announced under the new standard too (activation and the new record both recompute through the same path).
    const announced = await scoreEventMatching(users.cadre2.id, 0);
    expect(announced.data).toMatchObject({ totalHundredths: 4380, byItem: { INVEST: 2880, PARTY: 1500 }, bySource: { [`record:${second.id}`]: 2880, [`record:${later.id}`]: 1500 }, departmentId: districtB.id, standardVersion: draftVersion });
    expectConsistentScoreEvent(announced.data);
    expect(moved.entries.filter((e) => e.source.id === later.id).map((e) => [e.part, e.hundredths, e.standardVersion]).sort()).toEqual([
      ['contribution', 1200, draftVersion],
      ['participation', 300, draftVersion],
    ]);
    // And everyone else: the recomputation under the new standard.
    await expectScoresMatchRecomputation(draftVersion);
  });

  // ── 9. rankings ───────────────────────────────────────────────────────────────────────────────────

  it('only an admin triggers a recalculation; the job reports completion; the rankings follow the totals', async () => {
    for (const who of ['cadre1', 'reviewerA', 'assessor']) expectProblem(await as(who).post('/rankings/recalculate'), 403);
    expectProblem(await call('POST', '/rankings/recalculate'), 401);
    expectProblem(await as('admin').get('/rankings/jobs/no-such-job'), 404);

    // A record rated 不予认定 is verified without points: cadre3 ties with cadre1 (revoked) at 0.
    const unrated = await verify('cadre3', 'reviewerA', { itemCode: 'HONOR-01', title: '其他实绩' }, { rating: 'none' });
    const nothing = await waitUntil(
      async () => {
        const s = await scoreOf(users.cadre3.id, 'cadre3');
        return s.entries.length > 0 ? s : undefined;
      },
      { timeoutMs: SECONDS, intervalMs: 100, what: 'cadre3’s entries' },
    );
    expect(nothing).toMatchObject({ total: 0, byItem: { HONOR: 0 } });
    expect(nothing.entries.map((e) => [e.part, e.hundredths, e.source.id]).sort()).toEqual([
      ['contribution', 0, unrated.id],
      ['participation', 0, unrated.id],
    ]);

    const requestedAt = Date.now();
    const accepted = expectStatus(await as('admin').post<{ jobId: string }>('/rankings/recalculate'), 202);
    expect(accepted).toEqual({ jobId: expect.any(String) });
    expectProblem(await as('cadre1').get(`/rankings/jobs/${encodeURIComponent(accepted.jobId)}`), 403);
    const job = await jobDone(accepted.jobId);
    expect(job).toMatchObject({ jobId: accepted.jobId, state: 'completed', progress: 100, result: { cadres: expect.any(Number), rankings: expect.any(Number) } });
    expect(job.result!.cadres).toBeGreaterThanOrEqual(BULK_CADRES + 2);

    // Everyone, this year: points are the cadres' totals; competition ranks; percentiles.
    const all = matchesSchema(rankingViewSchema, expectStatus(await as('cadre1').get<RankingView>(`/rankings?period=${YEAR}&scope=all&pageSize=100`), 200));
    expect(Date.parse(all.calculatedAt)).toBeGreaterThanOrEqual(requestedAt - 1_000);
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBe(job.result!.cadres);
    const departmentNames = new Map([root, districtA, bureauA1, districtB].map((d) => [d.id, d.name]));
    const cadreIds = Object.values(users).filter((u) => u.roles.includes('cadre')).map((u) => u.id);
    expect(all.items.map((i) => i.cadreId)).toEqual(expect.arrayContaining([users.cadre2.id, ...Array.from({ length: BULK_CADRES }, (_, k) => users[bulk(k)].id)]));
    for (const item of all.items) {
      expect(cadreIds).toContain(item.cadreId);
      const user = Object.values(users).find((u) => u.id === item.cadreId)!;
      expect(item).toMatchObject({ name: user.name, departmentId: user.departmentId, departmentName: departmentNames.get(user.departmentId), rankLevel: user.rankLevel, points: (await scoreOf(item.cadreId)).total });
      expect(item.rank).toBe(1 + all.items.filter((other) => other.points > item.points).length);
      expect(item.percentile).toBeCloseTo((100 * all.items.filter((other) => other.points < item.points).length) / all.total, 2);
    }
    expect(all.items.map((i) => i.rank)).toEqual([...all.items.map((i) => i.rank)].sort((a, b) => a - b));
    expect(all.items.find((i) => i.cadreId === users.cadre2.id)!.points).toBe(43.8);
    // Equal points share a rank; a cadre new to the ranking has no change.
    const zeros = all.items.filter((i) => i.points === 0);
    expect(zeros.map((i) => i.cadreId).sort()).toEqual([users.cadre1.id, users.cadre3.id].sort());
    expect(new Set(zeros.map((i) => i.rank)).size).toBe(1);
    expect(zeros.map((i) => i.percentile)).toEqual([0, 0]);
    expect(all.items.find((i) => i.cadreId === users.cadre3.id)!.change).toBeNull();

    // A department subtree, a rank level: only their cadres, ranked among themselves.
    const inB = new Set(Object.values(users).filter((u) => u.departmentId === districtB.id && u.roles.includes('cadre')).map((u) => u.id));
    const districtRanking = matchesSchema(rankingViewSchema, expectStatus(await as('cadre2').get<RankingView>(`/rankings?period=${YEAR}&scope=department:${districtB.id}&pageSize=100`), 200));
    expect(districtRanking.items.map((i) => i.cadreId).sort()).toEqual(all.items.filter((i) => inB.has(i.cadreId)).map((i) => i.cadreId).sort());
    expect(districtRanking.items[0].rank).toBe(1);
    const inA = matchesSchema(rankingViewSchema, expectStatus(await as('cadre1').get<RankingView>(`/rankings?period=${YEAR}&scope=department:${districtA.id}&pageSize=100`), 200));
    expect(inA.items.every((i) => !inB.has(i.cadreId))).toBe(true);
    expect(inA.items.map((i) => i.cadreId)).toContain(users.cadre1.id);
    const divisions = new Set(Object.values(users).filter((u) => u.rankLevel === 'division' && u.roles.includes('cadre')).map((u) => u.id));
    const byRank = matchesSchema(rankingViewSchema, expectStatus(await as('cadre1').get<RankingView>(`/rankings?period=${YEAR}&scope=rank:division&pageSize=100`), 200));
    expect(byRank.items.map((i) => i.cadreId).sort()).toEqual(all.items.filter((i) => divisions.has(i.cadreId)).map((i) => i.cadreId).sort());
    expect(byRank.items.map((i) => i.rank)[0]).toBe(1);
    // Rolling three years: this year is the only one with points.
    const rolling = matchesSchema(rankingViewSchema, expectStatus(await as('cadre1').get<RankingView>('/rankings?period=rolling3&scope=all&pageSize=100'), 200));
    expect(Object.fromEntries(rolling.items.map((i) => [i.cadreId, i.points]))).toEqual(Object.fromEntries(all.items.map((i) => [i.cadreId, i.points])));
    expectInvalid(await as('cadre1').get('/rankings?scope=everyone'), ['scope'], true);
    expectInvalid(await as('cadre1').get('/rankings?period=last-year'), ['period'], true);

    // Recalculated again with nothing changed: nobody moved.
    const again = await jobDone(expectStatus(await as('admin').post<{ jobId: string }>('/rankings/recalculate'), 202).jobId);
    expect(again.jobId).not.toBe(accepted.jobId);
    const unchanged = matchesSchema(rankingViewSchema, expectStatus(await as('cadre1').get<RankingView>(`/rankings?period=${YEAR}&scope=all&pageSize=100`), 200));
    expect(unchanged.items.map((i) => [i.cadreId, i.rank, i.points])).toEqual(expect.arrayContaining(all.items.map((i) => [i.cadreId, i.rank, i.points])));
    expect(unchanged.items.map((i) => i.change)).toEqual(unchanged.items.map(() => 0));
    const districtAgain = matchesSchema(rankingViewSchema, expectStatus(await as('cadre2').get<RankingView>(`/rankings?period=${YEAR}&scope=department:${districtB.id}&pageSize=100`), 200));
    expect(districtAgain.items.map((i) => [i.cadreId, i.rank, i.change])).toEqual(districtRanking.items.map((i) => [i.cadreId, i.rank, 0]));
  });

  // docs/DOMAIN.md §3 gives ranks; domain/ranking.ts fixes the order of equal points (then cadreId ascending), and the
  // MongoDB fallback of RankingsService.read sorts so: the Redis path must list them the same way.
  it('equal points are listed by cadre id, ascending, as domain/ranking.ts orders them', async () => {
    const all = matchesSchema(rankingViewSchema, expectStatus(await as('cadre1').get<RankingView>(`/rankings?period=${YEAR}&scope=all&pageSize=100`), 200));
    const zeros = all.items.filter((i) => i.points === 0).map((i) => i.cadreId);
    expect(zeros).toHaveLength(2);
    expect(zeros).toEqual([users.cadre1.id, users.cadre3.id].sort());
    for (let i = 1; i < all.items.length; i++) {
      const [a, b] = [all.items[i - 1], all.items[i]];
      if (a.points === b.points) expect([a.cadreId, b.cadreId]).toEqual([a.cadreId, b.cadreId].sort());
    }
  });

  // docs/API.md "Conventions": lists that make sense as tables also answer ?format=csv (UTF-8 with a BOM); the ranking
  // query of the contracts (rankingQuery) accepts format=csv.
  it('the ranking answers ?format=csv as a spreadsheet: UTF-8 with a BOM, one line per cadre, names and labels rather than ids', async () => {
    const json = matchesSchema(rankingViewSchema, expectStatus(await as('cadre1').get<RankingView>(`/rankings?period=${YEAR}&scope=all&pageSize=100`), 200));
    const response = await fetch(`${platform.apiUrl}/rankings?period=${YEAR}&scope=all&pageSize=100&format=csv`, { headers: { authorization: `Bearer ${tokens.cadre1}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split(/\r?\n/).filter((line) => line !== '');
    expect(lines).toHaveLength(1 + json.items.length);
    expect(lines[0]).toBe('名次,姓名,单位,职级,积分,百分位,名次变化,计算时间,编号');
    const at = new Date(Date.parse(json.calculatedAt) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const rankLevels: Record<string, string> = { division: '处级', section: '科级', staff: '科员' };
    const departmentNames = new Map([root, districtA, bureauA1, districtB].map((d) => [d.id, d.name]));
    json.items.forEach((item, i) => {
      const cells = lines[1 + i].split(',');
      expect(cells).toEqual([String(item.rank), item.name, departmentNames.get(item.departmentId), rankLevels[item.rankLevel], String(Math.round(item.points * 100) / 100), String(item.percentile), expect.any(String), at, item.cadreId]);
    });
    // No department id where a person reads.
    for (const d of [root, districtA, bureauA1, districtB]) expect(lines.join('\n')).not.toContain(d.id);
    expectInvalid(await as('cadre1').get('/rankings?format=docx'), ['format'], true);
  });

  it('answers that would mislead are refused: a score of no cadre is 404, a ranking of an unknown or malformed department is 400 naming scope', async () => {
    for (const who of ['admin', 'assessor']) expectProblem(await as(who).get(`/scores/${randomUUID()}`), 404);
    // The admin is a user, but not a cadre (asking for one's own score is always answered).
    expectProblem(await as('assessor').get(`/scores/${adminId}`), 404);
    expect(await scoreOf(users.cadre1.id, 'admin')).toMatchObject({ cadreId: users.cadre1.id });
    for (const scope of [`department:${randomUUID()}`, 'department:', 'department:%24where']) {
      expectInvalid(await as('cadre1').get(`/rankings?period=${YEAR}&scope=${scope}`), ['scope'], true);
    }
    expectStatus(await as('cadre1').get(`/rankings?period=${YEAR}&scope=department:${districtA.id}`), 200);
  });
});
