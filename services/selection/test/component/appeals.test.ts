/**
 * Appeals (申诉) in process: the selection service against a private NATS with JetStream and its own FerretDB
 * database, requests as the gateway sends them (the subject snapshot the gateway read from its owner).
 * city → bureauA (cadres), bureauB.
 */
import { RPC, appealPageSchema, appealViewSchema, type AppealSubjectSnapshot, type AppealView, type Page, type Problem, type SelectionAppealV1 } from '@cadre/contracts';
import { callerOf, department, sleep, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';

jest.setTimeout(180_000);

const selectionModule = (logger: import('pino').Logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger));

const city = department('海口市');
const bureauA = department('龙华区发改局', city);
const bureauB = department('龙华区财政局', city);
const cadre1 = user('王海军', bureauA, ['cadre']);
const cadre2 = user('李红梅', bureauA, ['cadre']);
const cadre3 = user('周文斌', bureauB, ['cadre']);
/** A cadre who is also an assessor: never decides their own appeal. */
const assessorCadre = user('郑兼职', bureauB, ['cadre', 'assessor']);
const reviewer = user('冯审核', bureauA, ['reviewer']);
const assessor = user('陈研判', city, ['assessor']);
const assessor2 = user('林研判', city, ['assessor']);
const admin = user('管理员', city, ['admin']);

const DAY = 86_400_000;
let serial = 0;

/** The subject as the gateway reads it for `who` (a returned record by default, decided `daysAgo` days ago). */
function subject(who: UserSeed, fields: Partial<AppealSubjectSnapshot> & { daysAgo?: number } = {}): AppealSubjectSnapshot {
  const { daysAgo = 2, ...rest } = fields;
  const id = rest.id ?? `rec-${++serial}`;
  return {
    type: 'record',
    id,
    title: `招商引资纪实${serial}`,
    decision: '退回：材料不全',
    decidedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
    link: `/records/${id}`,
    state: 'returned',
    entitled: true,
    departmentId: who.department.id,
    departmentPath: who.department.path,
    ...rest,
  };
}

