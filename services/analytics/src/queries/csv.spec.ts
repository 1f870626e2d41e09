import { exportCsv } from '@cadre/platform';
import type { AnalyticsSelectionView, CandidatesView, DepartmentsView, OverviewView, PortraitView } from '@cadre/contracts';
import { candidatesCsv, departmentsCsv, overviewCsv, portraitCsv, selectionCsv } from './csv';

const CITY = '11111111-1111-4111-8111-111111111111';
const DIST = '22222222-2222-4222-8222-222222222222';
const CADRE = '33333333-3333-4333-8333-333333333333';
const REC = '44444444-4444-4444-8444-444444444444';
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
/** Every line but its last column (编号) holds no id and no ISO time. */
function forPeople(csv: string): string[] {
  const all = lines(csv);
  expect(all[0]!.split(',').at(-1)).toBe('编号');
  for (const line of all) {
    expect(line.replace(/,[^,]*$/, '')).not.toMatch(uuid);
    expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  }
  return all;
}

const overview = {
  period: '2026',
  scope: { departmentId: CITY, departmentName: '海口市' },
  records: { total: 3, byItem: { INVEST: 2, PARTY: 1 }, byStatus: { submitted: 1, verified: 2 }, byMonth: { '2026-03': 3 }, byDepartment: [{ departmentId: DIST, departmentName: '龙华区', total: 3, verified: 2 }] },
  review: { verifiedByMonth: { '2026-04': 2 }, verified: 2, returned: 1, rejected: 0, submissionToVerification: { count: 2, medianMinutes: 60, p90Minutes: 120 }, backlog: { count: 1, oldestSubmittedOn: '2026-11-01', oldestAgeDays: 3, medianAgeDays: 3 } },
  tasks: { published: 2, byDomain: { ftp: 1, legacy: 1 }, byStatus: { in_progress: 1, concluded: 1 }, claimed: 2, concluded: 1, shareClaimed: 1, shareConcluded: 0.5 },
  points: { cadres: 4, scored: 2, total: 30, average: 7.5, binWidth: 10, histogram: [{ from: 0, to: 10, cadres: 4 }] },
  overdue: { total: 2, byKind: { record_review: 1, task_conclude: 1 }, byDepartment: [{ departmentId: DIST, departmentName: '龙华区', total: 2, byKind: { record_review: 1, task_conclude: 1 } }] },
  asOf: { RECORDS: '2026-11-04T00:00:00.000Z' },
} satisfies OverviewView;

