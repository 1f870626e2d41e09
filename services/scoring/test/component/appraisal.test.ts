/**
 * Scoring in process for appraisal grades (issue #21): `appraisal.grade.confirmed` → points for the cadre by the
 * active standard's `appraisalGradePoints`, `appraisal.grade.returned` → reversed, redeliveries and late events
 * changing nothing, and a new standard's grade points in a dry run and an activation.
 *
 * city → district A → bureau A1. Tests run in order: the last activates a new standard.
 */
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import {
  APPRAISAL_EVENTS,
  DEFAULT_SCORING_STANDARD,
  RECORD_EVENTS,
  RPC,
  SCORING_EVENTS,
  STREAMS,
  currentScoringYear,
  type AppraisalGradeV1,
  type DryRunView,
  type RecalculationJobView,
  type ScoreUpdatedV1,
  type ScoreView,
  type ScoringStandard,
  type ScoringStandardView,
} from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { dropRedisKeys, scoringModule, verifiedRecord } from './fixtures';

jest.setTimeout(120_000);

const YEAR = currentScoringYear();
const city = department('海口市');
const districtA = department('龙华区', city);
const bureauA1 = department('龙华区发改局', districtA);
const cadre1 = user('王海军', bureauA1, ['cadre']);
const cadre2 = user('李红梅', districtA, ['cadre']);
const cadre3 = user('陈志强', bureauA1, ['cadre']);
const assessor = user('研判员', city, ['assessor']);
const admin = user('管理员', city, ['admin']);

const CYCLE = { cycleId: randomUUID(), cycleKind: 'annual' as const, cycleName: `${YEAR}年度考核`, period: YEAR, year: YEAR };

/** An appraisal event as the appraisal service publishes it: by default cadre's 年度 优秀 confirmed at `version`. */
function gradeEvent(cadre: UserSeed, version: number, fields: Partial<AppraisalGradeV1> = {}): AppraisalGradeV1 {
  return {
    appraisalId: `${fields.cycleId ?? CYCLE.cycleId}:${cadre.id}`,
    ...CYCLE,
    cadreId: cadre.id,
    departmentId: cadre.department.id,
    departmentPath: cadre.department.path,
    grade: 'excellent',
    status: 'confirmed',
    comment: '',
    byUserId: assessor.id,
    version,
    occurredAt: new Date().toISOString(),
    ...fields,
  };
}