describe('appeals in process: filing, the window, one pending per subject, listing, deciding', () => {
  let svc: Component;
  const as = (who: UserSeed) => callerOf(who);
  const payloadOf = (s: AppealSubjectSnapshot, reason = '补充材料已齐全，请重新审核') => ({ body: { subjectType: s.type, subjectId: s.id, reason }, subject: s });
  const file = (who: UserSeed, s: AppealSubjectSnapshot, reason?: string) => svc.request<AppealView>(RPC.selection.appealFile, payloadOf(s, reason), as(who));
  const fileRefusal = (who: UserSeed, payload: unknown) => svc.refusal(RPC.selection.appealFile, payload, as(who));
  const decide = (who: UserSeed, appealId: string, body: unknown) => svc.request<AppealView>(RPC.selection.appealDecide, { appealId, body }, as(who));
  const decideRefusal = (who: UserSeed, appealId: string, body: unknown) => svc.refusal(RPC.selection.appealDecide, { appealId, body }, as(who));
  const list = (who: UserSeed, query: Record<string, unknown> = {}) => svc.request<Page<AppealView>>(RPC.selection.appealList, query, as(who));
  const paths = (p: Problem) => (p.errors ?? []).map((e) => e.path).sort();
  /** The appeal's events once `count` are out (the relay publishes just after the write), and a moment more for any extra. */
  const appealEvents = async (appealId: string, count: number) => {
    const read = async () => (await svc.published<SelectionAppealV1>('selection.appeal.>')).filter((e) => e.data.appealId === appealId);
    await waitUntil(async () => (await read()).length >= count, { what: `${count} events of appeal ${appealId}` });
    await sleep(200);
    return read();
  };

  beforeAll(async () => {
    svc = await startComponent({ service: 'selection', module: selectionModule, env: { APPEAL_WINDOW_DAYS: '15' } });
    await svc.seedDirectory({ departments: [city, bureauA, bureauB], users: [cadre1, cadre2, cadre3, assessorCadre, reviewer, assessor, assessor2, admin] });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('files an appeal: 待处理, the deadline 15 days after the decision, the first step in Chinese, selection.appeal.filed once', async () => {
    const s = subject(cadre1, { title: '引进500强企业项目' });
    const appeal = appealViewSchema.parse(await file(cadre1, s));
    expect(appeal).toMatchObject({
      status: 'pending',
      statusLabel: '待处理',
      reason: '补充材料已齐全，请重新审核',
      answer: null,
      decidedBy: null,
      decidedAt: null,
      version: 1,
      appellant: { id: cadre1.id, name: '王海军', departmentName: '龙华区发改局' },
      subject: { type: 'record', typeLabel: '纪实', id: s.id, title: '引进500强企业项目', decision: '退回：材料不全', link: s.link },
    });
    expect(Date.parse(appeal.deadline)).toBe(Date.parse(s.decidedAt) + 15 * DAY);
    expect(appeal.history).toEqual([{ at: appeal.filedAt, action: 'file', actionLabel: '提出申诉', by: { id: cadre1.id, name: '王海军' }, detail: '对纪实《引进500强企业项目》的决定（退回：材料不全）提出申诉：补充材料已齐全，请重新审核' }]);
    const events = await appealEvents(appeal.id, 1);
    expect(events.map((e) => e.type)).toEqual(['selection.appeal.filed']);
    expect(events[0]!.data).toMatchObject({ subjectType: 'record', subjectId: s.id, subjectTitle: '引进500强企业项目', appellantId: cadre1.id, departmentId: bureauA.id, departmentPath: bureauA.path, status: 'pending', answer: null, decidedBy: null, subjectState: 'returned', version: 1 });
    expect(events[0]!.producer).toBe('selection');
  });

  it('400 names every offending field; 403 for what is not the caller’s; 409 for a record in another state and past the window (naming the deadline)', async () => {
    const s = subject(cadre1);
    const bad = await fileRefusal(cadre1, { body: { subjectType: 'memo', subjectId: '', reason: '短', extra: 1 }, subject: s });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['extra', 'reason', 'subjectId', 'subjectType']);
    expect(paths(await fileRefusal(cadre1, { body: { subjectType: 'record', subjectId: 'other-record', reason: '理由足够长了' }, subject: s }))).toEqual(['subjectId']);
    expect(paths(await fileRefusal(cadre1, { body: { subjectType: 'record', subjectId: s.id, reason: '理由足够长了' } }))).toEqual(['subject']);

    const notMine = await fileRefusal(cadre2, payloadOf(subject(cadre2, { entitled: false })));
    expect(notMine.status).toBe(403);
    const verified = await fileRefusal(cadre1, payloadOf(subject(cadre1, { state: 'verified', decision: '已认定' })));
    expect(verified.status).toBe(409);
    const late = subject(cadre1, { daysAgo: 16 });
    const tooLate = await fileRefusal(cadre1, payloadOf(late));
    expect(tooLate.status).toBe(409);
    expect(tooLate.detail).toMatch(/截止 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // A verdict and a points entry within the window are appealable.
    expect((await file(cadre1, subject(cadre1, { type: 'verdict', state: 'verdict', id: 'task-1', decision: '评审结果 合格' }))).subject.typeLabel).toBe('任务评审结果');
    expect((await file(cadre1, subject(cadre1, { type: 'score_entry', state: 'entry', id: 'entry:1', decision: '积分 +12.50' }))).subject.typeLabel).toBe('积分');
  });

  it('one pending appeal per subject and person: two at once → one 201, one 409; another person may appeal the same subject; decided → may appeal again', async () => {
    const s = subject(cadre2);
    const results = await Promise.allSettled([file(cadre2, s), file(cadre2, s)]);
    const won = results.filter((r): r is PromiseFulfilledResult<AppealView> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as Problem).status)).toEqual([409]);
    expect((await fileRefusal(cadre2, payloadOf(s))).status).toBe(409);
    expect((await appealEvents(won[0]!.value.id, 1)).map((e) => e.type)).toEqual(['selection.appeal.filed']);
    expect((await svc.published<SelectionAppealV1>('selection.appeal.filed')).filter((e) => e.data.subjectId === s.id && e.data.appellantId === cadre2.id)).toHaveLength(1);

    // The same subject by someone else (a team's verdict concerns every member) is another key.
    const verdict = subject(cadre2, { type: 'verdict', state: 'verdict', id: 'task-shared' });
    await file(cadre2, verdict);
    await file(cadre3, { ...verdict, departmentId: bureauB.id, departmentPath: bureauB.path });

    await decide(assessor, won[0]!.value.id, { outcome: 'dismissed', answer: '材料仍不完整，维持退回' });
    const again = await file(cadre2, s, '已按要求补充全部材料');
    expect(again.status).toBe('pending');
  });

  it('a key left by a failed filing does not block the next one; another process’s filing in progress does (409) until its grace ends', async () => {
    const keys = svc.db.collection<{ _id: string; appealId: string; claimedAt: Date; claimedBy: string }>('appeal_keys');
    const orphan = subject(cadre3);
    await keys.insertOne({ _id: `${cadre3.id}:record:${orphan.id}`, appealId: 'never-written', claimedAt: new Date(Date.now() - 120_000), claimedBy: 'another-process' });
    expect((await file(cadre3, orphan)).status).toBe('pending');

    const inFlight = subject(cadre3);
    await keys.insertOne({ _id: `${cadre3.id}:record:${inFlight.id}`, appealId: 'being-written', claimedAt: new Date(), claimedBy: 'another-process' });
    const refused = await fileRefusal(cadre3, payloadOf(inFlight));
    expect(refused.status).toBe(409);
    expect(refused.detail).toMatch(/正在提交/);
  });

  it('reads: the appellant, assessors and admins (404 for anyone else); lists: everything for the organisation department, one’s own for others; status filter, newest first, pages', async () => {
    const mine = await file(cadre1, subject(cadre1));
    for (const who of [cadre1, assessor, admin]) expect(appealViewSchema.parse(await svc.request(RPC.selection.appealGet, { appealId: mine.id }, as(who))).id).toBe(mine.id);
    for (const who of [cadre2, reviewer]) expect((await svc.refusal(RPC.selection.appealGet, { appealId: mine.id }, as(who))).status).toBe(404);
    expect((await svc.refusal(RPC.selection.appealGet, { appealId: 'no-such-appeal' }, as(assessor))).status).toBe(404);
    expect((await svc.refusal(RPC.selection.appealGet, { appealId: '../x' }, as(assessor))).status).toBe(404);

    const all = appealPageSchema.parse(await list(assessor, { pageSize: 100 }));
    const owners = new Set(all.items.map((a) => a.appellant.id));
    expect([cadre1.id, cadre2.id, cadre3.id].every((id) => owners.has(id))).toBe(true);
    expect(all.total).toBe(all.items.length);
    expect(all.items[0]!.id).toBe(mine.id);
    const times = all.items.map((a) => Date.parse(a.filedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await list(admin, { pageSize: 100 })).total).toBe(all.total);

    const own = await list(cadre1, { pageSize: 100 });
    expect(own.items.every((a) => a.appellant.id === cadre1.id)).toBe(true);
    expect(own.total).toBe(all.items.filter((a) => a.appellant.id === cadre1.id).length);
    expect((await list(reviewer)).total).toBe(0);
    expect((await list(assessor, { mine: 'true' })).total).toBe(0);

    const dismissed = await list(assessor, { status: 'dismissed' });
    expect(dismissed.items.map((a) => a.statusLabel)).toEqual(['驳回']);
    const page2 = await list(assessor, { page: 2, pageSize: 2 });
    expect(page2).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(page2.items.map((a) => a.id)).toEqual(all.items.slice(2, 4).map((a) => a.id));
    expect(paths(await svc.refusal(RPC.selection.appealList, { status: 'open', pageSize: 1000 }, as(assessor)))).toEqual(['pageSize', 'status']);
  });

  it('decides: an assessor, not an admin without the role, not the appellant; two at once → one wins, the other 409; the history keeps both steps; selection.appeal.decided once', async () => {
    const own = await file(assessorCadre, subject(assessorCadre));
    expect((await decideRefusal(assessorCadre, own.id, { outcome: 'upheld', answer: '自己处理自己' })).status).toBe(403);
    expect((await decideRefusal(admin, own.id, { outcome: 'upheld', answer: '管理员处理' })).status).toBe(403);
    expect((await decideRefusal(reviewer, own.id, { outcome: 'upheld', answer: '审核人处理' })).status).toBe(403);
    expect(paths(await decideRefusal(assessor, own.id, { outcome: 'maybe', answer: '', extra: true }))).toEqual(['answer', 'extra', 'outcome']);
    expect((await decideRefusal(assessor, 'no-such-appeal', { outcome: 'upheld', answer: '成立' })).status).toBe(404);

    const results = await Promise.allSettled([
      decide(assessor, own.id, { outcome: 'upheld', answer: '材料齐全，重新审核' }),
      decide(assessor2, own.id, { outcome: 'dismissed', answer: '理由不成立' }),
    ]);
    const won = results.filter((r): r is PromiseFulfilledResult<AppealView> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as Problem).status)).toEqual([409]);
    const decided = appealViewSchema.parse(won[0]!.value);
    expect(decided.version).toBe(2);
    expect(decided.history.map((h) => [h.action, h.actionLabel])).toEqual([
      ['file', '提出申诉'],
      ['decide', '处理申诉'],
    ]);
    expect(decided.history[1]!.detail).toBe(decided.status === 'upheld' ? '申诉成立：材料齐全，重新审核' : '驳回：理由不成立');
    expect(decided.decidedBy?.id).toBe(decided.status === 'upheld' ? assessor.id : assessor2.id);
    expect((await decideRefusal(assessor, own.id, { outcome: 'upheld', answer: '再次处理' })).status).toBe(409);

    const read = await svc.request<AppealView>(RPC.selection.appealGet, { appealId: own.id }, as(assessorCadre));
    expect(read).toEqual(decided);
    const events = await appealEvents(own.id, 2);
    expect(events.map((e) => e.type)).toEqual(['selection.appeal.filed', 'selection.appeal.decided']);
    expect(events[1]!.data).toMatchObject({ status: decided.status, answer: decided.answer, decidedBy: decided.decidedBy!.id, version: 2, subjectState: 'returned' });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
  });
});
