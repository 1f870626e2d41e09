import type { CandidatesView, DepartmentsView, OverviewView, PortraitView } from '@cadre/contracts';
import { toCsv, type CsvColumn } from '@cadre/platform';

/** `format=csv` of every analytics table (UTF-8 with BOM, see toCsv). Figures that are maps become long rows. */
export interface CsvReply {
  csv: string;
  filename: string;
}

type LongRow = { table: string; key: string; label: string; value: number | string | null; extra?: string | number | null };
const LONG: CsvColumn<LongRow>[] = [
  ['表 table', (r) => r.table],
  ['项 key', (r) => r.key],
  ['名称 label', (r) => r.label],
  ['值 value', (r) => r.value],
  ['附注 note', (r) => r.extra],
];

const entries = (table: string, counts: Record<string, number>): LongRow[] =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ table, key, label: key, value }));

export function overviewCsv(view: OverviewView): CsvReply {
  const rows: LongRow[] = [
    { table: 'records', key: 'total', label: '纪实总数', value: view.records.total },
    ...entries('records.byItem', view.records.byItem),
    ...entries('records.byStatus', view.records.byStatus),
    ...entries('records.byMonth', view.records.byMonth),
    ...view.records.byDepartment.map((d) => ({ table: 'records.byDepartment', key: d.departmentId, label: d.departmentName, value: d.total, extra: d.verified })),
    ...entries('review.verifiedByMonth', view.review.verifiedByMonth),
    { table: 'review', key: 'verified', label: '研判通过', value: view.review.verified },
    { table: 'review', key: 'returned', label: '退回', value: view.review.returned },
    { table: 'review', key: 'rejected', label: '不予认定', value: view.review.rejected },
    { table: 'review', key: 'medianMinutes', label: '提交至认定中位数(分钟)', value: view.review.submissionToVerification.medianMinutes },
    { table: 'review', key: 'p90Minutes', label: '提交至认定P90(分钟)', value: view.review.submissionToVerification.p90Minutes },
    { table: 'review', key: 'backlog', label: '待审积压', value: view.review.backlog.count, extra: view.review.backlog.oldestSubmittedOn },
    { table: 'tasks', key: 'published', label: '发布任务', value: view.tasks.published },
    ...entries('tasks.byDomain', view.tasks.byDomain),
    ...entries('tasks.byStatus', view.tasks.byStatus),
    { table: 'tasks', key: 'shareClaimed', label: '揭榜率', value: view.tasks.shareClaimed },
    { table: 'tasks', key: 'shareConcluded', label: '办结率', value: view.tasks.shareConcluded },
    { table: 'points', key: 'cadres', label: '干部数', value: view.points.cadres },
    { table: 'points', key: 'average', label: '平均积分', value: view.points.average },
    ...view.points.histogram.map((bin) => ({ table: 'points.histogram', key: `${bin.from}-${bin.to}`, label: `${bin.from}–${bin.to}`, value: bin.cadres })),
  ];
  return { csv: toCsv(LONG, rows), filename: `analytics-overview-${view.period}.csv` };
}

const DEPARTMENT_COLUMNS: CsvColumn<DepartmentsView['items'][number]>[] = [
  ['单位ID', (r) => r.departmentId],
  ['单位', (r) => r.departmentName],
  ['上级单位ID', (r) => r.parentId],
  ['层级', (r) => r.depth],
  ['干部数', (r) => r.cadres],
  ['纪实数', (r) => r.records],
  ['认定数', (r) => r.verified],
  ['人均认定', (r) => r.verifiedPerCadre],
  ['积分合计', (r) => r.points],
  ['人均积分', (r) => r.averagePoints],
  ['待审积压', (r) => r.backlog],
  ['最早待审提交日', (r) => r.oldestBacklogSubmittedOn],
  ['最长等待(天)', (r) => r.oldestBacklogAgeDays],
  ['含下级干部数', (r) => r.subtree.cadres],
  ['含下级认定数', (r) => r.subtree.verified],
  ['含下级人均积分', (r) => r.subtree.averagePoints],
  ['含下级待审积压', (r) => r.subtree.backlog],
];

export function departmentsCsv(view: DepartmentsView): CsvReply {
  return { csv: toCsv(DEPARTMENT_COLUMNS, view.items), filename: `analytics-departments-${view.period}.csv` };
}

export function portraitCsv(view: PortraitView): CsvReply {
  const rows: LongRow[] = [
    ...view.radar.map((r) => ({ table: 'radar', key: r.item, label: r.name, value: r.points })),
    ...view.timeline.map((t) => ({ table: `timeline.${t.kind}`, key: t.id, label: t.title, value: t.points, extra: t.at })),
    ...view.trend.map((t) => ({ table: 'trend', key: t.month, label: '本人/单位/全市', value: t.cadre, extra: `${t.department}/${t.city}` })),
    ...view.teams.map((t) => ({ table: 'teams', key: t.teamId, label: t.teamName, value: t.role, extra: t.memberIds.length })),
    ...view.collaborators.map((c) => ({ table: 'collaborators', key: c.userId, label: c.name, value: c.together })),
  ];
  return { csv: toCsv(LONG, rows), filename: `analytics-portrait-${view.cadre.id}-${view.period}.csv` };
}

const CANDIDATE_COLUMNS: CsvColumn<CandidatesView['items'][number]>[] = [
  ['名次', (r) => r.rank],
  ['干部ID', (r) => r.cadreId],
  ['姓名', (r) => r.name],
  ['单位', (r) => r.departmentName],
  ['职级', (r) => r.rankLevel],
  ['职务', (r) => r.title],
  ['积分', (r) => r.points],
  ['认定纪实数', (r) => r.evidence.verifiedRecords],
  ['办结任务数', (r) => r.evidence.concludedTasks],
  ['评级分布', (r) => Object.entries(r.evidence.ratings).map(([k, v]) => `${k}:${v}`).join(' ')],
  ['主要纪实', (r) => r.evidence.records.map((e) => `${e.title}(${e.itemCode},${e.rating ?? ''},${e.points ?? ''})`).join('; ')],
  ['主要任务', (r) => r.evidence.tasks.map((e) => `${e.title}(${e.verdict ?? ''},${e.points ?? ''})`).join('; ')],
];

export function candidatesCsv(view: CandidatesView): CsvReply {
  return { csv: toCsv(CANDIDATE_COLUMNS, view.items), filename: `analytics-candidates-${view.period}.csv` };
}
