import { dossierViewSchema } from '@cadre/contracts';
import { portraitOf, scoreOf, sourcesOf } from '../../test/dossier/fixtures';
import { composeDossier } from './compose-dossier';
import { dossierFilename, dossierLayout, pointsText } from './dossier-layout';

describe('composeDossier', () => {
  it('answers the contract with names and labels, and the ids of what each row shows', () => {
    const view = composeDossier(sourcesOf());
    expect(dossierViewSchema.safeParse(view).success).toBe(true);
    expect(view.cadre).toEqual({ id: 'c-1', name: '钱红', departmentId: 'd-1', departmentName: '龙华区商务局', title: '副局长', rankLevel: 'section', rankLabel: '科级' });
    expect(view.generatedBy).toEqual({ id: 'u-9', name: '研判员' });
    expect(view.records).toEqual([
      {
        recordId: 'r-1',
        title: '引进500强企业区域总部',
        itemCode: 'INVEST-03',
        itemName: '招商引资 / 500强企业引进',
        periodStart: '2026-01-01',
        periodEnd: '2026-03-15',
        impactLevel: 'city',
        impactLevelLabel: '市级',
        rating: 'good',
        ratingLabel: '良好',
        role: 'member',
        share: 50,
        verifiedAt: '2026-03-31T17:00:00.000Z',
        points: 7.68,
      },
    ]);
    expect(view.tasks).toEqual([
      { taskId: 't-1', title: '自贸港政策落地攻坚', role: 'lead', roleLabel: '牵头', verdict: 'excellent', verdictLabel: '优秀', share: 60, concludedAt: '2026-06-30T16:30:00.000Z', points: 20 },
    ]);
  });

  it('names every item with points, most first, and leaves out items without', () => {
    expect(composeDossier(sourcesOf()).points.byItem).toEqual([
      { item: 'TASK', name: '揭榜挂帅', points: 20 },
      { item: 'INVEST', name: '招商引资', points: 7.68 },
      { item: 'APPRAISAL', name: '考核等次', points: 2 },
    ]);
  });

  it('uses the current taxonomy’s names when given', () => {
    const names = new Map([
      ['INVEST', '招商引资（新）'],
      ['INVEST-03', '世界500强引进'],
      ['TASK', '揭榜挂帅'],
    ]);
    const view = composeDossier(sourcesOf({ itemNames: names }));
    expect(view.records[0]!.itemName).toBe('招商引资（新） / 世界500强引进');
    expect(view.points.byItem.map((row) => row.name)).toContain('招商引资（新）');
  });

  it('keeps only the grades and 测评 results of the year’s cycles', () => {
    const view = composeDossier(sourcesOf());
    expect(view.appraisal.grades.map((grade) => grade.cycleId)).toEqual(['cy-2026']);
    expect(view.appraisal.surveys).toEqual([{ cycleId: 'cy-2026', cycleName: '2026年第一季度考核', period: '2026-Q1', overall: 86.5, satisfaction: 92.31 }]);
  });

  it('leaves the place and a record’s own period empty when the caller may not read them', () => {
    const view = composeDossier(sourcesOf({ place: null, recordPeriods: new Map() }));
    expect(view.points).toMatchObject({ cityRank: null, cityCadres: null });
    expect(view.records[0]).toMatchObject({ periodStart: null, periodEnd: null });
  });
});

describe('dossierLayout', () => {
  it('prints the title, the header block in Beijing time and who generated it', () => {
    const layout = dossierLayout(composeDossier(sourcesOf()));
    expect(layout.title).toBe('实绩档案');
    expect(layout.subtitle).toBe('2026年度');
    expect(layout.header).toEqual([
      ['姓名', '钱红'],
      ['单位', '龙华区商务局'],
      ['职务', '副局长'],
      ['职级', '科级'],
      ['年度', '2026'],
      ['生成时间', '2026-07-01 10:05（北京时间）'],
      ['生成人', '研判员'],
    ]);
    expect(layout.footer).toBe('生成时间：2026-07-01 10:05（北京时间）');
    expect(layout.filename).toBe('钱红-实绩档案-2026.pdf');
  });

  it('lays out each section’s rows with labels, Beijing dates and no ids', () => {
    const layout = dossierLayout(composeDossier(sourcesOf()));
    const section = (heading: string) => layout.sections.find((s) => s.heading === heading)!;
    expect(layout.sections.map((s) => s.heading)).toEqual(['积分概况', '分项积分', '经核实的履职纪实', '揭榜挂帅任务', '考核等次', '民主测评']);
    expect(section('积分概况').rows).toEqual([
      ['总积分', '29.68'],
      ['参与度积分', '3.84'],
      ['贡献度积分', '23.84'],
      ['考核等次积分', '2.00'],
      ['全市排名', '第 3 名 / 共 120 人'],
    ]);
    // Verified at 01:00 on 1 April in Beijing: the day printed is Beijing's.
    expect(section('经核实的履职纪实').rows).toEqual([['引进500强企业区域总部', '招商引资 / 500强企业引进', '2026-01-01 至 2026-03-15', '市级', '良好', '50%', '2026-04-01', '7.68']]);
    expect(section('揭榜挂帅任务').rows).toEqual([['自贸港政策落地攻坚', '牵头', '优秀', '60%', '2026-07-01', '20.00']]);
    expect(section('考核等次').rows).toEqual([['2026年第一季度考核', '平时考核', '2026-Q1', '好']]);
    expect(section('民主测评').rows).toEqual([['2026年第一季度考核', '2026-Q1', '86.50', '92.31%']]);
    for (const s of layout.sections) {
      for (const row of s.rows) expect(row).toHaveLength(s.columns.length);
      expect(s.columns.reduce((sum, column) => sum + column.width, 0)).toBeCloseTo(1, 5);
    }
    const printed = JSON.stringify(layout.sections);
    for (const id of ['r-1', 't-1', 'cy-2026', 'c-1', 'INVEST-03']) expect(printed).not.toContain(`"${id}"`);
  });

  it('says in words what is missing', () => {
    const empty = composeDossier(
      sourcesOf({
        portrait: portraitOf({ timeline: [], appraisal: { grades: [], surveys: [] } }),
        score: scoreOf({ total: 0, participation: 0, contribution: 0, appraisal: 0, byItem: {} }),
        place: null,
      }),
    );
    const layout = dossierLayout(empty);
    expect(layout.sections.find((s) => s.heading === '积分概况')!.rows).toContainEqual(['全市排名', '—']);
    for (const s of layout.sections.slice(1)) {
      expect(s.rows).toEqual([]);
      expect(s.empty).toMatch(/^本年度暂无/);
    }
  });

  it('prints points with two decimals and a dash for none', () => {
    expect([pointsText(7.6), pointsText(0), pointsText(null)]).toEqual(['7.60', '0.00', '—']);
    expect(dossierFilename({ cadre: { name: '王海军' } as never, period: '2025' })).toBe('王海军-实绩档案-2025.pdf');
  });
});
