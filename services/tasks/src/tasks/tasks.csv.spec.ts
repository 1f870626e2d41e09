import type { TaskSummaryView } from '@cadre/contracts';
import { taskCsvNames, tasksCsv, type TaskCsvNames } from './tasks.csv';

const D1 = '5b0b7a4e-0e3f-4a59-9e47-0d7d5f3f0a01';
const B1 = '9a9a9a9a-0e3f-4a59-9e47-0d7d5f3f0a02';
const T1 = '7c7c7c7c-8d8e-4f5e-9a0b-3c3c3c3c3c3c';

const task = (fields: Partial<TaskSummaryView> = {}): TaskSummaryView => ({
  id: T1,
  version: 9,
  status: 'concluded',
  batchId: B1,
  title: '历史遗留问题化解',
  domain: 'legacy',
  flags: ['urgent', 'hard'],
  rewardPoints: 100,
  allowRace: true,
  departmentId: D1,
  biddingDeadline: '2026-03-31T16:00:00.000Z',
  deliveryDeadline: '2026-09-30T09:30:00.000Z',
  bidCount: 2,
  verdict: 'tolerated',
  createdAt: '2026-03-01T01:02:03.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
  ...fields,
});

const names: TaskCsvNames = { department: (id) => (id === D1 ? '龙华区发改局' : undefined), batch: (id) => (id === B1 ? '2026年第一批' : undefined) };
const parse = (csv: string) => csv.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean);
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('tasks CSV', () => {
  it('is written for people: labels, names and Beijing time; the id only in the last column (编号)', () => {
    const lines = parse(tasksCsv([task()], names));
    expect(lines[0]).toBe('任务,批次,发榜单位,领域,急难险重,状态,奖励积分,赛马,揭榜截止,交付期限,揭榜团队数,评审结论,创建时间,编号');
    expect(lines[1]).toBe(`历史遗留问题化解,2026年第一批,龙华区发改局,历史遗留问题化解,急难,已办结,100,是,2026-04-01 00:00,2026-09-30 17:30,2,容错,2026-03-01 09:02,${T1}`);
    expect(lines[1]).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(lines[1]!.replace(/,[^,]*$/, '')).not.toMatch(uuid);
  });

  it('every status and domain in Chinese; no verdict before the conclusion', () => {
    const lines = parse(tasksCsv([task({ status: 'open', domain: 'ftp', verdict: null, flags: [] }), task({ status: 'in_progress', domain: 'industry', verdict: null })], names));
    expect(lines[1]).toContain(',自贸港建设,,揭榜中,');
    expect(lines[1]).toMatch(/,2,,2026-03-01 09:02,/);
    expect(lines[2]).toContain(',产业发展,急难,攻坚中,');
  });

  it('without names: empty rather than an id', () => {
    const lines = parse(tasksCsv([task()]));
    expect(lines[1]!.replace(/,[^,]*$/, '')).not.toMatch(uuid);
    expect(lines[1]).toMatch(/^历史遗留问题化解,,,/);
  });

  it('taskCsvNames looks each department up once and the batches in one read', async () => {
    const looked: string[] = [];
    const asked: string[][] = [];
    const found = await taskCsvNames([task(), task({ id: 'x' })], {
      department: async (id) => (looked.push(id), { name: '龙华区发改局' }),
      batches: async (ids) => (asked.push(ids), [{ _id: B1, name: '2026年第一批' }]),
    });
    expect(looked).toEqual([D1]);
    expect(asked).toEqual([[B1]]);
    expect([found.department(D1), found.batch(B1), found.batch('other')]).toEqual(['龙华区发改局', '2026年第一批', undefined]);
  });
});
