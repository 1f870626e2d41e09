import { DEFAULT_SCORING_STANDARD as standard, type RecordTransitionV1, type TaskConcludedV1 } from '@cadre/contracts';
import { recordEntries, reversalEntries, taskEntries } from './entries';
import { explain, explainBasis, explainShare, itemLabel, type RecordBasis, type TaskBasis } from './explanation';

/** Every ASCII letter of a sentence: explanations are Chinese, with numbers, ×, %, → (and the titles people typed). */
const asciiLetters = (text: string) => text.match(/[A-Za-z]+/g) ?? [];

const record: RecordBasis = {
  kind: 'record',
  title: '引进500强企业',
  itemCode: 'INVEST-03',
  firstLevelCode: 'INVEST',
  impactLevel: 'city',
  impactMultiplier: 1.5,
  rating: 'excellent',
  ratingMultiplier: 1.2,
  base: 10,
  hundredths: 1800,
};

const task: TaskBasis = {
  kind: 'task',
  title: '化解历史遗留问题',
  rewardPoints: 100,
  flags: ['urgent', 'hard', 'risky', 'heavy'],
  flagMultiplier: 1.5,
  teamName: '攻坚队',
  verdict: 'excellent',
  verdictMultiplier: 1.2,
  hundredths: 18000,
};

describe('explanations', () => {
  it('name a record by its title, its item by name, the level and rating in Chinese, with the multipliers', () => {
    expect(explainBasis(record)).toBe('纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×1.5，评定 优秀 ×1.2 = 18.00（基础 10）');
  });

  it('name a task by its title, its 急难险重 flags, the team judged on its own and the verdict in Chinese', () => {
    expect(explainBasis(task)).toBe('任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：急、难、险、重），攻坚队 评审 优秀 ×1.2 = 180.00');
    expect(explainBasis({ ...task, flags: [], flagMultiplier: null, teamName: null, verdict: 'tolerated', verdictMultiplier: 0.6, hundredths: 6000 })).toBe(
      '任务《化解历史遗留问题》：奖励 100，评审 容错 ×0.6 = 60.00',
    );
  });

  it('say which part an entry is', () => {
    expect(explainShare({ part: 'participation', fraction: 0.2, among: 1 }, 360)).toBe('参与度 20% 独得 → 3.60');
    expect(explainShare({ part: 'participation', fraction: 0.2, among: 3 }, 120)).toBe('参与度 20% 由 3 人均分 → 1.20');
    expect(explainShare({ part: 'contribution', fraction: 0.5, share: 40 }, 360)).toBe('贡献度 50% 按分工 40% → 3.60');
    expect(explainShare({ part: 'bonus', fraction: 0.1 }, 1800)).toBe('牵头人加分 10% → 18.00');
  });

  it('say what a reversal takes back and why, quoting the original computation', () => {
    const facts = { basis: record, share: { part: 'participation' as const, fraction: 0.2, among: 1 }, hundredths: 360 };
    expect(explain({ ...facts, reversal: { kind: 'revoked', reason: ' 佐证材料不实 ' } })).toBe(
      '撤销（佐证材料不实）：冲减参与度 3.60；原计分：纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×1.5，评定 优秀 ×1.2 = 18.00（基础 10）；参与度 20% 独得 → 3.60',
    );
    expect(explain({ ...facts, reversal: { kind: 'reopened', reason: '' } })).toMatch(/^份额异议，待重新认定：冲减参与度 3\.60；原计分：纪实《/);
  });

  it('name an item the default taxonomy lacks by its first level, or by its code when neither is known', () => {
    expect(itemLabel('INVEST-99', 'INVEST')).toBe('招商引资');
    expect(itemLabel('NEW-01', 'NEW')).toBe('NEW-01');
    expect(explainBasis({ ...record, title: '  ' })).toMatch(/^纪实：招商引资/);
  });

  it('hold no English words for any entry a record, a task or a revocation yields', () => {
    const verified = {
      recordId: 'r1', version: 4, status: 'verified', fromStatus: 'reviewed', action: 'assess:confirm', actorId: 'a', comment: '',
      cadreId: 'u1', departmentId: 'd1', departmentPath: ['d1'], itemCode: 'PARTY-02', firstLevelCode: 'PARTY', taxonomyVersion: 1,
      title: '党支部标准化建设', periodStart: '2026-01-01', periodEnd: '2026-03-31', claimedImpactLevel: 'district', confirmedImpactLevel: 'province',
      rating: 'pass', participants: [{ userId: 'u1', role: 'lead', share: 70 }, { userId: 'u2', role: 'member', share: 30 }],
      createdAt: '2026-03-30T02:00:00.000Z', submittedAt: '2026-04-01T02:00:00.000Z', verifiedAt: '2026-04-10T02:00:00.000Z', occurredAt: '2026-04-10T02:00:00.000Z',
    } as RecordTransitionV1;
    const concluded = {
      taskId: 't1', version: 9, status: 'concluded', title: '园区招商攻坚', flags: ['urgent', 'heavy'], rewardPoints: 80, verdict: 'pass', concludedAt: '2026-11-20T08:00:00.000Z',
      teams: [
        { teamId: 'a', teamName: '甲队', leadId: 'l', verdict: 'excellent', members: [{ userId: 'l', role: 'lead', share: 60 }, { userId: 'm', role: 'member', share: 40 }] },
        { teamId: 'b', teamName: '乙队', leadId: 'x', verdict: 'fail', members: [{ userId: 'x', role: 'lead', share: 100 }] },
      ],
    } as unknown as TaskConcludedV1;
    const records = recordEntries(standard, 1, verified);
    const all = [...records, ...reversalEntries(records, { version: 5, occurredAt: '2026-05-01T00:00:00.000Z', comment: '重复填报' }), ...taskEntries(standard, 1, concluded)];
    expect(all.length).toBe(4 + 4 + 5 + 3);
    for (const entry of all) {
      expect({ text: entry.explanation, letters: asciiLetters(entry.explanation) }).toEqual({ text: entry.explanation, letters: [] });
      expect(entry.explanation).toBe(explain(entry.facts));
    }
  });
});