describe('scoring in process: points for appraisal grades', () => {
  let scoring: Component;
  let nc: NatsConnection;

  const scoreOf = (cadre: UserSeed) => scoring.request<ScoreView>(RPC.scoring.score, { id: cadre.id }, callerOf(cadre));
  const scoreWhen = (cadre: UserSeed, ready: (score: ScoreView) => boolean, what: string) =>
    waitUntil(async () => {
      const score = await scoreOf(cadre);
      return ready(score) ? score : undefined;
    }, { timeoutMs: 20_000, what });
  const ledgerOf = (appraisalId: string) => scoring.db.collection('ledger').countDocuments({ sourceId: appraisalId });
  const publish = (subject: string, data: AppraisalGradeV1) => scoring.publish(subject, data, { producer: 'appraisal', eventId: randomUUID() });
  /** Every APPRAISAL event published so far handled and acknowledged by scoring's durable consumer. */
  const drained = () =>
    waitUntil(async () => {
      const info = await (await nc.jetstreamManager()).consumers.info(STREAMS.APPRAISAL.name, 'scoring');
      return info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
    }, { timeoutMs: 20_000, what: 'scoring’s APPRAISAL consumer to catch up' });
  const jobDone = (jobId: string) =>
    waitUntil(async () => {
      const job = await scoring.request<RecalculationJobView>(RPC.scoring.job, { id: jobId }, callerOf(admin));
      if (job.state === 'failed') throw new Error(`job ${jobId} failed: ${job.failedReason}`);
      return job.state === 'completed' ? job : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, what: `job ${jobId} to complete` });

  beforeAll(async () => {
    scoring = await startComponent({ service: 'scoring', module: scoringModule });
    nc = await connect({ servers: scoring.nats.url });
    await scoring.seedDirectory({ users: [cadre1, cadre2, cadre3, assessor, admin] });
  });
  afterAll(async () => {
    await nc?.close();
    await scoring?.stop();
    await dropRedisKeys();
  });

  const confirmed1 = gradeEvent(cadre1, 3);

  it('a confirmed grade gives the cadre the standard’s points: 年度 优秀 → 10, under APPRAISAL, explained in Chinese; a submitted one nothing', async () => {
    await publish(APPRAISAL_EVENTS.gradeSubmitted, { ...confirmed1, version: 2, status: 'submitted', byUserId: randomUUID() });
    await publish(APPRAISAL_EVENTS.gradeConfirmed, confirmed1);
    const score = await scoreWhen(cadre1, (s) => s.entries.length === 1, 'cadre1’s grade points');
    expect(score).toMatchObject({ total: 10, appraisal: 10, participation: 0, contribution: 0, bonus: 0, reversal: 0, byItem: { APPRAISAL: 10 }, capped: [] });
    expect(score.entries[0]).toEqual({
      id: `v1|appraisal:${confirmed1.appraisalId}:v3:${cadre1.id}:appraisal`,
      cadreId: cadre1.id,
      points: 10,
      hundredths: 1000,
      counted: 1000,
      part: 'appraisal',
      source: { type: 'appraisal', id: confirmed1.appraisalId, version: 3, title: CYCLE.cycleName },
      standardVersion: 1,
      period: YEAR,
      explanation: `考核《${CYCLE.cycleName}》：年度考核 优秀 → 10.00`,
      occurredAt: confirmed1.occurredAt,
      createdAt: expect.any(String),
    });
    // The submission wrote nothing: one entry, one source.
    expect(await ledgerOf(confirmed1.appraisalId)).toBe(1);
    // The recomputation announces it: under APPRAISAL and by source.
    const announced = await waitUntil(async () => {
      const events = await scoring.published<ScoreUpdatedV1>(SCORING_EVENTS.scoreUpdated);
      return events.map((e) => e.data).find((d) => d.cadreId === cadre1.id && d.period === YEAR && d.totalHundredths === 1000);
    }, { timeoutMs: 20_000, what: 'cadre1’s scoring.score.updated' });
    expect(announced).toMatchObject({ byItem: { APPRAISAL: 1000 }, bySource: { [`appraisal:${confirmed1.appraisalId}`]: 1000 } });
  });

  it('a redelivered confirmation (a new event id) and a late one of an older version give the points once', async () => {
    await publish(APPRAISAL_EVENTS.gradeConfirmed, confirmed1);
    await publish(APPRAISAL_EVENTS.gradeConfirmed, { ...confirmed1, version: 1, grade: 'competent' });
    await drained();
    expect(await ledgerOf(confirmed1.appraisalId)).toBe(1);
    expect(await scoreOf(cadre1)).toMatchObject({ total: 10, appraisal: 10 });
  });

  it('a returned grade’s points are reversed (once, however often delivered); confirmed again, the new grade counts', async () => {
    const returned = { ...confirmed1, version: 4, status: 'returned' as const, comment: '优秀比例超出，请重新评定', occurredAt: new Date().toISOString() };
    await publish(APPRAISAL_EVENTS.gradeReturned, returned);
    await publish(APPRAISAL_EVENTS.gradeReturned, returned);
    const reversed = await scoreWhen(cadre1, (s) => s.entries.length === 2, 'cadre1’s grade points reversed');
    expect(reversed).toMatchObject({ total: 0, appraisal: 0, reversal: 0, byItem: { APPRAISAL: 0 } });
    const reversal = reversed.entries.find((e) => e.part === 'reversal')!;
    expect(reversal).toMatchObject({ points: -10, counted: -1000, source: { type: 'appraisal', id: confirmed1.appraisalId, version: 4, title: CYCLE.cycleName }, period: YEAR });
    expect(reversal.explanation).toBe(`等次退回（优秀比例超出，请重新评定）：冲减考核等次积分 10.00；原计分：考核《${CYCLE.cycleName}》：年度考核 优秀 → 10.00`);
    await drained();
    expect(await ledgerOf(confirmed1.appraisalId)).toBe(2);

    // Revised to 称职 (submitted, v5) and confirmed (v6): 5 points; a late copy of the return or the first confirmation changes nothing.
    await publish(APPRAISAL_EVENTS.gradeSubmitted, { ...confirmed1, version: 5, status: 'submitted', grade: 'competent' });
    await publish(APPRAISAL_EVENTS.gradeConfirmed, { ...confirmed1, version: 6, grade: 'competent', occurredAt: new Date().toISOString() });
    await publish(APPRAISAL_EVENTS.gradeReturned, returned);
    await publish(APPRAISAL_EVENTS.gradeConfirmed, confirmed1);
    await drained();
    const again = await scoreWhen(cadre1, (s) => s.total === 5, 'cadre1’s new grade');
    expect(again).toMatchObject({ total: 5, appraisal: 5, byItem: { APPRAISAL: 5 } });
    expect(again.entries.map((e) => [e.part, e.source.version, e.points]).sort()).toEqual([
      ['appraisal', 3, 10],
      ['appraisal', 6, 5],
      ['reversal', 4, -10],
    ]);
    expect(await ledgerOf(confirmed1.appraisalId)).toBe(3);
  });

  it('a return of a grade scoring never saw confirmed (from 待审核) is acknowledged and writes nothing', async () => {
    const never = gradeEvent(cadre3, 2, { status: 'returned', comment: '请补充材料' });
    await publish(APPRAISAL_EVENTS.gradeReturned, never);
    await drained();
    expect(await ledgerOf(never.appraisalId)).toBe(0);
    expect(await scoring.db.collection('score_sources').countDocuments({ _id: `appraisal:${never.appraisalId}` as never })).toBe(0);
  });

  it('grade points add to record points and are not under the yearly cap', async () => {
    // A 平时 好 (2) and a 专项 优秀 (5) beside a record of 19.20 (under the default cap of 60).
    await scoring.publish(RECORD_EVENTS.verified, verifiedRecord(cadre2), { producer: 'records' });
    await publish(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(cadre2, 3, { cycleId: 'q1', cycleKind: 'quarterly', cycleName: `${YEAR}年第一季度平时考核`, period: `${YEAR}-Q1`, grade: 'good' }));
    await publish(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(cadre2, 3, { cycleId: 'sp', cycleKind: 'special', cycleName: '招商引资专项考核', grade: 'excellent' }));
    const score = await scoreWhen(cadre2, (s) => s.entries.length === 4, 'cadre2’s record and grades');
    expect(score).toMatchObject({ total: 26.2, appraisal: 7, participation: 3.84, contribution: 15.36, byItem: { INVEST: 19.2, APPRAISAL: 7 } });
    expect(score.entries.filter((e) => e.part === 'appraisal').map((e) => e.explanation).sort()).toEqual([
      `考核《${YEAR}年第一季度平时考核》：平时考核 好 → 2.00`,
      '考核《招商引资专项考核》：专项考核 优秀 → 5.00',
    ]);
  });

  const generous: ScoringStandard = {
    ...DEFAULT_SCORING_STANDARD,
    appraisalGradePoints: { ...DEFAULT_SCORING_STANDARD.appraisalGradePoints, annual: { excellent: 20, competent: 8, basic: 1, incompetent: 0 }, special: { excellent: 6, competent: 2, basic: 0, incompetent: 0 } },
    effectiveFrom: `${YEAR}-01-01`,
    note: '年度考核 称职 8 分',
  };
  let draft: ScoringStandardView;

  it('a draft with other grade points: a 400 names a grade of the other scale; the dry run shows before and after, changing nothing', async () => {
    const wrong = { ...generous, appraisalGradePoints: { ...generous.appraisalGradePoints, quarterly: { ...generous.appraisalGradePoints.quarterly, excellent: 3 } } };
    expect(await scoring.refusal(RPC.scoring.standardCreate, wrong, callerOf(admin))).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'appraisalGradePoints.quarterly.excellent' })] });
    draft = await scoring.request<ScoringStandardView>(RPC.scoring.standardCreate, generous, callerOf(admin));
    expect(draft).toMatchObject({ version: 2, status: 'draft', appraisalGradePoints: generous.appraisalGradePoints });
    // A draft without them gets the defaults, as version 1 reads.
    const without: Partial<ScoringStandard> = { ...generous };
    delete without.appraisalGradePoints;
    expect(await scoring.request<ScoringStandardView>(RPC.scoring.standardCreate, without, callerOf(admin))).toMatchObject({ version: 3, appraisalGradePoints: DEFAULT_SCORING_STANDARD.appraisalGradePoints });
    expect(await scoring.request(RPC.scoring.standardGet, { version: '1' }, callerOf(cadre1))).toMatchObject({ appraisalGradePoints: DEFAULT_SCORING_STANDARD.appraisalGradePoints });

    const dry = await scoring.request<DryRunView>(RPC.scoring.dryRun, { version: String(draft.version) }, callerOf(admin));
    // cadre1: 称职 5 → 8; cadre2: 19.20 + 2 + 5 → 19.20 + 2 + 6.
    expect(dry).toEqual({
      version: 2,
      period: YEAR,
      cadres: [
        { cadreId: cadre1.id, name: cadre1.name, departmentId: bureauA1.id, departmentName: '龙华区发改局', before: 5, after: 8, delta: 3 },
        { cadreId: cadre2.id, name: cadre2.name, departmentId: districtA.id, departmentName: '龙华区', before: 26.2, after: 27.2, delta: 1 },
      ],
      totals: { before: 31.2, after: 35.2, moved: 2 },
    });
    expect(await scoreOf(cadre1)).toMatchObject({ total: 5, standardVersion: 1 });
  });

  it('activation recomputes the grades’ points under the new standard (the returned one still reversed)', async () => {
    const accepted = await scoring.request<{ version: number; jobId: string }>(RPC.scoring.activate, { version: String(draft.version) }, callerOf(admin));
    await jobDone(accepted.jobId);
    const score = await scoreOf(cadre1);
    expect(score).toMatchObject({ total: 8, appraisal: 8, standardVersion: 2 });
    expect(score.entries.map((e) => [e.part, e.points, e.standardVersion, e.explanation]).sort()).toEqual([
      ['appraisal', 20, 2, `考核《${CYCLE.cycleName}》：年度考核 优秀 → 20.00`],
      ['appraisal', 8, 2, `考核《${CYCLE.cycleName}》：年度考核 称职 → 8.00`],
      ['reversal', -20, 2, `等次退回（优秀比例超出，请重新评定）：冲减考核等次积分 20.00；原计分：考核《${CYCLE.cycleName}》：年度考核 优秀 → 20.00`],
    ]);
    expect(await scoreOf(cadre2)).toMatchObject({ total: 27.2, appraisal: 8, standardVersion: 2 });

    // A grade confirmed after the activation counts by the new standard.
    await publish(APPRAISAL_EVENTS.gradeConfirmed, gradeEvent(cadre3, 3, { grade: 'basic' }));
    expect(await scoreWhen(cadre3, (s) => s.entries.length === 1, 'cadre3’s grade')).toMatchObject({ total: 1, appraisal: 1, standardVersion: 2 });
  });
});
