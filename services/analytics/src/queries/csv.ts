import {
  CYCLE_KINDS,
  CYCLE_KIND_LABELS,
  GRADES,
  GRADE_LABELS,
  INBOX_KIND_LABELS,
  MEMBER_ROLE_LABELS,
  RANK_LEVEL_LABELS,
  RATING_LABELS,
  IMPACT_LEVEL_LABELS,
  RECORD_STATUS_LABELS,
  TASK_DOMAIN_LABELS,
  TASK_STATUS_LABELS,
  TASK_VERDICT_LABELS,
  beijingDate,
  beijingDateTime,
  itemName,
  labelOf,
  OUTCOME_KINDS,
  OUTCOME_KIND_LABELS,
  type AnalyticsAppraisalView,
  type AnalyticsSelectionView,
  type AppraisalGradeEntry,
  type CandidatesView,
  type DepartmentsView,
  type OverviewView,
  type PortraitView,
  type ExportPage,
} from '@cadre/contracts';
import { exportPage, type CsvColumn } from '@cadre/platform';

/**
 * `format=csv` of every analytics table (UTF-8 with BOM, see toCsv), for people: Chinese headers, labels instead of
 * codes, names instead of ids, Beijing time (`YYYY-MM-DD HH:mm`). Figures that are maps become long rows; the code or
 * id a row stands for comes last (编号), for machines.
 */
export type CsvReply = ExportPage;

type LongRow = { table: string; label: string; value: number | string | null; note?: string | number | null; code?: string | null };
const LONG: CsvColumn<LongRow>[] = [
  ['分类', (r) => r.table],
  ['项目', (r) => r.label],
  ['数值', (r) => r.value],
  ['说明', (r) => r.note],
  ['编号', (r) => r.code],
];

/** A count map as long rows, each code under its label, in the order of `order` (else by label). */
const entries = (table: string, counts: Record<string, number>, label: (code: string) => string = (code) => code): LongRow[] =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, value]) => ({ table, label: label(code), value, code }));

