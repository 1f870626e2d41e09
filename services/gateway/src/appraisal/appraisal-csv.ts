import {
  RANK_LEVEL_LABELS,
  SURVEY_STATUS_LABELS,
  beijingDate,
  beijingDateTime,
  labelOf,
  type AppraisalView,
  type CadreAppraisalView,
  type CycleView,
  type SheetView,
  type SurveyCadreView,
  type SurveyCriterion,
  type SurveyView,
  type ExportPage,
} from '@cadre/contracts';
import { exportPage, type CsvColumn } from '@cadre/platform';
import { csvNumber } from '../http/csv';

/**
 * The appraisal tables as spreadsheets for people (docs/API.md "Appraisal"): Chinese headers, labels instead of
 * codes, names, Beijing time (`YYYY-MM-DD HH:mm`), the id the row stands for last (编号). Streamed as CSV or XLSX by sendExport.
 */



/** `GET /appraisal/cycles/:id/sheet?format=csv`: the department's 评定表. */
export function sheetCsv(sheet: SheetView): ExportPage {
  const columns: CsvColumn<AppraisalView>[] = [
    ['姓名', (a) => a.name],
    ['职务', (a) => a.title],
    ['职级', (a) => labelOf(RANK_LEVEL_LABELS, a.rankLevel)],
    ['等次', (a) => a.gradeLabel],
    ['评语', (a) => a.comment],
    ['状态', (a) => a.statusLabel],
    ['更新时间', (a) => beijingDateTime(a.updatedAt)],
    ['编号', (a) => a.cadreId],
  ];
  return exportPage(columns, sheet.items, `${sheet.cycle.name}-${sheet.department.departmentName}-评定表.csv`);
}

/**
 * `GET /appraisal/cycles/:id/survey?format=csv`: per cadre the participation and, once the survey is closed and the
 * result shown, the score of each of the cycle's criteria (`criteria`, in their order), the overall score and 满意度;
 * blank while open (a result is never shown then).
 */
export function surveyCsv(survey: SurveyView, criteria: SurveyCriterion[]): ExportPage {
  const scoreOf = (row: SurveyCadreView, code: string) => (row.result?.shown ? csvNumber(row.result.criteria.find((c) => c.code === code)?.score) : '');
  const columns: CsvColumn<SurveyCadreView>[] = [
    ['姓名', (row) => row.name],
    ['应评人数', (row) => row.invited],
    ['已评人数', (row) => row.voted],
    ...criteria.map((criterion): CsvColumn<SurveyCadreView> => [criterion.name, (row) => scoreOf(row, criterion.code)]),
    ['综合得分', (row) => (row.result?.shown ? csvNumber(row.result.overall) : '')],
    ['满意度', (row) => (row.result?.shown ? csvNumber(row.result.satisfaction) : '')],
    ['编号', (row) => row.cadreId],
  ];
  return exportPage(columns, survey.items, `${survey.cycle.name}-${survey.departmentName}-民主测评.csv`);
}

/** `GET /appraisal/cycles?format=csv`: the cycles the caller sees, with their progress over the departments they see. */
export function cyclesCsv(cycles: CycleView[]): ExportPage {
  const sum = (cycle: CycleView, count: (d: CycleView['departments'][number]) => number) => cycle.departments.reduce((total, d) => total + count(d), 0);
  const columns: CsvColumn<CycleView>[] = [
    ['名称', (c) => c.name],
    ['类型', (c) => c.kindLabel],
    ['期间', (c) => c.period],
    ['状态', (c) => c.statusLabel],
    ['民主测评', (c) => (c.survey ? labelOf(SURVEY_STATUS_LABELS, c.survey.status) : '无')],
    ['单位数', (c) => c.departments.length],
    ['干部数', (c) => sum(c, (d) => d.cadres)],
    ['已确认', (c) => sum(c, (d) => d.byStatus.confirmed)],
    ['截止日期', (c) => beijingDate(c.dueDate)],
    ['创建人', (c) => c.createdBy.name],
    ['创建时间', (c) => beijingDateTime(c.createdAt)],
    ['结束时间', (c) => beijingDateTime(c.closedAt)],
    ['编号', (c) => c.id],
  ];
  return exportPage(columns, cycles, '考核.csv');
}

interface CombinedRow {
  section: string;
  subject: string;
  result: string;
  points: number | null;
  detail: string;
  id: string;
}

/**
 * `GET /appraisal/cadres/:cadreId?format=csv`: the combined view as one table, a section per row kind: 积分 (the total,
 * then each entry with its explanation), 考核 (each grade with its status), 民主测评 (each result), 揭榜挂帅 (each task).
 */
export function cadreAppraisalCsv(view: CadreAppraisalView): ExportPage {
  const rows: CombinedRow[] = [
    {
      section: '积分合计',
      subject: `${view.period}年`,
      result: `参与度 ${csvNumber(view.points.participation)}，贡献度 ${csvNumber(view.points.contribution)}，考核等次 ${csvNumber(view.points.appraisal)}`,
      points: view.points.total,
      detail: '',
      id: view.cadre.id,
    },
    ...view.points.entries.map((entry) => ({
      section: '积分明细',
      subject: entry.source.title,
      result: entry.itemName,
      points: entry.points,
      detail: entry.explanation,
      id: entry.source.id,
    })),
    ...view.grades.map((grade) => ({
      section: '考核',
      subject: `${grade.cycleName}（${grade.kindLabel} ${grade.period}）`,
      result: grade.gradeLabel ? `${grade.gradeLabel}（${grade.statusLabel}）` : grade.statusLabel,
      points: null,
      detail: grade.comment,
      id: grade.cycleId,
    })),
    ...view.surveys.map((survey) => ({
      section: '民主测评',
      subject: `${survey.cycleName}（${survey.period}）`,
      result: survey.shown ? `综合得分 ${csvNumber(survey.overall)}，满意度 ${csvNumber(survey.satisfaction)}%` : '有效票数不足，不显示结果',
      points: null,
      detail: survey.shown ? survey.criteria.map((c) => `${c.name} ${csvNumber(c.score)}`).join('，') : '',
      id: survey.cycleId,
    })),
    ...view.tasks.map((task) => ({
      section: '揭榜挂帅',
      subject: task.title,
      result: task.verdictLabel,
      points: task.points,
      detail: '',
      id: task.taskId,
    })),
  ];
  const columns: CsvColumn<CombinedRow>[] = [
    ['类别', (r) => r.section],
    ['事项', (r) => r.subject],
    ['结果', (r) => r.result],
    ['积分', (r) => csvNumber(r.points)],
    ['说明', (r) => r.detail],
    ['编号', (r) => r.id],
  ];
  return exportPage(columns, rows, `综合考评-${view.cadre.name}-${view.period}.csv`);
}
