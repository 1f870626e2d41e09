/**
 * The tasks service in this process (startComponent: its own NATS, database and Redis queue prefix, which is
 * derived from the database name as in the whole-system tests) with a directory seeded for it:
 *
 * city ─┬─ district A ── bureau A1   (pubA in district A; cadres A1, A2 in bureau A1)
 *       ├─ district B                (pubB, cadres B1, B2, evaluator B)
 *       └─ district C                (evaluators C1, C2, the viewer)
 * plus a publisher and an evaluator at the city (the evaluator is conflicted with every team).
 */
import { Readable } from 'node:stream';
import { RPC, type BidView, type Caller, type EventEnvelope, type FilePurpose, type TaskView, type TeamView } from '@cadre/contracts';
import type { FileStore } from '@cadre/files';
import { callerOf, department, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { TASK_FILE_STORE } from '../../src/files/task-files';

export const DAY = 86_400_000;
export const inDays = (days: number) => new Date(Date.now() + days * DAY);
export const MILESTONES = [
  { name: '调研摸底', dueDate: inDays(30).toISOString().slice(0, 10) },
  { name: '方案落地', dueDate: inDays(60).toISOString().slice(0, 10) },
];
export const scores = (feasibility: number, innovation: number, capability: number, benefit: number) => ({ feasibility, innovation, capability, benefit });

const city = department('海口市');
const districtA = department('甲区', city);
const bureauA1 = department('甲区商务局', districtA);
const districtB = department('乙区', city);
const districtC = department('丙区', city);
export const departments = { city, districtA, bureauA1, districtB, districtC };

export const people = {
  pubA: user('甲区发榜员', districtA, ['publisher']),
  pubB: user('乙区发榜员', districtB, ['publisher']),
  pubCity: user('市级发榜员', city, ['publisher']),
  cadreA1: user('干部甲一', bureauA1, ['cadre']),
  cadreA2: user('干部甲二', bureauA1, ['cadre']),
  cadreB1: user('干部乙一', districtB, ['cadre']),
  cadreB2: user('干部乙二', districtB, ['cadre']),
  viewer: user('围观干部', districtC, ['cadre']),
  evalC1: user('评审专家丙一', districtC, ['evaluator']),
  evalC2: user('评审专家丙二', districtC, ['evaluator']),
  evalB: user('评审专家乙区', districtB, ['evaluator']),
  evalCity: user('评审专家市级', city, ['evaluator']),
} satisfies Record<string, UserSeed>;
export type Person = keyof typeof people;

export const as = (who: Person): Caller => callerOf(people[who]);

/** Starts the service with the directory above; `steps` drive it as the gateway would. */
export async function startTasks(env: Record<string, string> = {}) {
  const tasks = await startComponent({
    service: 'tasks',
    module: (logger) => import('../../src/app.module').then((m) => m.AppModule.register(logger)),
    env: { DEADLINE_SWEEP_MS: '1000', ...env },
  });
  await tasks.seedDirectory({ departments: Object.values(departments), users: Object.values(people) });
  const batch = await tasks.request(RPC.tasks.batchCreate, { name: '第一批重点专项', description: '' }, as('pubA'));
  return { tasks, steps: steps(tasks, batch.id) };
}

export type Steps = ReturnType<typeof steps>;

function steps(tasks: Component, batchId: string) {
  let counter = 0;
  const taskBody = (evaluators: Person[], fields: Record<string, unknown> = {}) => ({
    batchId,
    title: `化解历史遗留产权问题 ${++counter}`,
    description: '老城区遗留的产权登记问题。',
    domain: 'legacy',
    flags: ['hard'],
    goals: '一年内化解 80%。',
    expectedResults: '可复制的化解机制。',
    milestones: MILESTONES,
    biddingDeadline: inDays(7).toISOString(),
    deliveryDeadline: inDays(120).toISOString(),
    rewardPoints: 100,
    evaluatorIds: evaluators.map((key) => people[key].id),
    allowRace: false,
    ...fields,
  });
  const bidBody = (teamId: string, fields: Record<string, unknown> = {}) => ({
    teamId,
    plan: '摸底、分类施策、总结推广。',
    expectedResults: '化解 80% 以上。',
    milestones: MILESTONES,
    commitment: '不获全胜，决不收兵。',
    ...fields,
  });
  const draft = (evaluators: Person[] = ['evalC1', 'evalC2'], fields: Record<string, unknown> = {}, who: Person = 'pubA'): Promise<TaskView> =>
    tasks.request(RPC.tasks.create, taskBody(evaluators, fields), as(who));
  const publish = (id: string, who: Person = 'pubA'): Promise<TaskView> => tasks.request(RPC.tasks.publish, { id }, as(who));
  const open = async (evaluators: Person[] = ['evalC1', 'evalC2'], fields: Record<string, unknown> = {}) => publish((await draft(evaluators, fields)).id);
  const closeBidding = (id: string, who: Person = 'pubA'): Promise<TaskView> => tasks.request(RPC.tasks.closeBidding, { id }, as(who));

  /** A team led by `lead` whose other members have all accepted. */
  async function team(lead: Person, others: [Person, number][] = []): Promise<TeamView> {
    const leadShare = 100 - others.reduce((sum, [, share]) => sum + share, 0);
    const members = [{ userId: people[lead].id, role: 'lead', share: leadShare }, ...others.map(([key, share]) => ({ userId: people[key].id, role: 'member', share }))];
    let formed: TeamView = await tasks.request(RPC.tasks.teamCreate, { name: `攻坚队 ${++counter}`, members }, as(lead));
    for (const [key] of others) formed = await tasks.request(RPC.tasks.teamAccept, { id: formed.id }, as(key));
    return formed;
  }
  const bid = (lead: Person, taskId: string, teamId: string, fields: Record<string, unknown> = {}): Promise<BidView> =>
    tasks.request(RPC.tasks.bidCreate, { id: taskId, ...bidBody(teamId, fields) }, as(lead));
  const evaluate = (who: Person, bidId: string, given = scores(25, 15, 25, 15)): Promise<BidView> => tasks.request(RPC.tasks.evaluate, { id: bidId, scores: given, comment: '' }, as(who));
  const award = (taskId: string, bidIds: string[], who: Person = 'pubA'): Promise<TaskView> => tasks.request(RPC.tasks.award, { id: taskId, bidIds }, as(who));
  /** What the gateway does for `POST /files?purpose=…`: streams a small PDF into the tasks service's bucket. */
  const upload = async (who: Person, purpose: FilePurpose, name = '总结.pdf') =>
    tasks.app
      .get<FileStore>(TASK_FILE_STORE)
      .upload(Readable.from([Buffer.from(`%PDF-1.7\n${name}\n`)]), { name, purpose, uploader: { userId: people[who].id, name: people[who].name }, maxBytes: 20 * 1024 * 1024 });
  const results = async (lead: Person, taskId: string): Promise<TaskView> =>
    tasks.request(RPC.tasks.results, { id: taskId, summary: '已完成全部目标。', deliverables: [{ fileId: (await upload(lead, 'result')).fileId }] }, as(lead));
  const review = (who: Person, taskId: string, verdict = 'pass'): Promise<TaskView> => tasks.request(RPC.tasks.review, { id: taskId, verdict, comment: '' }, as(who));
  const conclude = (taskId: string, who: Person = 'pubA'): Promise<TaskView> => tasks.request(RPC.tasks.conclude, { id: taskId }, as(who));
  const get = (id: string, who: Person = 'viewer'): Promise<TaskView> => tasks.request(RPC.tasks.get, { id }, as(who));

  /** A task in 评标 with one bid of a formed team. */
  async function evaluating(lead: Person = 'cadreA1', others: [Person, number][] = [], evaluators: Person[] = ['evalC1', 'evalC2']) {
    const task = await open(evaluators);
    const formed = await team(lead, others);
    const theBid = await bid(lead, task.id, formed.id);
    await closeBidding(task.id);
    return { task, team: formed, bid: theBid };
  }

  /** The events of `subject` that `match`, once `count` of them are on the stream. */
  async function events(subject: string, match: (data: any) => boolean, count = 1): Promise<EventEnvelope<any>[]> {
    return waitUntil(
      async () => {
        const found = (await tasks.published(subject)).filter((e) => match(e.data));
        return found.length >= count ? found : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: `${count} × ${subject}` },
    );
  }

  return { taskBody, bidBody, draft, publish, open, closeBidding, team, bid, evaluate, award, upload, results, review, conclude, get, evaluating, events };
}
