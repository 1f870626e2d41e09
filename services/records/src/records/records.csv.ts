import {
  DEFAULT_ITEM_NAMES,
  IMPACT_LEVEL_LABELS,
  MEMBER_ROLE_LABELS,
  RATING_LABELS,
  RECORD_STATUS_LABELS,
  SHARE_CONFIRMATION_LABELS,
  beijingDate,
  beijingDateTime,
  itemName,
  labelOf,
  type ExportPage,
  type TaxonomyView,
} from '@cadre/contracts';
import { exportPage, toCsv, type CsvColumn } from '@cadre/platform';
import type { RecordDocument } from './record.schema';

/** The names a records CSV shows instead of ids and codes. */
export interface RecordCsvNames {
  department(id: string): string | undefined;
  person(id: string): string | undefined;
  /** Item names by code, first and second level (the current taxonomy's, else the default one's). */
  items: ReadonlyMap<string, string>;
}

const NO_NAMES: RecordCsvNames = { department: () => undefined, person: () => undefined, items: DEFAULT_ITEM_NAMES };

const participantOf = (names: RecordCsvNames, r: RecordDocument) => (p: RecordDocument['participants'][number]) => {
  const name = p.name || names.person(p.userId) || '（未知人员）';
  const parts = [`${labelOf(MEMBER_ROLE_LABELS, p.role)} ${p.share}%`];
  // The filer's own share needs no confirmation.
  if (p.userId !== r.cadreId && p.confirmation) parts.push(labelOf(SHARE_CONFIRMATION_LABELS, p.confirmation));
  return `${name}（${parts.join('，')}）`;
};

const columns = (names: RecordCsvNames): CsvColumn<RecordDocument>[] => [
  ['标题', (r) => r.title],
  ['填报人', (r) => r.cadreName || names.person(r.cadreId) || ''],
  ['单位', (r) => names.department(r.departmentId) ?? ''],
  ['填报项', (r) => itemName(r.itemCode, names.items)],
  ['状态', (r) => labelOf(RECORD_STATUS_LABELS, r.status)],
  ['申报影响层级', (r) => labelOf(IMPACT_LEVEL_LABELS, r.impactLevel)],
  ['认定影响层级', (r) => labelOf(IMPACT_LEVEL_LABELS, r.confirmedImpactLevel)],
  ['研判等级', (r) => labelOf(RATING_LABELS, r.rating)],
  ['起始日期', (r) => beijingDate(r.periodStart)],
  ['截止日期', (r) => beijingDate(r.periodEnd)],
  ['参与人', (r) => (r.participants ?? []).map(participantOf(names, r)).join('；')],
  ['佐证重复', (r) => (r.duplicateEvidence ? '是' : '否')],
  ['创建时间', (r) => beijingDateTime(r.createdAt)],
  ['报送时间', (r) => beijingDateTime(r.submittedAt)],
  ['认定时间', (r) => beijingDateTime(r.verifiedAt)],
  ['编号', (r) => r._id],
];

/** A page of the records export: the same columns as `recordsCsv`. */
export function recordsExportPage(rows: RecordDocument[], names: RecordCsvNames, filename: string, next: string | null): ExportPage {
  return exportPage(columns(names), rows, filename, next);
}

/**
 * The records as CSV for people: Chinese headers and labels, department and people names, item names, Beijing
 * time (`YYYY-MM-DD HH:mm`); the record's id last (编号), for machines.
 */
export function recordsCsv(rows: RecordDocument[], names: RecordCsvNames = NO_NAMES): string {
  return toCsv(columns(names), rows);
}

/** What `recordCsvNames` reads: the directory replica (by id) and the current taxonomy. */
export interface RecordCsvSources {
  department(id: string): Promise<{ name: string } | null>;
  user(id: string): Promise<{ name: string } | null>;
  taxonomy(): Promise<Pick<TaxonomyView, 'items'> | null>;
}

const LOOKUPS_IN_PARALLEL = 16;

/** Looks up, once each, the departments of the rows and the participants stored without a name. */
export async function recordCsvNames(rows: readonly RecordDocument[], sources: RecordCsvSources): Promise<RecordCsvNames> {
  const departmentIds = [...new Set(rows.map((r) => r.departmentId).filter(Boolean))];
  const userIds = [...new Set(rows.flatMap((r) => [...(r.cadreName ? [] : [r.cadreId]), ...(r.participants ?? []).filter((p) => !p.name).map((p) => p.userId)]).filter(Boolean))];
  const departments = await lookUp(departmentIds, (id) => sources.department(id));
  const people = await lookUp(userIds, (id) => sources.user(id));
  const items = new Map(DEFAULT_ITEM_NAMES);
  const taxonomy = await sources.taxonomy().catch(() => null);
  for (const item of taxonomy?.items ?? []) {
    items.set(item.code, item.name);
    for (const child of item.children) items.set(child.code, child.name);
  }
  return { department: (id) => departments.get(id), person: (id) => people.get(id), items };
}

async function lookUp(ids: string[], find: (id: string) => Promise<{ name: string } | null>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += LOOKUPS_IN_PARALLEL) {
    const batch = ids.slice(i, i + LOOKUPS_IN_PARALLEL);
    const rows = await Promise.all(batch.map((id) => find(id)));
    batch.forEach((id, j) => {
      const name = rows[j]?.name;
      if (name) found.set(id, name);
    });
  }
  return found;
}
