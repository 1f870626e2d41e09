import { INBOX_KIND_LABELS, beijingDateTime, type InboxItemView, type InboxView } from '@cadre/contracts';
import type { CsvColumn } from '@cadre/platform';

/** The stored fields a view shows. */
export interface ItemForView {
  _id: string;
  kind: InboxItemView['kind'];
  subjectType: InboxItemView['subject']['type'];
  subjectId: string;
  title: string;
  summary: string;
  link: string;
  departmentId: string;
  openedAt: Date;
  dueAt: Date;
  overdue: boolean;
  escalated: boolean;
}

/** One item as the caller sees it; `departmentName` from the directory replica ('' when unknown). */
export function itemView(item: ItemForView, departmentName: string, now: Date): InboxItemView {
  return {
    id: item._id,
    kind: item.kind,
    kindLabel: INBOX_KIND_LABELS[item.kind],
    title: item.title,
    summary: item.summary,
    subject: { type: item.subjectType, id: item.subjectId },
    link: item.link,
    departmentId: item.departmentId,
    departmentName,
    openedAt: new Date(item.openedAt).toISOString(),
    dueAt: new Date(item.dueAt).toISOString(),
    overdue: item.overdue || new Date(item.dueAt).getTime() < now.getTime(),
    escalated: item.escalated,
  };
}

const COLUMNS: CsvColumn<InboxItemView>[] = [
  ['类型', (i) => i.kindLabel],
  ['标题', (i) => i.title],
  ['事项', (i) => i.summary],
  ['所属单位', (i) => i.departmentName],
  ['开始时间', (i) => beijingDateTime(i.openedAt)],
  ['办理时限', (i) => beijingDateTime(i.dueAt)],
  ['是否超期', (i) => (i.overdue ? '已超期' : '未超期')],
  ['是否已催办升级', (i) => (i.escalated ? '是' : '否')],
];

/** `GET /inbox?format=csv`: Chinese headers, Beijing time, labels (never a code or an id). */
export function inboxCsvColumns(): CsvColumn<InboxItemView>[] {
  return COLUMNS;
}

export function inboxCsvFilename(view: InboxView, now: Date): string {
  return `inbox-${beijingDateTime(now).slice(0, 10)}-${view.total}.csv`;
}
