import { exportCsv } from '@cadre/platform';
import type { RoundView } from '@cadre/contracts';
import { roundCandidatesCsv } from './selection-csv';

const lines = (csv: string) => csv.slice(1).split('\r\n');

describe('the selection CSVs', () => {
  it('leave a candidate’s decision and place blank until known, and name a department (先进集体) without rank', () => {
    const round = {
      name: '2026年度评先评优',
      candidates: [
        {
          candidateId: 'd2',
          name: '中山街道',
          departmentName: '中山街道',
          title: '',
          rankLevel: null,
          rankLabel: '',
          statusLabel: '考察对象',
          evidence: { points: null, cityRank: null, cityCadres: null, topDecile: null },
          decision: null,
        },
        {
          candidateId: 'c2',
          name: '李红',
          departmentName: '龙华区',
          title: '科长',
          rankLevel: 'section',
          rankLabel: '科级',
          statusLabel: '未入选',
          evidence: { points: 61.234, cityRank: 9, cityCadres: 40, topDecile: false },
          decision: { selected: false, position: null, reason: '群众基础一般', by: { id: 'u', name: '组织部李明' }, at: '2026-03-02T01:00:00.000Z' },
        },
      ],
    } as unknown as RoundView;
    const file = roundCandidatesCsv(round);
    expect(file.filename).toBe('2026年度评先评优-考察对象.csv');
    expect(lines(exportCsv(file))).toEqual([
      '姓名,单位,职务,职级,积分,全市名次,前10%,状态,拟任职位,决定理由,决定人,编号',
      '中山街道,中山街道,,,,,,考察对象,,,,d2',
      '李红,龙华区,科长,科级,61.23,9/40,否,未入选,,群众基础一般,组织部李明,c2',
      '',
    ]);
  });
});
