import { exportCsv } from '@cadre/platform';
import { cadreAppraisalViewSchema, type CadreAppraisalPart, type ScoreView } from '@cadre/contracts';
import { cadreAppraisalCsv, sheetCsv, surveyCsv } from './appraisal-csv';
import { composeCadreAppraisal } from './combined-view';

const at = '2026-03-02T01:00:00.000Z';
type Entry = ScoreView['entries'][number];
const entry = (fields: Partial<Entry> & Pick<Entry, 'source' | 'points' | 'explanation' | 'part'>): Entry => ({
  id: `e-${fields.source.id}-${fields.part}`,
  cadreId: 'c1',
  hundredths: Math.round(fields.points * 100),
  counted: Math.round(fields.points * 100),
  standardVersion: 1,
  period: '2026',
  occurredAt: at,
  createdAt: at,
  ...fields,
});

const part: CadreAppraisalPart = {
  cadre: { id: 'c1', name: '王海军', departmentId: 'd1', departmentName: '龙华区', title: '副区长', rankLevel: 'division' },
  period: '2026',
  grades: [
    {
      cycleId: 'y2026',
      cycleName: '2026年度考核',
      kind: 'annual',
      kindLabel: '年度考核',
      period: '2026',
      grade: 'excellent',
      gradeLabel: '优秀',
      status: 'confirmed',
      statusLabel: '已确认',
      comment: '成效突出',
      history: [],
    },
  ],
  surveys: [],
};

const score = (fields: Partial<ScoreView> = {}): ScoreView =>
  ({
    cadreId: 'c1',
    period: '2026',
    total: 215.1,
    participation: 20,
    contribution: 185.1,
    bonus: 0,
    reversal: 0,
    byItem: {},
    capped: [],
    standardVersion: 1,
    updatedAt: at,
    entries: [
      entry({ source: { type: 'record', id: 'r1', version: 2, title: '引进500强企业' }, itemCode: 'INVEST-03', firstLevelCode: 'INVEST', part: 'contribution', points: 7.68, explanation: '纪实《引进500强企业》…' }),
      entry({ source: { type: 'task', id: 't1', version: 5, title: '营商环境攻坚' }, part: 'participation', points: 0.1, explanation: '任务《营商环境攻坚》：参与' }),
      entry({ source: { type: 'task', id: 't1', version: 5, title: '营商环境攻坚' }, part: 'contribution', points: 0.2, explanation: '任务《营商环境攻坚》：贡献' }),
      entry({ source: { type: 'appraisal', id: 'y2026:c1', version: 3, title: '2026年度考核' }, part: 'appraisal', points: 10, explanation: '考核《2026年度考核》：年度考核 优秀 → 10.00' }),
    ],
    ...fields,
  }) as ScoreView;

describe('the combined appraisal view (综合考评)', () => {
  it('maps each ledger entry with its item name and link, grade points summed when the score has none', () => {
    const withoutAppraisal = score();
    delete (withoutAppraisal as { appraisal?: number }).appraisal;
    const view = cadreAppraisalViewSchema.parse(composeCadreAppraisal(part, withoutAppraisal));
    expect(view.points).toMatchObject({ total: 215.1, participation: 20, contribution: 185.1, appraisal: 10 });
    expect(view.points.entries.map(({ item, itemName, link }) => ({ item, itemName, link }))).toEqual([
      { item: 'INVEST-03', itemName: '招商引资 / 500强企业引进', link: '/records/r1' },
      { item: 'TASK', itemName: '揭榜挂帅', link: '/tasks/t1' },
      { item: 'TASK', itemName: '揭榜挂帅', link: '/tasks/t1' },
      { item: 'APPRAISAL', itemName: '考核等次', link: null },
    ]);
    expect(view.grades).toEqual(part.grades);
    expect(view.cadre).toEqual(part.cadre);
  });

  it('takes the score’s own grade points when it has them', () => {
    expect(composeCadreAppraisal(part, score({ appraisal: 12.5 } as Partial<ScoreView>)).points.appraisal).toBe(12.5);
  });

  it('lists each task once with its points summed (no floating-point noise), the verdict from the entry’s facts if any', () => {
    expect(composeCadreAppraisal(part, score()).tasks).toEqual([{ taskId: 't1', title: '营商环境攻坚', verdict: null, verdictLabel: '', points: 0.3, link: '/tasks/t1' }]);
    const withFacts = score();
    (withFacts.entries[1] as Entry & { facts?: unknown }).facts = { verdict: 'excellent' };
    expect(composeCadreAppraisal(part, withFacts).tasks[0]).toMatchObject({ verdict: 'excellent', verdictLabel: '优秀' });
  });

  it('answers the view as a spreadsheet: sections, labels, the id last', () => {
    const file = cadreAppraisalCsv(composeCadreAppraisal(part, score()));
    const { filename } = file;
    const csv = exportCsv(file);
    expect(filename).toBe('综合考评-王海军-2026.csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFF类别,事项,结果,积分,说明,编号');
    expect(lines).toContain('考核,2026年度考核（年度考核 2026）,优秀（已确认）,,成效突出,y2026');
    expect(lines).toContain('揭榜挂帅,营商环境攻坚,,0.3,,t1');
    expect(lines[1]).toBe('积分合计,2026年,参与度 20，贡献度 185.1，考核等次 10,215.1,,c1');
  });
});

