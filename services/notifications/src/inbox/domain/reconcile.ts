import type { InboxKind } from '@cadre/contracts';
import { audienceOf, type InboxPlan, type InboxRole, type ItemDraft, type ItemFields } from './items';

/** What the store knows of an item (the fields a decision reads). */
export interface ItemState {
  _id: string;
  kind: InboxKind;
  open: boolean;
  sourceVersion: number;
  title: string;
  summary: string;
  departmentId: string;
  departmentPath: string[];
  userIds: string[];
  role: InboxRole | null;
  excludeUserIds: string[];
  audience: string[];
  openedAt: Date;
  dueAt: Date;
}

/** The content fields an item takes from a draft (besides its times). */
export interface ItemContent extends ItemFields {
  /**
   * The audience keys it is placed under while open (`user:<id>`, `reviewer:<dept id>` for each department on the
   * path, `assessor`, `publisher:<dept id>`…): the `_id`s of the audience documents holding its entry (InboxStore).
   */
  audience: string[];
  /** The version of the source object (record, task, team) last applied: an event at or below it changes nothing. */
  sourceVersion: number;
}

export type ItemOperation =
  | { op: 'create'; id: string; content: ItemContent; openedAt: Date; dueAt: Date }
  /** Open again an item closed earlier (a returned record submitted again): a new clock. */
  | { op: 'reopen'; id: string; content: ItemContent; openedAt: Date; dueAt: Date }
  /** Still open: the holders, the summary or the title changed (or only the source version moved on). */
  | { op: 'update'; id: string; content: ItemContent; changed: boolean }
  | { op: 'close'; id: string; sourceVersion: number };

/**
 * The operations that bring the items of the plan's object to what the plan says, given the items the store holds
 * for it. An item whose source version is at or above the plan's is left alone: a redelivered or late event
 * changes nothing. Due times come from `dueOf` (the service level of the kind, from the draft's clock).
 */
export function reconcile(plan: InboxPlan, existing: readonly ItemState[], dueOf: (draft: ItemDraft) => Date): ItemOperation[] {
  const ops: ItemOperation[] = [];
  const byId = new Map(existing.map((item) => [item._id, item]));
  for (const [kind, drafts] of Object.entries(plan.kinds) as [InboxKind, ItemDraft[]][]) {
    const wanted = new Set(drafts.map((d) => d.id));
    for (const draft of drafts) {
      const current = byId.get(draft.id);
      const content = contentOf(draft, plan.sourceVersion);
      if (!current) {
        ops.push({ op: 'create', id: draft.id, content, openedAt: new Date(draft.clockFrom), dueAt: dueOf(draft) });
      } else if (current.sourceVersion >= plan.sourceVersion) {
        continue;
      } else if (!current.open) {
        ops.push({ op: 'reopen', id: draft.id, content, openedAt: new Date(draft.clockFrom), dueAt: dueOf(draft) });
      } else {
        ops.push({ op: 'update', id: draft.id, content, changed: contentChanged(current, content) });
      }
    }
    for (const current of existing) {
      if (current.kind !== kind || wanted.has(current._id) || !current.open) continue;
      if (current.sourceVersion >= plan.sourceVersion) continue;
      ops.push({ op: 'close', id: current._id, sourceVersion: plan.sourceVersion });
    }
  }
  return ops;
}

function contentOf(draft: ItemDraft, sourceVersion: number): ItemContent {
  return {
    kind: draft.kind,
    subjectType: draft.subjectType,
    subjectId: draft.subjectId,
    title: draft.title,
    summary: draft.summary,
    link: draft.link,
    departmentId: draft.departmentId,
    departmentPath: draft.departmentPath,
    userIds: draft.userIds,
    role: draft.role,
    excludeUserIds: draft.excludeUserIds,
    audience: audienceOf(draft),
    sourceVersion,
  };
}

function contentChanged(current: ItemState, next: ItemContent): boolean {
  return (
    current.title !== next.title ||
    current.summary !== next.summary ||
    current.departmentId !== next.departmentId ||
    !sameList(current.departmentPath, next.departmentPath) ||
    !sameList(current.userIds, next.userIds) ||
    current.role !== next.role ||
    !sameList(current.excludeUserIds, next.excludeUserIds)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