const kindsOf = (byKind: Record<string, number>) =>
  Object.entries(byKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${labelOf(INBOX_KIND_LABELS, kind)} ${n}`)
    .join('、');

export function overviewCsv(view: OverviewView): CsvReply {
  const backlog = view.review.backlog;
  const rows: LongRow[] = [
    { table: '范围', label: view.scope.departmentName, value: `${view.period}年`, code: view.scope.departmentId },
    { table: '纪实', label: '纪实总数', value: view.records.total },
    ...entries('纪实·按填报项', view.records.byItem, (code) => itemName(code)),
    ...entries('纪实·按状态', view.records.byStatus, (code) => labelOf(RECORD_STATUS_LABELS, code)),
    ...entries('纪实·按月份', view.records.byMonth),
    ...view.records.byDepartment.map((d) => ({ table: '纪实·按单位', label: d.departmentName, value: d.total, note: `其中已认定 ${d.verified}`, code: d.departmentId })),
    ...entries('审核·按月认定', view.review.verifiedByMonth),
    { table: '审核', label: '研判通过', value: view.review.verified },
    { table: '审核', label: '退回', value: view.review.returned },
    { table: '审核', label: '已驳回', value: view.review.rejected },
    { table: '审核', label: '提交至认定中位数(分钟)', value: view.review.submissionToVerification.medianMinutes },
    { table: '审核', label: '提交至认定P90(分钟)', value: view.review.submissionToVerification.p90Minutes },
    { table: '审核', label: '待审积压', value: backlog.count, note: backlog.oldestSubmittedOn ? `最早 ${beijingDate(backlog.oldestSubmittedOn)} 报送，已等待 ${backlog.oldestAgeDays} 天` : null },
    { table: '任务', label: '发布任务', value: view.tasks.published },
    { table: '任务', label: '揭榜成功', value: view.tasks.claimed },
    { table: '任务', label: '已办结', value: view.tasks.concluded },
    ...entries('任务·按领域', view.tasks.byDomain, (code) => labelOf(TASK_DOMAIN_LABELS, code)),
    ...entries('任务·按状态', view.tasks.byStatus, (code) => labelOf(TASK_STATUS_LABELS, code)),
    { table: '任务', label: '揭榜率', value: view.tasks.shareClaimed },
    { table: '任务', label: '办结率', value: view.tasks.shareConcluded },
    { table: '积分', label: '干部数', value: view.points.cadres },
    { table: '积分', label: '有积分干部数', value: view.points.scored },
    { table: '积分', label: '积分合计', value: view.points.total },
    { table: '积分', label: '平均积分', value: view.points.average },
    ...view.points.histogram.map((bin) => ({ table: '积分分布', label: `${bin.from}–${bin.to} 分`, value: bin.cadres })),
    { table: '超期待办', label: '超期待办总数', value: view.overdue.total },
    ...entries('超期待办·按类型', view.overdue.byKind, (code) => labelOf(INBOX_KIND_LABELS, code)),
    ...view.overdue.byDepartment.map((d) => ({ table: '超期待办·按单位', label: d.departmentName, value: d.total, note: kindsOf(d.byKind), code: d.departmentId })),
  ];
  return exportPage(LONG, rows, `analytics-overview-${view.period}.csv`);
}

type DepartmentRow = DepartmentsView['items'][number] & { parentName: string };
const DEPARTMENT_COLUMNS: CsvColumn<DepartmentRow>[] = [
  ['单位', (r) => r.departmentName],
  ['上级单位', (r) => r.parentName],
  ['层级', (r) => r.depth],
  ['干部数', (r) => r.cadres],
  ['纪实数', (r) => r.records],
  ['认定数', (r) => r.verified],
  ['人均认定', (r) => r.verifiedPerCadre],
  ['积分合计', (r) => r.points],
  ['人均积分', (r) => r.averagePoints],
  ['待审积压', (r) => r.backlog],
  ['最早待审报送日', (r) => beijingDate(r.oldestBacklogSubmittedOn)],
  ['最长等待(天)', (r) => r.oldestBacklogAgeDays],
  ['含下级干部数', (r) => r.subtree.cadres],
  ['含下级认定数', (r) => r.subtree.verified],
  ['含下级人均积分', (r) => r.subtree.averagePoints],
  ['含下级待审积压', (r) => r.subtree.backlog],
  ['编号', (r) => r.departmentId],
];

export function departmentsCsv(view: DepartmentsView): CsvReply {
  const names = new Map(view.items.map((d) => [d.departmentId, d.departmentName]));
  const rows = view.items.map((d) => ({ ...d, parentName: d.parentId ? (names.get(d.parentId) ?? '') : '' }));
  return exportPage(DEPARTMENT_COLUMNS, rows, `analytics-departments-${view.period}.csv`);
}

const ratingOrVerdict = (kind: 'record' | 'task', code: string | null) => labelOf(kind === 'record' ? RATING_LABELS : TASK_VERDICT_LABELS, code);

export function portraitCsv(view: PortraitView): CsvReply {
  const { cadre } = view;
  const rows: LongRow[] = [
    { table: '干部', label: cadre.name, value: cadre.departmentName, note: [labelOf(RANK_LEVEL_LABELS, cadre.rankLevel), cadre.title].filter(Boolean).join(' '), code: cadre.id },
    { table: '积分', label: `${view.period}年积分`, value: view.total },
    ...view.radar.map((r) => ({ table: '积分·按一级项', label: r.name, value: r.points, code: r.item })),
    ...view.timeline.map((t) => ({
      table: t.kind === 'record' ? '履职纪实' : '揭榜任务',
      label: t.title,
      value: t.points,
      note: [
        beijingDateTime(t.at),
        t.kind === 'record' ? itemName(t.category) : labelOf(TASK_DOMAIN_LABELS, t.category),
        ratingOrVerdict(t.kind, t.rating),
        labelOf(IMPACT_LEVEL_LABELS, t.impactLevel),
        `${labelOf(MEMBER_ROLE_LABELS, t.role)} ${t.share}%`,
      ]
        .filter(Boolean)
        .join('；'),
      code: t.id,
    })),
    ...view.trend.map((t) => ({ table: '月度积分(本人/单位人均/全市人均)', label: t.month, value: t.cadre, note: `${t.department} / ${t.city}` })),
    ...view.teams.map((t) => ({ table: '团队', label: t.teamName, value: labelOf(MEMBER_ROLE_LABELS, t.role), note: `${t.memberIds.length} 人，${beijingDateTime(t.formedAt)} 组建`, code: t.teamId })),
    ...view.collaborators.map((c) => ({ table: '合作者', label: c.name, value: c.together, note: '共同纪实或团队数', code: c.userId })),
    ...view.appraisal.grades.map((g) => ({ table: '考核等次', label: g.cycleName, value: g.gradeLabel, note: `${g.kindLabel}；${g.period}`, code: g.cycleId })),
    ...view.appraisal.surveys.map((v) => ({
      table: '民主测评',
      label: v.cycleName,
      value: v.overall,
      note: [`${v.period}`, v.satisfaction === null ? '' : `满意度 ${v.satisfaction}%`, v.criteria.map((c) => `${c.name} ${c.score ?? '—'}`).join('、')].filter(Boolean).join('；'),
      code: v.cycleId,
    })),
    ...view.outcomes.map((o) => ({ table: '选人用人', label: o.roundName, value: o.outcomeLabel, note: [o.kindLabel, o.position, `${beijingDateTime(o.concludedAt)} 完成`].filter(Boolean).join('；'), code: o.roundId })),
  ];
  return exportPage(LONG, rows, `analytics-portrait-${view.cadre.id}-${view.period}.csv`);
}

const CANDIDATE_COLUMNS: CsvColumn<CandidatesView['items'][number]>[] = [
  ['名次', (r) => r.rank],
  ['姓名', (r) => r.name],
  ['单位', (r) => r.departmentName],
  ['职级', (r) => labelOf(RANK_LEVEL_LABELS, r.rankLevel)],
  ['职务', (r) => r.title],
  ['积分', (r) => r.points],
  ['认定纪实数', (r) => r.evidence.verifiedRecords],
  ['办结任务数', (r) => r.evidence.concludedTasks],
  ['评级分布', (r) => Object.entries(r.evidence.ratings).map(([k, v]) => `${labelOf(RATING_LABELS, k)} ${v}`).join('、')],
  [
    '主要纪实',
    (r) =>
      r.evidence.records
        .map((e) => `《${e.title}》（${[itemName(e.itemCode), labelOf(RATING_LABELS, e.rating), e.points === null ? '' : `${e.points} 分`, beijingDate(e.verifiedAt)].filter(Boolean).join('，')}）`)
        .join('；'),
  ],
  [
    '主要任务',
    (r) =>
      r.evidence.tasks
        .map((e) => `《${e.title}》（${[labelOf(TASK_VERDICT_LABELS, e.verdict), e.points === null ? '' : `${e.points} 分`, beijingDate(e.concludedAt)].filter(Boolean).join('，')}）`)
        .join('；'),
  ],
  ['考核等次', (r) => gradesText(r.grades)],
  ['满意度(%)', (r) => r.satisfaction],
  ['全市名次', (r) => r.cityRank],
  ['全市干部数', (r) => r.cityCadres],
  ['全市前10%', (r) => (r.topDecile ? '是' : '否')],
  ['编号', (r) => r.cadreId],
];

const gradesText = (grades: AppraisalGradeEntry[]) => grades.map((g) => `${g.cycleName} ${g.gradeLabel}`).join('、');

export function candidatesCsv(view: CandidatesView): CsvReply {
  return exportPage(CANDIDATE_COLUMNS, view.items, `analytics-candidates-${view.period}.csv`);
}

/** `{ <kind>: { <grade>: n } }` for people: `年度考核：优秀 1、称职 2；平时考核：好 3`, kinds and grades in their order. */
const kindsText = (byKind: Record<string, Record<string, number>>) =>
  CYCLE_KINDS.filter((kind) => byKind[kind])
    .map((kind) => `${CYCLE_KIND_LABELS[kind]}：${GRADES.filter((g) => byKind[kind]![g]).map((g) => `${GRADE_LABELS[g]} ${byKind[kind]![g]}`).join('、')}`)
    .join('；');

export function appraisalCsv(view: AnalyticsAppraisalView): CsvReply {
  const { grades, surveys } = view;
  const rows: LongRow[] = [
    { table: '范围', label: view.scope.departmentName, value: `${view.period}年`, code: view.scope.departmentId },
    { table: '考核等次', label: '已确认等次数', value: grades.total },
    ...CYCLE_KINDS.filter((kind) => grades.byKind[kind]).flatMap((kind) =>
      GRADES.filter((g) => grades.byKind[kind]![g]).map((g) => ({ table: `考核等次·${CYCLE_KIND_LABELS[kind]}`, label: GRADE_LABELS[g], value: grades.byKind[kind]![g]!, code: g })),
    ),
    ...grades.byDepartment.map((d) => ({ table: '考核等次·按单位', label: d.departmentName, value: d.total, note: kindsText(d.byKind), code: d.departmentId })),
    { table: '民主测评', label: '有测评结果干部数', value: surveys.cadres },
    { table: '民主测评', label: '平均满意度(%)', value: surveys.satisfaction },
    ...surveys.criteria.map((c) => ({ table: '民主测评·按指标', label: c.name, value: c.average, note: `${c.cadres} 人`, code: c.code })),
    ...surveys.byDepartment.map((d) => ({
      table: '民主测评·按单位',
      label: d.departmentName,
      value: d.satisfaction,
      note: [`${d.cadres} 人`, d.criteria.map((c) => `${c.name} ${c.average}`).join('、')].filter(Boolean).join('；'),
      code: d.departmentId,
    })),
  ];
  return exportPage(LONG, rows, `analytics-appraisal-${view.period}.csv`);
}

/** `{promoted, advanced, awarded}` for people: `提拔使用 2、评先评优 1`, in the kinds' order. */
const outcomesText = (counts: Record<(typeof OUTCOME_KINDS)[number], number>) =>
  OUTCOME_KINDS.filter((kind) => counts[kind])
    .map((kind) => `${OUTCOME_KIND_LABELS[kind]} ${counts[kind]}`)
    .join('、');

export function selectionCsv(view: AnalyticsSelectionView): CsvReply {
  const { outcomes, merit, rounds } = view;
  const rows: LongRow[] = [
    { table: '范围', label: view.scope.departmentName, value: `${view.period}年`, code: view.scope.departmentId },
    { table: '选人用人结果', label: '合计', value: outcomes.total },
    ...OUTCOME_KINDS.map((kind) => ({ table: '选人用人结果', label: OUTCOME_KIND_LABELS[kind], value: outcomes[kind], code: kind })),
    ...view.byDepartment.map((d) => ({ table: '选人用人结果·按单位', label: d.departmentName, value: d.total, note: outcomesText(d), code: d.departmentId })),
    { table: '凭实绩', label: '有全市积分名次的入选干部', value: merit.selected },
    { table: '凭实绩', label: '其中全市积分前10%', value: merit.topDecile },
    { table: '凭实绩', label: '占比(%)', value: merit.share },
    { table: '选拔轮次', label: '已完成轮次', value: rounds.concluded },
    { table: '选拔轮次', label: '发起至决定平均天数', value: rounds.averageDaysToDecision },
    { table: '选拔轮次', label: '发起至决定天数中位数', value: rounds.medianDaysToDecision },
  ];
  return exportPage(LONG, rows, `analytics-selection-${view.period}.csv`);
}
