import { zhCN } from '../../i18n/zh-CN';
import type { MessageKey } from '../../i18n/i18n';
import {
  changeText,
  currentYear,
  departmentTree,
  explainEntry,
  exportName,
  isOlderExplanation,
  formatMinutes,
  formatPoints,
  insightsAccess,
  labelOf,
  mayOpenCadre,
  parseExplanation,
  periodLabel,
  rankingScope,
  scorePeriodOptions,
  sourcePath,
  yearOptions,
} from './format';

const t = (key: MessageKey, values?: Record<string, string | number>) => {
  const text: string = zhCN[key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
};

const entry = (explanation: string, part: 'participation' | 'contribution' | 'bonus' | 'reversal', points: number, counted = points) => ({ explanation, part, points, counted: Math.round(counted * 100), standardVersion: 2 });

describe('periods', () => {
  it('takes the current year at UTC+8', () => {
    expect(currentYear(new Date('2026-12-31T17:00:00Z'))).toBe('2027');
    expect(currentYear(new Date('2026-12-31T15:00:00Z'))).toBe('2026');
  });
  it('offers the recent years, and rolling3 for scores', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(yearOptions(now, 3)).toEqual(['2026', '2025', '2024']);
    expect(scorePeriodOptions(now, 2)).toEqual(['2026', '2025', 'rolling3']);
    expect(periodLabel(t, 'rolling3')).toBe('近三年（滚动）');
    expect(periodLabel(t, '2025')).toBe('2025 年');
  });
  it('names an export in words: the list, then what was chosen (never an id)', () => {
    expect(exportName('积分排名', { period: '2026' })).toBe('积分排名-2026');
    expect(exportName('积分排名', { period: 'rolling3', rankLevel: 'section' })).toBe('积分排名-近三年-科级');
    expect(exportName('统计分析', { extra: '概览', period: '2026', departmentName: '龙华区' })).toBe('统计分析-概览-2026-龙华区');
    expect(exportName('干部遴选', { period: '2025', departmentName: undefined, rankLevel: undefined })).toBe('干部遴选-2025');
  });
});

describe('explainEntry', () => {
  it('explains a record contribution: base × impact × rating, share and points', () => {
    const lines = explainEntry(t, entry('INVEST-03 city ×2, rated 良好 ×1.2 = 19.20 (base 8); 贡献度 80% by 50% share → 7.68', 'contribution', 7.68));
    expect(lines[0]).toBe('基础分 8 × 影响层级「市级」×2 × 研判等级「良好」×1.2 = 19.20 分');
    expect(lines[1]).toBe('其中 80% 作为贡献度，按您 50% 的贡献份额分配 → 7.68 分');
    expect(lines.at(-1)).toBe('按评分标准第 2 版计算');
  });
  it('explains participation, sole and shared', () => {
    expect(explainEntry(t, entry('PARTY-01 unit ×1, rated 合格 ×1 = 5.00 (base 5); 参与度 20% sole participant → 1.00', 'participation', 1))[1]).toBe('其中 20% 作为参与度，您是唯一参与人，全部计入 → 1.00 分');
    expect(explainEntry(t, entry('PARTY-01 unit ×1, rated 合格 ×1 = 5.00 (base 5); 参与度 20% split equally among 4 → 0.25', 'participation', 0.25))[1]).toBe('其中 20% 作为参与度，由 4 名参与人平均分配 → 0.25 分');
  });
  it('explains a task lead bonus with the flag multiplier', () => {
    const lines = explainEntry(t, entry('任务 reward 100 ×1.5 (难), verdict 合格 pass ×1 = 150.00; 牵头人 lead bonus 10% → 15.00', 'bonus', 15));
    expect(lines[0]).toBe('任务基础奖励 100 ×1.5（难任务加成） × 评审结论「合格」×1 = 150.00 分');
    expect(lines[1]).toBe('作为牵头人另得任务积分的 10% 奖励 → 15.00 分');
  });
  it('explains a reversal with its reason and the original calculation', () => {
    const lines = explainEntry(t, entry('撤销 revoked: 材料不实; reverses contribution 7.68 (INVEST-03 city ×2, rated 良好 ×1.2 = 19.20 (base 8); 贡献度 80% by 50% share → 7.68)', 'reversal', -7.68));
    expect(lines[0]).toBe('该纪实已被撤销，冲减此前计入的贡献度 7.68 分');
    expect(lines[1]).toBe('撤销原因：材料不实');
    expect(lines[2]).toContain('原计分：基础分 8');
  });
  it('says when the yearly cap cut an entry', () => {
    const lines = explainEntry(t, entry('INVEST-03 city ×2, rated 良好 ×1.2 = 19.20 (base 8); 贡献度 80% by 100% share → 15.36', 'contribution', 15.36, 4));
    expect(lines).toContain('受单项年度上限影响，本条实际计入 4.00 分（原为 15.36 分）');
  });
  it('shows the service’s Chinese sentence as it is, and falls back to part and points without one', () => {
    const text = '纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；贡献度 80% 按分工 50% → 7.68';
    expect(explainEntry(t, entry(text, 'contribution', 7.68))).toEqual([text, '按评分标准第 2 版计算']);
    expect(isOlderExplanation('牵头人加分 10% → 15.00')).toBe(false);
    expect(isOlderExplanation('任务 reward 100, verdict 合格 pass ×1 = 100.00; 参与度 20% split equally among 2 → 10.00')).toBe(true);
    expect(explainEntry(t, entry('', 'bonus', 3))[0]).toBe('牵头人奖励：3.00 分');
    expect(parseExplanation('something new')).toEqual({});
  });
});

