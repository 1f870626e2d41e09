import * as echarts from 'echarts';
import type { AnalyticsSelectionView, OverviewView, PortraitView } from '@cadre/contracts';
import { zhCN } from '../../i18n/zh-CN';
import type { MessageKey } from '../../i18n/i18n';
import { overviewCharts } from './AnalyticsPage';
import { radarOption, trendOption } from './PortraitPanel';
import { selectionChart } from './SelectionAnalytics';
import { chartIsEmpty, wrapLabel } from './Chart';

const t = (key: MessageKey, values?: Record<string, string | number>) => {
  const text: string = zhCN[key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
};

/** Draws an option with ECharts' server-side SVG renderer: the option is one ECharts accepts, and its labels show. */
function draw(option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 400 });
  chart.setOption({ animation: false, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const portrait: PortraitView = {
  cadre: { id: 'u-9', name: '李强', departmentId: 'd-1', departmentName: '龙华区', rankLevel: 'division', title: '' },
  period: '2026',
  total: 42.5,
  radar: [
    { item: 'INVEST', name: '招商引资', points: 24 },
    { item: 'PARTY', name: '党的建设', points: 0 },
    { item: 'TASK', name: 'TASK', points: 18.5 },
  ],
  strengths: [],
  timeline: [],
  trend: [
    { month: '2026-03', cadre: 0, department: 3, city: 2 },
    { month: '2026-04', cadre: 24, department: 10, city: 8 },
  ],
  teams: [],
  collaborators: [],
  appraisal: { grades: [], surveys: [] },
  outcomes: [],
};

describe('chart options', () => {
  // jsdom has no canvas (and says so loudly); ECharts then estimates text widths itself.
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => vi.restoreAllMocks());

  it('draws the portrait radar and trend', () => {
    expect(draw(radarOption(t, portrait))).toContain('揭榜挂帅任务');
    expect(draw(trendOption(t, portrait))).toContain('全市平均');
  });

  it('draws every overview chart', () => {
    const overview = {
      records: { total: 2, byItem: { INVEST: 2 }, byStatus: { verified: 2 }, byMonth: { '2026-04': 2 }, byDepartment: [{ departmentId: 'd', departmentName: '龙华区', total: 2, verified: 2 }] },
      review: { verifiedByMonth: { '2026-05': 2 } },
      tasks: { byDomain: { legacy: 1 }, byStatus: { concluded: 1 } },
      points: { histogram: [{ from: 0, to: 10, cadres: 3 }] },
    } as unknown as OverviewView;
    const charts = overviewCharts(t, new Map([['INVEST', '招商引资']]), overview);
    expect(draw(charts.byItem)).toContain('招商引资');
    expect(draw(charts.byStatus)).toContain('已认定');
    expect(draw(charts.byMonth)).toContain('2026-05');
    expect(draw(charts.byDepartment)).toContain('龙华区');
    expect(draw(charts.tasksByDomain)).toContain('历史遗留问题化解');
    expect(draw(charts.tasksByStatus)).toContain('已完结');
    expect(draw(charts.histogram)).toContain('0–10 分');
  });

  it('draws the departments\' selection outcomes, a series per kind', () => {
    const view = {
      byDepartment: [
        { departmentId: 'd-1', departmentName: '龙华区', promoted: 2, advanced: 1, awarded: 0, total: 3 },
        { departmentId: 'd-2', departmentName: '福田区', promoted: 0, advanced: 0, awarded: 4, total: 4 },
      ],
    } as unknown as AnalyticsSelectionView;
    const svg = draw(selectionChart(t, view));
    expect(svg).toContain('龙华区');
    expect(svg).toContain('评先评优');
  });

  it('knows an option with nothing to draw, and wraps long radar names', () => {
    expect(chartIsEmpty({ series: [] })).toBe(true);
    expect(chartIsEmpty({ series: [{ type: 'bar', data: [0, 0] }, { type: 'line', data: [] }] })).toBe(true);
    expect(chartIsEmpty({ series: [{ type: 'radar', data: [{ value: [0, 0.5] }] }] })).toBe(false);
    expect(chartIsEmpty(radarOption(t, portrait))).toBe(false);
    expect(chartIsEmpty(radarOption(t, { ...portrait, radar: portrait.radar.map((p) => ({ ...p, points: 0 })) }))).toBe(true);
    expect(wrapLabel('基层治理与社会稳定工作')).toBe('基层治理与社\n会稳定工作');
    expect(wrapLabel('招商引资')).toBe('招商引资');
  });
});