describe('the appraisal spreadsheets', () => {
  it('the sheet: 姓名, 职务, 职级, 等次, 评语, 状态, 更新时间 (Beijing), 编号', () => {
    const csv = exportCsv(sheetCsv({
      cycle: { id: 'y2026', name: '2026年度考核', kind: 'annual', period: '2026', status: 'open' },
      department: { departmentId: 'd1', departmentName: '龙华区', cadres: 1, byStatus: { pending: 0, submitted: 1, returned: 0, confirmed: 0 }, topGrade: { grade: 'excellent', used: 1, max: 0 } },
      grades: [],
      items: [
        {
          id: 'y2026:c1',
          cycleId: 'y2026',
          cadreId: 'c1',
          name: '王海军',
          title: '副区长',
          rankLevel: 'division',
          departmentId: 'd1',
          departmentName: '龙华区',
          grade: 'excellent',
          gradeLabel: '优秀',
          comment: '=成效, 突出',
          status: 'submitted',
          statusLabel: '待审核',
          version: 1,
          updatedAt: '2026-12-31T17:30:00.000Z',
          history: [],
        },
      ],
    }));
    expect(csv.split('\r\n').slice(0, 2)).toEqual(['\uFEFF姓名,职务,职级,等次,评语,状态,更新时间,编号', `王海军,副区长,处级,优秀,"'=成效, 突出",待审核,2027-01-01 01:30,c1`]);
  });

  it('the survey: a column per criterion, blank while no result is shown', () => {
    const survey = {
      cycle: { id: 'y2026', name: '2026年度考核', status: 'open' as const, surveyStatus: 'closed' as const },
      departmentId: 'd1',
      departmentName: '龙华区',
      items: [
        { cadreId: 'c1', name: '王海军', invited: 10, voted: 8, raters: [], result: null },
        {
          cadreId: 'c2',
          name: '李红',
          invited: 10,
          voted: 9,
          raters: [],
          result: {
            cycleId: 'y2026',
            cycleName: '2026年度考核',
            period: '2026',
            cadreId: 'c2',
            shown: true,
            groups: [],
            criteria: [
              { code: 'de', name: '德', weight: 0.5, score: 92.5 },
              { code: 'ji', name: '绩', weight: 0.5, score: 80 },
            ],
            overall: 86.25,
            satisfaction: 88.89,
          },
        },
      ],
    };
    const criteria = [
      { code: 'de', name: '德', weight: 0.5 },
      { code: 'ji', name: '绩', weight: 0.5 },
    ];
    expect(exportCsv(surveyCsv(survey, criteria)).split('\r\n').slice(0, 3)).toEqual([
      '\uFEFF姓名,应评人数,已评人数,德,绩,综合得分,满意度,编号',
      '王海军,10,8,,,,,c1',
      '李红,10,9,92.5,80,86.25,88.89,c2',
    ]);
  });
});
