import {
  CANDIDATE_TYPE_LABELS,
  RANK_LEVEL_LABELS,
  beijingDateTime,
  labelOf,
  type AppealView,
  type ApplicationView,
  type OutcomeView,
  type RoundCandidateView,
  type RoundSummaryView,
  type RoundView,
  type ExportPage,
} from '@cadre/contracts';
import { exportPage, type CsvColumn } from '@cadre/platform';
import { csvNumber } from '../http/csv';

/**
 * The selection tables as spreadsheets for people (docs/API.md "Selection"): Chinese headers, labels instead of
 * codes, names, Beijing time (`YYYY-MM-DD HH:mm`), the id the row stands for last (编号). Streamed as CSV or XLSX by sendExport.
 */



function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? '' : value ? '是' : '否';
}

/** `区发改委副主任×1、优秀公务员×3`. */
function positionsOf(round: Pick<RoundSummaryView, 'positions'>): string {
  return round.positions.map((position) => `${position.name}×${position.count}`).join('、');
}

/** `GET /selection/rounds?format=csv`. */
export function roundsCsv(rounds: RoundSummaryView[]): ExportPage {
  const columns: CsvColumn<RoundSummaryView>[] = [
    ['名称', (r) => r.name],
    ['类别', (r) => r.kindLabel],
    ['状态', (r) => r.statusLabel],
    ['职位/奖项', (r) => positionsOf(r)],
    ['考察对象', (r) => r.counts.candidates],
    ['拟任', (r) => r.counts.selected],
    ['撤回', (r) => r.counts.withdrawn],
    ['待核查异议', (r) => r.counts.openObjections],
    ['发起人', (r) => r.openedBy.name],
    ['发起时间', (r) => beijingDateTime(r.openedAt)],
    ['公示截止', (r) => beijingDateTime(r.notice?.endsAt)],
    ['办结时间', (r) => beijingDateTime(r.concludedAt)],
    ['编号', (r) => r.id],
  ];
  return exportPage(columns, rounds, '选人用人.csv');
}

/** `GET /selection/rounds/:id?format=csv`: the round's candidates with their frozen points and the decisions. */
export function roundCandidatesCsv(round: RoundView): ExportPage {
  const columns: CsvColumn<RoundCandidateView>[] = [
    ['姓名', (c) => c.name],
    ['单位', (c) => c.departmentName],
    ['职务', (c) => c.title],
    ['职级', (c) => c.rankLabel || labelOf(RANK_LEVEL_LABELS, c.rankLevel)],
    ['积分', (c) => csvNumber(c.evidence.points)],
    ['全市名次', (c) => (c.evidence.cityRank === null || c.evidence.cityCadres === null ? '' : `${c.evidence.cityRank}/${c.evidence.cityCadres}`)],
    ['前10%', (c) => yesNo(c.evidence.topDecile)],
    ['状态', (c) => c.statusLabel],
    ['拟任职位', (c) => (c.decision?.selected ? (c.decision.position ?? '') : '')],
    ['决定理由', (c) => c.decision?.reason ?? ''],
    ['决定人', (c) => c.decision?.by.name ?? ''],
    ['编号', (c) => c.candidateId],
  ];
  return exportPage(columns, round.candidates, `${round.name}-考察对象.csv`);
}

/** `GET /selection/rounds/:id/applications?format=csv`. */
export function applicationsCsv(applications: ApplicationView[], roundName: string): ExportPage {
  const columns: CsvColumn<ApplicationView>[] = [
    ['申报对象', (a) => a.applicantName],
    ['类别', (a) => labelOf(CANDIDATE_TYPE_LABELS, a.applicantType)],
    ['单位', (a) => a.departmentName],
    ['奖项', (a) => a.award],
    ['申报理由', (a) => a.statement],
    ['佐证纪实', (a) => a.records.map((record) => record.title).join('；')],
    ['状态', (a) => a.statusLabel],
    ['推荐意见', (a) => a.recommendation?.comment ?? ''],
    ['推荐人', (a) => a.recommendation?.by.name ?? ''],
    ['申报人', (a) => a.submittedBy.name],
    ['申报时间', (a) => beijingDateTime(a.submittedAt)],
    ['编号', (a) => a.id],
  ];
  return exportPage(columns, applications, `${roundName || '评先评优'}-申报.csv`);
}

/** `GET /selection/appeals?format=csv`. */
export function appealsCsv(appeals: AppealView[]): ExportPage {
  const columns: CsvColumn<AppealView>[] = [
    ['申诉事项', (a) => a.subject.title],
    ['类别', (a) => a.subject.typeLabel],
    ['原决定', (a) => a.subject.decision],
    ['决定时间', (a) => beijingDateTime(a.subject.decidedAt)],
    ['申诉人', (a) => a.appellant.name],
    ['单位', (a) => a.appellant.departmentName],
    ['申诉理由', (a) => a.reason],
    ['状态', (a) => a.statusLabel],
    ['处理意见', (a) => a.answer ?? ''],
    ['处理人', (a) => a.decidedBy?.name ?? ''],
    ['申诉时间', (a) => beijingDateTime(a.filedAt)],
    ['申诉截止', (a) => beijingDateTime(a.deadline)],
    ['处理时间', (a) => beijingDateTime(a.decidedAt)],
    ['编号', (a) => a.id],
  ];
  return exportPage(columns, appeals, '申诉.csv');
}

/** `GET /selection/outcomes?format=csv`: one row per selected, not withdrawn candidate of a concluded round. */
export function outcomesCsv(outcomes: OutcomeView[]): ExportPage {
  const columns: CsvColumn<OutcomeView>[] = [
    ['选任', (o) => o.roundName],
    ['类别', (o) => o.kindLabel],
    ['对象', (o) => o.name],
    ['单位', (o) => o.departmentName],
    ['职位/奖项', (o) => o.position],
    ['积分', (o) => csvNumber(o.points)],
    ['前10%', (o) => yesNo(o.topDecile)],
    ['发起时间', (o) => beijingDateTime(o.openedAt)],
    ['决定时间', (o) => beijingDateTime(o.decidedAt)],
    ['办结时间', (o) => beijingDateTime(o.concludedAt)],
    ['决定人', (o) => o.decidedBy.name],
    ['编号', (o) => o.candidateId],
  ];
  return exportPage(columns, outcomes, '选人用人结果.csv');
}
