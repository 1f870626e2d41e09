import type { RankingItemView } from '@cadre/contracts';
import { changeLabel, rankingsCsv } from './rankings-csv';

const row = (fields: Partial<RankingItemView>): RankingItemView => ({
  rank: 1, cadreId: 'c-1', name: '王海军', departmentId: 'd-1', departmentName: '甲区商务局', rankLevel: 'division', points: 19.2, percentile: 50, change: null, ...fields,
});

describe('rankings as CSV', () => {
  it('reads as people read it: Chinese headers, names, labels, Beijing time; the id last as 编号', () => {
    const csv = rankingsCsv(
      [row({}), row({ rank: 2, cadreId: 'c-2', name: '钱红', departmentId: 'd-2', departmentName: '乙区', rankLevel: 'staff', points: 3, percentile: 0, change: -2 })],
      '2026-12-31T17:05:00.000Z',
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '名次,姓名,单位,职级,积分,百分位,名次变化,计算时间,编号',
      '1,王海军,甲区商务局,处级,19.2,50,新上榜,2027-01-01 01:05,c-1',
      '2,钱红,乙区,科员,3,0,下降 2,2027-01-01 01:05,c-2',
      '',
    ]);
  });

  it('shows no department id where a department’s name is unknown', () => {
    const csv = rankingsCsv([row({ departmentName: undefined })], '2026-04-01T00:00:00.000Z');
    expect(csv).not.toContain('d-1');
  });

  it('says a change of rank in words', () => {
    expect([changeLabel(null), changeLabel(3), changeLabel(-1), changeLabel(0)]).toEqual(['新上榜', '上升 3', '下降 1', '持平']);
  });
});
