import { beijingDate, beijingDateTime, type DossierView } from '@cadre/contracts';

/** A table of the document: its heading, columns (header and share of the width) and rows of text, or what it says when empty. */
export interface DossierTable {
  heading: string;
  columns: { header: string; width: number }[];
  rows: string[][];
  empty: string;
}

/** 实绩档案 as it is printed: the title, the header block, the tables and the footer line; every text in Chinese. */
export interface DossierLayout {
  title: string;
  subtitle: string;
  header: [label: string, value: string][];
  sections: DossierTable[];
  footer: string;
  filename: string;
}

export const DOSSIER_TITLE = '实绩档案';
const NONE = '—';

/** Points as a document shows them: two decimals; a dash for none. */
export function pointsText(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : value.toFixed(2);
}

function percentText(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : `${Math.round(value * 100) / 100}%`;
}

function cityPlace(points: DossierView['points']): string {
  return points.cityRank === null || points.cityCadres === null ? NONE : `第 ${points.cityRank} 名 / 共 ${points.cityCadres} 人`;
}

function recordPeriod(record: DossierView['records'][number]): string {
  if (!record.periodStart || !record.periodEnd) return NONE;
  return record.periodStart === record.periodEnd ? record.periodStart : `${record.periodStart} 至 ${record.periodEnd}`;
}

/** The file a PDF of the view downloads as: `<姓名>-实绩档案-<period>.pdf`. */
export function dossierFilename(view: Pick<DossierView, 'cadre' | 'period'>): string {
  return `${view.cadre.name}-${DOSSIER_TITLE}-${view.period}.pdf`;
}

/** The document's text, section by section and row by row (pure: the PDF and the tests read the same thing). */
export function dossierLayout(view: DossierView): DossierLayout {
  const generated = `${beijingDateTime(view.generatedAt)}（北京时间）`;
  const { points } = view;
  return {
    title: DOSSIER_TITLE,
    subtitle: `${view.period}年度`,
    header: [
      ['姓名', view.cadre.name],
      ['单位', view.cadre.departmentName || NONE],
      ['职务', view.cadre.title || NONE],
      ['职级', view.cadre.rankLabel || NONE],
      ['年度', view.period],
      ['生成时间', generated],
      ['生成人', view.generatedBy.name],
    ],
    sections: [
      {
        heading: '积分概况',
        columns: [
          { header: '项目', width: 0.6 },
          { header: '积分', width: 0.4 },
        ],
        rows: [
          ['总积分', pointsText(points.total)],
          ['参与度积分', pointsText(points.participation)],
          ['贡献度积分', pointsText(points.contribution)],
          ['考核等次积分', pointsText(points.appraisal)],
          ['全市排名', cityPlace(points)],
        ],
        empty: '',
      },
      {
        heading: '分项积分',
        columns: [
          { header: '事项', width: 0.6 },
          { header: '积分', width: 0.4 },
        ],
        rows: points.byItem.map((row) => [row.name, pointsText(row.points)]),
        empty: '本年度暂无积分。',
      },
      {
        heading: '经核实的履职纪实',
        columns: [
          { header: '标题', width: 0.22 },
          { header: '事项', width: 0.18 },
          { header: '纪实期间', width: 0.14 },
          { header: '影响层级', width: 0.09 },
          { header: '评定等级', width: 0.09 },
          { header: '份额', width: 0.07 },
          { header: '核实日期', width: 0.11 },
          { header: '积分', width: 0.1 },
        ],
        rows: view.records.map((record) => [
          record.title,
          record.itemName || NONE,
          recordPeriod(record),
          record.impactLevelLabel || NONE,
          record.ratingLabel || NONE,
          `${record.share}%`,
          beijingDate(record.verifiedAt),
          pointsText(record.points),
        ]),
        empty: '本年度暂无经核实的履职纪实。',
      },
      {
        heading: '揭榜挂帅任务',
        columns: [
          { header: '任务', width: 0.34 },
          { header: '角色', width: 0.1 },
          { header: '评审结果', width: 0.14 },
          { header: '份额', width: 0.1 },
          { header: '办结日期', width: 0.16 },
          { header: '积分', width: 0.16 },
        ],
        rows: view.tasks.map((task) => [task.title, task.roleLabel, task.verdictLabel || NONE, `${task.share}%`, beijingDate(task.concludedAt), pointsText(task.points)]),
        empty: '本年度暂无办结的揭榜挂帅任务。',
      },
      {
        heading: '考核等次',
        columns: [
          { header: '考核', width: 0.4 },
          { header: '类别', width: 0.2 },
          { header: '期间', width: 0.2 },
          { header: '等次', width: 0.2 },
        ],
        rows: view.appraisal.grades.map((grade) => [grade.cycleName, grade.kindLabel, grade.period, grade.gradeLabel]),
        empty: '本年度暂无已确认的考核等次。',
      },
      {
        heading: '民主测评',
        columns: [
          { header: '测评', width: 0.4 },
          { header: '期间', width: 0.2 },
          { header: '综合得分', width: 0.2 },
          { header: '满意度', width: 0.2 },
        ],
        rows: view.appraisal.surveys.map((survey) => [survey.cycleName, survey.period, pointsText(survey.overall), percentText(survey.satisfaction)]),
        empty: '本年度暂无已公布的民主测评结果。',
      },
    ],
    footer: `生成时间：${generated}`,
    filename: dossierFilename(view),
  };
}
