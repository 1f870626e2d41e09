/**
 * The board's keyword search and order (the tasks service in process, real NATS and FerretDB): `q` is matched
 * literally (a regular-expression metacharacter is a character), case-insensitively, in the title or the
 * description; drafts stay hidden; cards written before search get their description at start.
 */
import { RPC, type Page, type TaskSummaryView } from '@cadre/contracts';
import { errorPaths, type Component } from '@cadre/testing';
import { TaskCards } from '../../src/tasks/task-cards';
import { as, startTasks, type Steps } from './fixtures';

jest.setTimeout(120_000);

describe('the board: keyword search and sort', () => {
  let tasks: Component;
  let s: Steps;
  const ids: Record<string, string> = {};
  const board = async (query: Record<string, unknown>, who: Parameters<typeof as>[0] = 'viewer') =>
    (await tasks.request<Page<TaskSummaryView>>(RPC.tasks.list, { pageSize: 100, ...query }, as(who))).items.map((t) => t.id);

  beforeAll(async () => {
    ({ tasks, steps: s } = await startTasks());
    ids.star = (await s.open(undefined, { title: '产权 a.*(b) 攻坚', rewardPoints: 300 })).id;
    ids.plain = (await s.open(undefined, { title: '产权 aXXb 攻坚', rewardPoints: 100 })).id;
    ids.upper = (await s.open(undefined, { title: 'Smart City 数据治理', description: '城市大脑 IoT 平台', rewardPoints: 200 })).id;
    ids.draft = (await s.draft(undefined, { title: '草稿 a.*(b)' })).id;
  });
  afterAll(async () => {
    await tasks?.stop();
  });

  it('matches a regular-expression metacharacter literally: "a.*(b" finds only the title that holds it', async () => {
    expect(await board({ q: 'a.*(b' })).toEqual([ids.star]);
    expect(await board({ q: '(' })).toEqual([ids.star]);
    expect(await board({ q: '.*' })).toEqual([ids.star]);
    expect(await board({ q: '产权' })).toEqual([ids.star, ids.plain]);
  });

  it('is case-insensitive and searches the description too; a draft stays hidden from others', async () => {
    expect(await board({ q: 'smart city' })).toEqual([ids.upper]);
    expect(await board({ q: 'iot' })).toEqual([ids.upper]);
    expect(await board({ q: '草稿' })).toEqual([]);
    expect(await board({ q: '草稿' }, 'pubA')).toEqual([ids.draft]);
    expect(await board({ q: '产权', status: 'open', domain: 'legacy' })).toEqual([ids.star, ids.plain]);
  });

  it('refuses a keyword over 50 characters and an unknown sort with 400 naming each', async () => {
    const problem = await tasks.refusal(RPC.tasks.list, { q: '长'.repeat(51), sort: 'title' }, as('viewer'));
    expect(problem.status).toBe(400);
    expect(errorPaths(problem)).toEqual(['q', 'sort']);
    expect(await board({ q: '长'.repeat(50) })).toEqual([]);
  });

  it('sorts by reward, descending or ascending', async () => {
    const open = [ids.star, ids.upper, ids.plain];
    expect(await board({ status: 'open', sort: '-rewardPoints' })).toEqual(open);
    expect(await board({ status: 'open', sort: 'rewardPoints' })).toEqual([...open].reverse());
  });

  it('a card written before search gets its description at start (repair), and is found by it', async () => {
    await tasks.db.collection('task_cards').updateOne({ _id: ids.upper as never }, { $unset: { description: '' } });
    expect(await board({ q: 'iot' })).toEqual([]);
    expect(await tasks.app.get(TaskCards).repair()).toBe(1);
    expect(await board({ q: 'iot' })).toEqual([ids.upper]);
  });
});
