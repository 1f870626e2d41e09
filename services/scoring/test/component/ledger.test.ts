/**
 * Scoring in process: events in as records and tasks publish them, the ledger and the score out. One scoring
 * service with its own NATS, database and Redis prefix; the directory replica seeded by the test.
 *
 * city → district A → bureau A1; city → district B.
 */
import { randomUUID } from 'node:crypto';
import { RECORD_EVENTS, RPC, SCORING_EVENTS, TASK_EVENTS, currentScoringYear, type ScoreUpdatedV1, type ScoreView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { concludedTask, dropRedisKeys, participants, revokedRecord, scoringModule, verifiedRecord } from './fixtures';

jest.setTimeout(120_000);

const YEAR = currentScoringYear();
const city = department('海口市');
const districtA = department('龙华区', city);
const bureauA1 = department('龙华区发改局', districtA);
const districtB = department('美兰区', city);
const cadre1 = user('王海军', bureauA1, ['cadre']);
const cadre2 = user('李红梅', districtB, ['cadre']);
const cadre3 = user('陈志强', bureauA1, ['cadre']);
const cadre4 = user('赵敏', districtA, ['cadre']);
const reviewerA = user('审核员甲', districtA, ['reviewer']);
const reviewerB = user('审核员乙', districtB, ['reviewer']);
const assessor = user('研判员', city, ['assessor']);
const admin = user('管理员', city, ['admin']);
const publisher = user('发榜人', bureauA1, ['publisher', 'evaluator']);
const cadre5 = user('孙丽', districtB, ['cadre']);
const pointless = user('周平', districtB, ['cadre']);

describe('scoring in process: events → ledger → score', () => {
  let scoring: Component;

  const scoreOf = (cadre: UserSeed, as: UserSeed = cadre, period?: string) => scoring.request<ScoreView>(RPC.scoring.score, { id: cadre.id, ...(period ? { period } : {}) }, callerOf(as));
  const scoreWhen = (cadre: UserSeed, ready: (score: ScoreView) => boolean, what: string) =>
    waitUntil(async () => {
      const score = await scoreOf(cadre);
      return ready(score) ? score : undefined;
    }, { timeoutMs: 20_000, what });
  const ledgerCount = () => scoring.db.collection('ledger').countDocuments({});
  const announced = async (cadre: UserSeed, after = 0) =>
    (await scoring.published<ScoreUpdatedV1>(SCORING_EVENTS.scoreUpdated)).filter((e) => e.data.cadreId === cadre.id && e.data.period === YEAR && e.data.revision > after);
  const announcedAfter = (cadre: UserSeed, after: number) =>
    waitUntil(async () => (await announced(cadre, after)).at(-1), { timeoutMs: 20_000, what: `scoring.score.updated of ${cadre.name} after revision ${after}` });

  /** The cadre's latest announcement once one satisfies `ready` (a recomputation that saw what the test just sent). */
  const announcedWhere = (cadre: UserSeed, ready: (data: ScoreUpdatedV1) => boolean) =>
    waitUntil(async () => {
      const latest = (await announced(cadre)).at(-1)?.data;
      return latest && ready(latest) ? latest : undefined;
    }, { timeoutMs: 20_000, what: `the announcement of ${cadre.name}’s recomputation` });

  beforeAll(async () => {
    scoring = await startComponent({ service: 'scoring', module: scoringModule });
    await scoring.seedDirectory({ users: [cadre1, cadre2, cadre3, cadre4, reviewerA, reviewerB, assessor, admin, publisher, cadre5, pointless] });
  });
  afterAll(async () => {
    await scoring?.stop();
    await dropRedisKeys();
  });

  const example = verifiedRecord(cadre1);

  it('a verified record gives the filer participation and contribution: INVEST-03, city, good, alone → 19.20 (3.84 + 15.36)', async () => {
    await scoring.publish(RECORD_EVENTS.verified, example, { producer: 'records' });
    const score = await scoreWhen(cadre1, (s) => s.entries.length === 2, 'cadre1’s entries');
    expect(score).toMatchObject({ cadreId: cadre1.id, period: YEAR, total: 19.2, participation: 3.84, contribution: 15.36, bonus: 0, reversal: 0, byItem: { INVEST: 19.2 }, standardVersion: 1 });
    expect(score.entries.map((e) => [e.part, e.hundredths, e.counted]).sort()).toEqual([
      ['contribution', 1536, 1536],
      ['participation', 384, 384],
    ]);
    for (const entry of score.entries) {
      expect(entry).toMatchObject({ cadreId: cadre1.id, source: { type: 'record', id: example.recordId, version: example.version, title: example.title }, itemCode: 'INVEST-03', firstLevelCode: 'INVEST', period: YEAR });
      // In Chinese, with the record's title and the item's name (no code, no English word).
      expect(entry.explanation).toContain(`纪实《${example.title}》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）`);
      expect(entry.explanation).not.toMatch(/[A-Za-z]/);
      expect(entry.id).toBe(`v1|record:${example.recordId}:v${example.version}:${cadre1.id}:${entry.part}`);
    }
    expect(await ledgerCount()).toBe(2);
  });

  it('an entry written before its facts were kept reads as a new one: explained again from its source', async () => {
    const current = await scoreOf(cadre1);
    const id = `v1|${cadre1.id}`;
    const doc = await scoring.db.collection('cadre_ledgers').findOne({ _id: id as never });
    expect((doc!.entries as { facts?: unknown }[]).every((e) => e.facts)).toBe(true);
    // As entries were stored before: no facts, the older, partly English sentence.
    const older = (doc!.entries as Record<string, unknown>[]).map(({ facts: _facts, ...entry }) => ({ ...entry, explanation: 'INVEST-03 city ×2, rated 良好 ×1.2 = 19.20 (base 8); 参与度 20% sole participant → 3.84' }));
    await scoring.db.collection('cadre_ledgers').updateOne({ _id: id as never }, { $set: { entries: older } });
    try {
      expect((await scoreOf(cadre1)).entries).toEqual(current.entries);
    } finally {
      await scoring.db.collection('cadre_ledgers').updateOne({ _id: id as never }, { $set: { entries: doc!.entries } });
    }
  });

  it('the recomputation stores the totals and announces them (scoring.score.updated) through the outbox', async () => {
    const event = await announcedAfter(cadre1, 0);
    expect(event).toMatchObject({ type: SCORING_EVENTS.scoreUpdated, producer: 'scoring' });
    expect(event.data).toEqual({
      cadreId: cadre1.id,
      period: YEAR,
      total: 19.2,
      totalHundredths: 1920,
      byItem: { INVEST: 1920 },
      byMonth: { [`${example.verifiedAt!.slice(0, 7)}`]: expect.any(Number) },
      bySource: { [`record:${example.recordId}`]: 1920 },
      departmentId: bureauA1.id,
      departmentPath: bureauA1.path,
      standardVersion: 1,
      revision: expect.any(Number),
      updatedAt: expect.any(String),
    });
    const totals = await waitUntil(async () => {
      const doc = await scoring.db.collection('score_totals').findOne({ _id: `${cadre1.id}|${YEAR}` as never });
      return doc && (doc.outbox as unknown[]).length === 0 ? doc : undefined;
    }, { what: 'the totals with their outbox emptied' });
    expect(totals).toMatchObject({ cadreId: cadre1.id, period: YEAR, total: 1920, entryCount: 2, revision: event.data.revision, version: expect.any(Number) });
    expect(await scoring.db.collection('score_totals').findOne({ _id: `${cadre1.id}|rolling3` as never })).toMatchObject({ total: 1920 });
  });

  it('the same verification delivered again (re-emitted under a new eventId) changes nothing', async () => {
    const before = await scoreOf(cadre1);
    const revision = (await announced(cadre1)).at(-1)!.data.revision;
    await scoring.publish(RECORD_EVENTS.verified, example, { producer: 'records' });
    await scoring.publish(RECORD_EVENTS.verified, example, { producer: 'records', eventId: randomUUID() });
    // Handled: the cadre was recomputed again (a newer revision) with the same numbers.
    const again = await announcedAfter(cadre1, revision);
    expect(again.data).toMatchObject({ totalHundredths: 1920, bySource: { [`record:${example.recordId}`]: 1920 } });
    const after = await scoreOf(cadre1);
    expect({ ...after, updatedAt: '' }).toEqual({ ...before, updatedAt: '' });
    expect(await ledgerCount()).toBe(2);
  });

  it('a revocation reverses every entry, once however often it arrives', async () => {
    const revocation = revokedRecord(example);
    await scoring.publish(RECORD_EVENTS.revoked, revocation, { producer: 'records' });
    const score = await scoreWhen(cadre1, (s) => s.total === 0, 'cadre1’s total back to 0');
    expect(score).toMatchObject({ total: 0, participation: 3.84, contribution: 15.36, reversal: -19.2, byItem: { INVEST: 0 } });
    const reversals = score.entries.filter((e) => e.part === 'reversal');
    expect(reversals.map((e) => e.hundredths).sort((a, b) => a - b)).toEqual([-1536, -384]);
    expect(reversals.every((e) => e.explanation.startsWith('撤销（佐证材料不实）：冲减') && e.explanation.includes(`原计分：纪实《${example.title}》`) && e.source.version === revocation.version)).toBe(true);
    // Newest first: the reversals before the originals.
    expect(score.entries.slice(0, 2).every((e) => e.part === 'reversal')).toBe(true);

    const revision = (await announcedWhere(cadre1, (e) => e.totalHundredths === 0)).revision;
    await scoring.publish(RECORD_EVENTS.revoked, revocation, { producer: 'records', eventId: randomUUID() });
    expect((await announcedAfter(cadre1, revision)).data).toMatchObject({ totalHundredths: 0 });
    expect((await scoreOf(cadre1)).entries.map((e) => e.id).sort()).toEqual(score.entries.map((e) => e.id).sort());
    expect(await ledgerCount()).toBe(4);
  });

  it('a revocation that arrives before its verification writes the entries and their reversals', async () => {
    const early = verifiedRecord(cadre3, { itemCode: 'PARTY-01', firstLevelCode: 'PARTY' });
    await scoring.publish(RECORD_EVENTS.revoked, revokedRecord(early), { producer: 'records' });
    const score = await scoreWhen(cadre3, (s) => s.entries.length === 4, 'cadre3’s entries and reversals');
    expect(score).toMatchObject({ total: 0, reversal: -12, byItem: { PARTY: 0 } });
    const revision = (await announcedWhere(cadre3, (e) => `record:${early.recordId}` in e.bySource)).revision;
    // The verification arriving late adds nothing.
    await scoring.publish(RECORD_EVENTS.verified, early, { producer: 'records' });
    await announcedAfter(cadre3, revision);
    expect((await scoreOf(cadre3)).entries).toHaveLength(4);
  });

  it('a record with co-participants splits 20 % equally and 80 % by share', async () => {
    const shared = verifiedRecord(cadre2, { participants: participants([cadre2, 70], [cadre4, 30]) });
    await scoring.publish(RECORD_EVENTS.verified, shared, { producer: 'records' });
    // 19.20: participation 3.84 / 2 = 1.92 each; contribution 15.36 × 70 % = 10.75, × 30 % = 4.61.
    expect(await scoreWhen(cadre2, (s) => s.entries.length === 2, 'cadre2’s entries')).toMatchObject({ total: 12.67, participation: 1.92, contribution: 10.75 });
    expect(await scoreWhen(cadre4, (s) => s.entries.length === 2, 'cadre4’s entries')).toMatchObject({ total: 6.53, participation: 1.92, contribution: 4.61 });
  });

  it('a concluded task gives every member points by share and the lead a bonus: reward 100, 难, pass → 150: 102 and 63', async () => {
    const task = concludedTask([
      [cadre2, 60],
      [cadre4, 40],
    ]);
    await scoring.publish(TASK_EVENTS.concluded, task, { producer: 'tasks' });
    const lead = await scoreWhen(cadre2, (s) => s.entries.some((e) => e.source.type === 'task'), 'the lead’s task entries');
    const taskEntries = lead.entries.filter((e) => e.source.id === task.taskId);
    expect(taskEntries.map((e) => [e.part, e.hundredths]).sort()).toEqual([
      ['bonus', 1500],
      ['contribution', 7200],
      ['participation', 1500],
    ]);
    expect(lead.byItem).toMatchObject({ TASK: 102 });
    // The task named by its title (not an id or a version), in Chinese.
    expect(taskEntries.map((e) => [e.part, e.source.title, e.explanation]).sort()).toEqual([
      ['bonus', task.title, `任务《${task.title}》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；牵头人加分 10% → 15.00`],
      ['contribution', task.title, `任务《${task.title}》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；贡献度 80% 按分工 60% → 72.00`],
      ['participation', task.title, `任务《${task.title}》：奖励 100 ×1.5（急难险重：难），评审 合格 ×1 = 150.00；参与度 20% 由 2 人均分 → 15.00`],
    ]);
    const member = await scoreWhen(cadre4, (s) => s.entries.some((e) => e.source.type === 'task'), 'the member’s task entries');
    expect(member.entries.filter((e) => e.source.id === task.taskId).map((e) => [e.part, e.hundredths]).sort()).toEqual([
      ['contribution', 4800],
      ['participation', 1500],
    ]);
    expect(member.byItem).toMatchObject({ TASK: 63 });
    // Delivered again: nothing more.
    const count = await ledgerCount();
    const revision = (await announcedWhere(cadre2, (e) => `task:${task.taskId}` in e.bySource)).revision;
    await scoring.publish(TASK_EVENTS.concluded, task, { producer: 'tasks', eventId: randomUUID() });
    await announcedAfter(cadre2, revision);
    expect(await ledgerCount()).toBe(count);
  });

  it('totals written before they had a version are taken over: the next recomputation versions and rewrites them', async () => {
    const id = `${cadre5.id}|${YEAR}`;
    const legacy = { cadreId: cadre5.id, period: YEAR, standardVersion: 1, total: 999, participation: 999, contribution: 0, bonus: 0, reversal: 0, byItem: {}, capped: [], entryCount: 1, revision: 5, updatedAt: new Date(5), outbox: [] };
    await scoring.db.collection('score_totals').insertOne({ _id: id, ...legacy } as never);
    await scoring.publish(RECORD_EVENTS.verified, verifiedRecord(cadre5), { producer: 'records' });
    expect((await announcedAfter(cadre5, 5)).data).toMatchObject({ totalHundredths: 1920 });
    const doc = await waitUntil(async () => {
      const found = await scoring.db.collection('score_totals').findOne({ _id: id as never });
      return found && (found.outbox as unknown[]).length === 0 ? found : undefined;
    }, { what: 'the totals published' });
    expect(doc).toMatchObject({ version: 1, total: 1920, entryCount: 2 });
    expect(doc!.revision).toBeGreaterThan(5);
  });

  it('a score is read by the cadre, reviewers of their subtree, assessors and admins', async () => {
    for (const who of [cadre1, reviewerA, assessor, admin]) expect(await scoreOf(cadre1, who)).toMatchObject({ cadreId: cadre1.id, total: 0 });
    expect(await scoreOf(cadre2, reviewerB)).toMatchObject({ cadreId: cadre2.id });
    expect(await scoreOf(cadre1, cadre1, 'rolling3')).toMatchObject({ period: 'rolling3', total: 0 });
  });

  it('refuses the wrong role and the wrong department (403), a missing caller, a malformed id and a bad period', async () => {
    for (const who of [cadre2, cadre3, publisher]) expect((await scoring.refusal(RPC.scoring.score, { id: cadre1.id }, callerOf(who))).status).toBe(403);
    // District B's reviewer for a district A cadre, and the other way round.
    expect((await scoring.refusal(RPC.scoring.score, { id: cadre1.id }, callerOf(reviewerB))).status).toBe(403);
    expect((await scoring.refusal(RPC.scoring.score, { id: cadre2.id }, callerOf(reviewerA))).status).toBe(403);
    expect((await scoring.refusal(RPC.scoring.score, { id: cadre1.id })).status).toBe(403);
    expect((await scoring.refusal(RPC.scoring.score, { id: 'not an id' }, callerOf(cadre1))).status).toBe(404);
    const invalid = await scoring.refusal(RPC.scoring.score, { id: cadre1.id, period: 'last-year' }, callerOf(cadre1));
    expect(invalid).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'period' })] });
  });

  it('an id that names no cadre is 404 (not a score of zeros); a known cadre without points is 200 with zeros', async () => {
    for (const who of [assessor, admin]) {
      expect((await scoring.refusal(RPC.scoring.score, { id: randomUUID() }, callerOf(who))).status).toBe(404);
      // The publisher is in the directory, but is not a cadre.
      expect((await scoring.refusal(RPC.scoring.score, { id: publisher.id }, callerOf(who))).status).toBe(404);
      expect(await scoreOf(pointless, who)).toMatchObject({ cadreId: pointless.id, total: 0, entries: [] });
    }
    // A cadre asking after an unknown id learns nothing more than before: 403.
    expect((await scoring.refusal(RPC.scoring.score, { id: randomUUID() }, callerOf(cadre1))).status).toBe(403);
  });
});