describe('analytics CSVs for people', () => {
  it('the overview: item names, status, domain and inbox-kind labels, department names', () => {
    const csv = exportCsv(overviewCsv(overview));
    const all = forPeople(csv);
    expect(all[0]).toBe('分类,项目,数值,说明,编号');
    expect(all).toEqual(
      expect.arrayContaining([
        `范围,海口市,2026年,,${CITY}`,
        '纪实·按填报项,招商引资,2,,INVEST',
        '纪实·按状态,待审核,1,,submitted',
        `纪实·按单位,龙华区,3,其中已认定 2,${DIST}`,
        '任务·按领域,自贸港建设,1,,ftp',
        '任务·按状态,攻坚中,1,,in_progress',
        '审核,待审积压,1,最早 2026-11-01 报送，已等待 3 天,',
        '超期待办,超期待办总数,2,,',
        '超期待办·按类型,待审核,1,,record_review',
        '超期待办·按类型,待结项,1,,task_conclude',
        `超期待办·按单位,龙华区,2,待审核 1、待结项 1,${DIST}`,
      ]),
    );
  });

  it('the departments table: the parent by name, ids last', () => {
    const row = { departmentId: DIST, departmentName: '龙华区', parentId: CITY, depth: 1, cadres: 2, records: 3, verified: 2, verifiedPerCadre: 1, points: 30, averagePoints: 15, backlog: 1, oldestBacklogSubmittedOn: '2026-11-01', oldestBacklogAgeDays: 3 };
    const view: DepartmentsView = {
      period: '2026',
      scope: { departmentId: CITY, departmentName: '海口市' },
      total: 2,
      items: [
        { ...row, departmentId: CITY, departmentName: '海口市', parentId: null, depth: 0, subtree: row },
        { ...row, subtree: row },
      ],
    };
    const all = forPeople(exportCsv(departmentsCsv(view)));
    expect(all[2]).toMatch(new RegExp(`^龙华区,海口市,1,2,3,2,1,30,15,1,2026-11-01,3,2,2,15,1,${DIST}$`));
  });

  it('a portrait: item names, ratings, roles and Beijing time', () => {
    const view: PortraitView = {
      cadre: { id: CADRE, name: '王海军', departmentId: DIST, departmentName: '龙华区', rankLevel: 'division', title: '科长' },
      period: '2026',
      total: 19.2,
      radar: [{ item: 'INVEST', name: '招商引资', points: 19.2 }],
      strengths: [],
      timeline: [{ kind: 'record', id: REC, title: '引进区域总部', at: '2026-03-31T16:30:00.000Z', category: 'INVEST-03', rating: 'good', impactLevel: 'city', role: 'lead', share: 100, points: 19.2 }],
      trend: [{ month: '2026-04', cadre: 19.2, department: 9.6, city: 4.8 }],
      teams: [],
      collaborators: [{ userId: CADRE.replace('3333-4', '5555-4'), name: '李红梅', together: 1 }],
      appraisal: {
        grades: [{ cycleId: 'c2026', cycleName: '2026年度考核', kind: 'annual', kindLabel: '年度考核', period: '2026', grade: 'excellent', gradeLabel: '优秀' }],
        surveys: [{ cycleId: 'c2026', cycleName: '2026年度考核', period: '2026', overall: 88.5, satisfaction: 92.31, criteria: [{ code: 'de', name: '德', score: 95 }, { code: 'neng', name: '能', score: null }] }],
      },
      outcomes: [
        { roundId: 'r1', roundName: '2026年第一批处级提拔', kind: 'promotion', kindLabel: '提拔使用', outcome: 'promoted', outcomeLabel: '提拔使用', position: '副局长', concludedAt: '2026-06-30T17:00:00.000Z' },
      ],
    };
    const all = forPeople(exportCsv(portraitCsv(view)));
    expect(all).toEqual(
      expect.arrayContaining([
        '考核等次,2026年度考核,优秀,年度考核；2026,c2026',
        '选人用人,2026年第一批处级提拔,提拔使用,提拔使用；副局长；2026-07-01 01:00 完成,r1',
        '民主测评,2026年度考核,88.5,2026；满意度 92.31%；德 95、能 —,c2026',
        `干部,王海军,龙华区,处级 科长,${CADRE}`,
        `履职纪实,引进区域总部,19.2,2026-04-01 00:30；招商引资 / 500强企业引进；良好；市级；牵头 100%,${REC}`,
      ]),
    );
  });

  it('the shortlist: rank level, ratings and verdicts in Chinese, the cadre id last', () => {
    const view: CandidatesView = {
      period: '2026',
      rankLevel: null,
      scope: { departmentId: CITY, departmentName: '海口市' },
      total: 1,
      items: [
        {
          rank: 1,
          cadreId: CADRE,
          name: '王海军',
          departmentId: DIST,
          departmentName: '龙华区',
          rankLevel: 'section',
          title: '科长',
          points: 121.2,
          byItem: {},
          evidence: {
            records: [{ recordId: REC, title: '引进区域总部', itemCode: 'INVEST-03', rating: 'excellent', impactLevel: 'city', verifiedAt: '2026-03-31T16:30:00.000Z', points: 19.2 }],
            tasks: [{ taskId: REC, title: '历史遗留', verdict: 'tolerated', role: 'lead', share: 60, concludedAt: '2026-06-01T00:00:00.000Z', points: 102 }],
            ratings: { excellent: 1 },
            verifiedRecords: 1,
            concludedTasks: 1,
          },
          grades: [
            { cycleId: 'c2026', cycleName: '2026年度考核', kind: 'annual', kindLabel: '年度考核', period: '2026', grade: 'competent', gradeLabel: '称职' },
            { cycleId: 'q2026', cycleName: '一季度', kind: 'quarterly', kindLabel: '平时考核', period: '2026-Q1', grade: 'good', gradeLabel: '好' },
          ],
          satisfaction: 86.5,
          cityRank: 3,
          cityCadres: 58,
          topDecile: true,
        },
      ],
    };
    const all = forPeople(exportCsv(candidatesCsv(view)));
    expect(all[0]).toBe('名次,姓名,单位,职级,职务,积分,认定纪实数,办结任务数,评级分布,主要纪实,主要任务,考核等次,满意度(%),全市名次,全市干部数,全市前10%,编号');
    expect(all[1]).toBe(`1,王海军,龙华区,科级,科长,121.2,1,1,优秀 1,《引进区域总部》（招商引资 / 500强企业引进，优秀，19.2 分，2026-04-01）,《历史遗留》（容错，102 分，2026-06-01）,2026年度考核 称职、一季度 好,86.5,3,58,是,${CADRE}`);
  });

  it('selection: outcome labels, departments by name, 凭实绩 and days to decision', () => {
    const view: AnalyticsSelectionView = {
      period: '2026',
      scope: { departmentId: CITY, departmentName: '海口市' },
      outcomes: { promoted: 2, advanced: 0, awarded: 1, total: 3 },
      byDepartment: [{ departmentId: DIST, departmentName: '龙华区', promoted: 2, advanced: 0, awarded: 1, total: 3 }],
      merit: { selected: 2, topDecile: 1, share: 50 },
      rounds: { concluded: 2, averageDaysToDecision: 12.5, medianDaysToDecision: 12.5 },
      asOf: { SELECTION: '2026-11-04T00:00:00.000Z' },
    };
    const reply = selectionCsv(view);
    expect(reply.filename).toBe('analytics-selection-2026.csv');
    const all = forPeople(exportCsv(reply));
    expect(all).toEqual(
      expect.arrayContaining([
        `范围,海口市,2026年,,${CITY}`,
        '选人用人结果,提拔使用,2,,promoted',
        '选人用人结果,职级晋升,0,,advanced',
        `选人用人结果·按单位,龙华区,3,提拔使用 2、评先评优 1,${DIST}`,
        '凭实绩,占比(%),50,,',
        '选拔轮次,发起至决定天数中位数,12.5,,',
      ]),
    );
  });
});
