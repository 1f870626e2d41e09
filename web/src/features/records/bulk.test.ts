import { ApiError } from '../../api/client';
import { zhCN } from '../../i18n/zh-CN';
import { bulkRequest, failureReason, runLimited } from './bulk';
import { record } from './testing';

const t = (key: string) => (zhCN as Record<string, string>)[key] ?? key;
const problem = (status: number, extra: Record<string, unknown> = {}) => new ApiError({ type: 'about:blank', title: 'x', status, ...extra });

describe('runLimited', () => {
  it('runs at most `limit` tasks at once, every one whatever the others do, and answers in order', async () => {
    let running = 0;
    let peak = 0;
    const settled: number[] = [];
    const outcomes = await runLimited(
      [1, 2, 3, 4, 5, 6, 7],
      3,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, (8 - n) * 2));
        running--;
        if (n % 3 === 0) throw new Error(`no ${n}`);
      },
      (done) => settled.push(done),
    );
    expect(peak).toBe(3);
    expect(outcomes.map((o) => [o.item, o.ok])).toEqual([[1, true], [2, true], [3, false], [4, true], [5, true], [6, false], [7, true]]);
    expect(settled).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('answers nothing for nothing', async () => {
    expect(await runLimited([], 3, () => Promise.resolve())).toEqual([]);
  });
});

describe('failureReason', () => {
  const unsettled = record({ participants: [{ userId: 'a', name: '甲', role: 'lead', share: 50, confirmation: 'confirmed', comment: '' }, { userId: 'b', name: '乙', role: 'member', share: 50, confirmation: 'pending', comment: '' }] });
  it('names unconfirmed shares for a 409 on approval, a moved state otherwise, and explains other statuses in Chinese', () => {
    expect(failureReason(problem(409), unsettled, 'approve', t)).toBe('份额未确认：参与人尚未全部确认份额');
    expect(failureReason(problem(409), unsettled, 'return', t)).toBe('状态已变化（可能已被他人处理），请刷新后查看');
    expect(failureReason(problem(409), record(), 'confirm', t)).toBe('状态已变化（可能已被他人处理），请刷新后查看');
    expect(failureReason(problem(404), record(), 'approve', t)).toBe('要找的内容不存在或已被删除。');
    expect(failureReason(problem(400, { errors: [{ path: 'comment', message: 'x' }] }), record(), 'return', t)).toBe('提交的内容有误，请按提示修改。（comment）');
    expect(failureReason(new TypeError('Failed to fetch'), record(), 'approve', t)).toBe('系统出错了，请联系管理员并提供追踪编号。');
  });
});

describe('bulkRequest', () => {
  it('builds each record’s own request; a verification without a chosen level keeps the record’s claimed one', () => {
    const one = record({ id: 'r7', impactLevel: 'province' });
    expect(bulkRequest('review', one, { decision: 'approve', comment: ' 好 ' })).toEqual({ path: '/records/r7/review', body: { decision: 'approve', comment: '好' } });
    expect(bulkRequest('assess', one, { decision: 'confirm', comment: '', rating: 'good' })).toEqual({
      path: '/records/r7/assess',
      body: { decision: 'confirm', rating: 'good', impactLevel: 'province', comment: '' },
    });
    expect(bulkRequest('assess', one, { decision: 'confirm', comment: '', rating: 'good', impactLevel: 'city' }).body).toMatchObject({ impactLevel: 'city' });
    expect(bulkRequest('assess', one, { decision: 'return', comment: '补充', rating: 'good' }).body).toEqual({ decision: 'return', comment: '补充' });
  });
});
