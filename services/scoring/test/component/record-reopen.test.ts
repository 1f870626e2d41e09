/**
 * Scoring in process for a record reopened by a share disputed after verification (issue #18 item 3): verified →
 * `records.record.reopened` (its points reversed) → verified again at a later version (new entries under the new
 * shares), each delivered twice, and the totals right at every step.
 *
 * city → district A → bureau A1; city → district B.
 */
import { randomUUID } from 'node:crypto';
import { RECORD_EVENTS, RPC, type RecordTransitionV1, type ScoreView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { dropRedisKeys, participants, scoringModule, verifiedRecord } from './fixtures';

jest.setTimeout(120_000);

const city = department('海口市');
const districtA = department('龙华区', city);
const bureauA1 = department('龙华区发改局', districtA);
const districtB = department('美兰区', city);
const lead = user('王海军', bureauA1, ['cadre']);
const member = user('李红梅', districtB, ['cadre']);

describe('scoring in process: a record reopened by a disputed share, then verified again', () => {
  let scoring: Component;

  const scoreOf = (cadre: UserSeed) => scoring.request<ScoreView>(RPC.scoring.score, { id: cadre.id }, callerOf(cadre));
  const scoreWhen = (cadre: UserSeed, ready: (score: ScoreView) => boolean, what: string) =>
    waitUntil(async () => {
      const score = await scoreOf(cadre);
      return ready(score) ? score : undefined;
    }, { timeoutMs: 20_000, what });
  const ledgerOf = (recordId: string) => scoring.db.collection('ledger').countDocuments({ sourceId: recordId });
  const publishTwice = async (subject: string, data: RecordTransitionV1) => {
    await scoring.publish(subject, data, { producer: 'records' });
    await scoring.publish(subject, data, { producer: 'records', eventId: randomUUID() });
  };

  beforeAll(async () => {
    scoring = await startComponent({ service: 'scoring', module: scoringModule });
    await scoring.seedDirectory({ users: [lead, member] });
  });
  afterAll(async () => {
    await scoring?.stop();
    await dropRedisKeys();
  });

  it('reverses the points on the reopening and gives new ones on the re-verification, once each however often delivered', async () => {
    // 19.20 points: 60/40 → lead 1.92 + 9.22 = 11.14, member 1.92 + 6.14 = 8.06.
    const first = verifiedRecord(lead, { version: 6, participants: participants([lead, 60], [member, 40]) });
    await publishTwice(RECORD_EVENTS.verified, first);
    expect(await scoreWhen(lead, (s) => s.total === 11.14, 'the lead’s first points')).toMatchObject({ total: 11.14 });
    expect(await scoreWhen(member, (s) => s.total === 8.06, 'the member’s first points')).toMatchObject({ total: 8.06 });

    const reopened: RecordTransitionV1 = { ...first, version: 7, status: 'reviewed', fromStatus: 'verified', action: 'reopen', actorId: member.id, comment: '我的份额应为50%', rating: null, verifiedAt: null, occurredAt: new Date().toISOString() };
    await publishTwice(RECORD_EVENTS.reopened, reopened);
    const reversedLead = await scoreWhen(lead, (s) => s.total === 0 && s.entries.length === 4, 'the lead’s points reversed');
    expect(reversedLead.entries.filter((e) => e.part === 'reversal').every((e) => e.explanation.includes('份额异议') && e.explanation.includes('我的份额应为50%'))).toBe(true);
    expect(await scoreWhen(member, (s) => s.total === 0, 'the member’s points reversed')).toMatchObject({ total: 0, reversal: -8.06 });

    const again: RecordTransitionV1 = { ...first, version: 9, participants: participants([lead, 50], [member, 50]), rating: 'pass', verifiedAt: new Date().toISOString(), occurredAt: new Date().toISOString() };
    await publishTwice(RECORD_EVENTS.verified, again);
    // 8 × 2 × 1.0 = 16.00, 50/50 → 8.00 each.
    const leadAgain = await scoreWhen(lead, (s) => s.total === 8 && s.entries.length === 6, 'the lead’s new points');
    expect(leadAgain.entries.filter((e) => e.source.version === 9).map((e) => e.part).sort()).toEqual(['contribution', 'participation']);
    expect(await scoreWhen(member, (s) => s.total === 8, 'the member’s new points')).toMatchObject({ total: 8 });
    // 2 cadres × (2 originals + 2 reversals + 2 new): nothing written twice.
    expect(await ledgerOf(first.recordId)).toBe(12);

    // A late copy of the reopening or the first verification changes nothing.
    await scoring.publish(RECORD_EVENTS.reopened, reopened, { producer: 'records', eventId: randomUUID() });
    await scoring.publish(RECORD_EVENTS.verified, first, { producer: 'records', eventId: randomUUID() });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await ledgerOf(first.recordId)).toBe(12);
    expect((await scoreOf(lead)).total).toBe(8);
  });

  it('a reopening of a record scoring never saw verified is acknowledged and writes nothing', async () => {
    const unknown = verifiedRecord(lead, { version: 7, status: 'reviewed', action: 'reopen', verifiedAt: null, rating: null });
    await scoring.publish(RECORD_EVENTS.reopened, unknown, { producer: 'records' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await ledgerOf(unknown.recordId)).toBe(0);
    expect(await scoring.db.collection('score_sources').countDocuments({ _id: `record:${unknown.recordId}` as never })).toBe(0);
  });
});
