import { TASK_DOMAIN_LABELS, TASK_FLAG_LABELS, TASK_STATUS_LABELS, TASK_VERDICT_LABELS, beijingDateTime, labelOf, type ExportPage, type TaskSummaryView } from '@cadre/contracts';
import { exportPage, toCsv, type CsvColumn } from '@cadre/platform';

/** The names a tasks CSV shows instead of ids. */
export interface TaskCsvNames {
  department(id: string): string | undefined;
  batch(id: string): string | undefined;
}

const NO_NAMES: TaskCsvNames = { department: () => undefined, batch: () => undefined };

const columns = (names: TaskCsvNames): CsvColumn<TaskSummaryView>[] => [
  ['任务', (t) => t.title],
  ['批次', (t) => names.batch(t.batchId) ?? ''],
  ['发榜单位', (t) => names.department(t.departmentId) ?? ''],
  ['领域', (t) => labelOf(TASK_DOMAIN_LABELS, t.domain)],
  ['急难险重', (t) => t.flags.map((f) => labelOf(TASK_FLAG_LABELS, f)).join('')],
  ['状态', (t) => labelOf(TASK_STATUS_LABELS, t.status)],
  ['奖励积分', (t) => t.rewardPoints],
  ['赛马', (t) => (t.allowRace ? '是' : '否')],
  ['揭榜截止', (t) => beijingDateTime(t.biddingDeadline)],
  ['交付期限', (t) => beijingDateTime(t.deliveryDeadline)],
  ['揭榜团队数', (t) => t.bidCount],
  ['评审结论', (t) => labelOf(TASK_VERDICT_LABELS, t.verdict)],
  ['创建时间', (t) => beijingDateTime(t.createdAt)],
  ['编号', (t) => t.id],
];

/**
 * The board as CSV for people: Chinese headers and labels, the publishing department's and the batch's names,
 * Beijing time (`YYYY-MM-DD HH:mm`); the task's id last (编号), for machines.
 */
export function tasksCsv(rows: TaskSummaryView[], names: TaskCsvNames = NO_NAMES): string {
  return toCsv(columns(names), rows);
}

/** A page of the board's export: the same columns as `tasksCsv`. */
export function tasksExportPage(rows: TaskSummaryView[], names: TaskCsvNames = NO_NAMES, filename: string, next: string | null): ExportPage {
  return exportPage(columns(names), rows, filename, next);
}

/** What `taskCsvNames` reads: the directory replica's departments and the batches, by id. */
export interface TaskCsvSources {
  department(id: string): Promise<{ name: string } | null>;
  batches(ids: string[]): Promise<{ _id: string; name: string }[]>;
}

const LOOKUPS_IN_PARALLEL = 16;

/** Looks up, once each, the publishing departments and the batches of the rows. */
export async function taskCsvNames(rows: readonly TaskSummaryView[], sources: TaskCsvSources): Promise<TaskCsvNames> {
  const departmentIds = [...new Set(rows.map((t) => t.departmentId).filter(Boolean))];
  const departments = new Map<string, string>();
  for (let i = 0; i < departmentIds.length; i += LOOKUPS_IN_PARALLEL) {
    const batch = departmentIds.slice(i, i + LOOKUPS_IN_PARALLEL);
    const found = await Promise.all(batch.map((id) => sources.department(id)));
    batch.forEach((id, j) => found[j]?.name && departments.set(id, found[j]!.name));
  }
  const batchIds = [...new Set(rows.map((t) => t.batchId).filter(Boolean))];
  const batches = new Map((batchIds.length ? await sources.batches(batchIds) : []).map((b) => [b._id, b.name]));
  return { department: (id) => departments.get(id), batch: (id) => batches.get(id) };
}