describe('formatting', () => {
  it('formats points, durations, labels and changes', () => {
    expect(formatPoints(19.2)).toBe('19.20');
    expect(formatPoints(null)).toBe('—');
    expect(formatMinutes(t, 45)).toBe('45 分钟');
    expect(formatMinutes(t, 90)).toBe('1.5 小时');
    expect(formatMinutes(t, 2880)).toBe('2 天');
    expect(formatMinutes(t, null)).toBe('暂无');
    expect(labelOf(t, 'insights.rating', 'good')).toBe('良好');
    expect(labelOf(t, 'insights.rating', 'unheard')).toBe('unheard');
    expect(changeText(t, 2)).toBe('上升 2 名');
    expect(changeText(t, -1)).toBe('下降 1 名');
    expect(changeText(t, 0)).toBe('持平');
    expect(changeText(t, null)).toBe('新上榜');
  });
  it('links sources to their pages', () => {
    expect(sourcePath({ type: 'record', id: 'r-1' })).toBe('/records/r-1');
    expect(sourcePath({ type: 'task', id: 't-1' })).toBe('/tasks/t-1');
  });
});

describe('scopes and access', () => {
  it('builds the ranking scope, or null while incomplete', () => {
    expect(rankingScope({ kind: 'all' })).toBe('all');
    expect(rankingScope({ kind: 'department', departmentId: 'd-1' })).toBe('department:d-1');
    expect(rankingScope({ kind: 'department' })).toBeNull();
    expect(rankingScope({ kind: 'rank', rankLevel: 'division' })).toBe('rank:division');
  });
  it('links another cadre only for reviewers, assessors and admins', () => {
    expect(mayOpenCadre({ id: 'a', roles: ['cadre'] }, 'a')).toBe(true);
    expect(mayOpenCadre({ id: 'a', roles: ['cadre'] }, 'b')).toBe(false);
    expect(mayOpenCadre({ id: 'a', roles: ['reviewer'] }, 'b')).toBe(true);
    expect(mayOpenCadre(null, 'b')).toBe(false);
    expect(insightsAccess({ roles: ['reviewer'] })).toEqual({ dashboards: true, candidates: false, ownScore: false });
    expect(insightsAccess({ roles: ['assessor', 'cadre'] })).toEqual({ dashboards: true, candidates: true, ownScore: true });
  });
  it('makes a tree of the departments', () => {
    const tree = departmentTree([
      { id: 'c', name: '海口市', parentId: null },
      { id: 'l', name: '龙华区', parentId: 'c' },
      { id: 'x', name: '孤儿', parentId: 'missing' },
    ]);
    expect(tree.map((n) => n.value)).toEqual(['c', 'x']);
    expect(tree[0].children[0].title).toBe('龙华区');
  });
});
