import type { InboxKind } from '@cadre/contracts';
import { INBOX_KIND_LIST, type InboxCounts } from '../../api/notifications';

/** The menu entry where reviewers find the award rounds taking applications (评先评优推荐). */
export const RECOMMEND_PATH = '/selection/recommend';

/** Which menu entry shows which kinds of waiting work (the entry where that work is done). */
export const MENU_KINDS: Record<string, readonly InboxKind[]> = {
  '/inbox': INBOX_KIND_LIST,
  '/records': ['record_fix', 'share_confirm'],
  '/records/review': ['record_review'],
  '/records/assess': ['record_assess'],
  '/tasks/teams': ['team_invitation'],
  '/tasks/evaluations': ['bid_evaluate', 'result_review'],
  '/tasks/batches': ['task_award', 'task_conclude'],
  // 考评 (issue #21): the assessors reach the review from the cycles; the appraisers revise on their sheet.
  '/appraisal/cycles': ['appraisal_review'],
  '/appraisal/sheet': ['appraisal_revise'],
  // 选人用人 (issue #22): the assessors answer objections on the round's page and decide appeals; reviewers recommend.
  '/selection/rounds': ['objection_handle'],
  '/selection/appeals': ['appeal_decide'],
  [RECOMMEND_PATH]: ['application_recommend'],
};

/** The count each menu entry shows (0: none shown), from the inbox's counts by kind. */
export function menuCounts(counts: Partial<InboxCounts> | null | undefined): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [path, kinds] of Object.entries(MENU_KINDS)) result[path] = kinds.reduce((sum, kind) => sum + (Number(counts?.[kind]) || 0), 0);
  return result;
}

/** The kinds to offer as filters: those with items, in the contract's order (the selected one kept even at 0). */
export function kindsWithItems(counts: Partial<InboxCounts> | null | undefined, selected?: InboxKind): InboxKind[] {
  return INBOX_KIND_LIST.filter((kind) => (counts?.[kind] ?? 0) > 0 || kind === selected);
}

/** Where the console opens an item: the link the service gave when it is a console path, else by its subject. */
export function itemPath(item: { link?: string | null; subject: { type: string; id: string } }): string {
  if (item.link && item.link.startsWith('/') && !item.link.startsWith('//')) return item.link;
  if (item.subject.type === 'appraisal') {
    // `<cycleId>:<cadreId>`: the cadre's appraisals.
    const cadreId = item.subject.id.slice(item.subject.id.lastIndexOf(':') + 1);
    return `/appraisal/cadres/${encodeURIComponent(cadreId)}`;
  }
  // 选人用人: `<roundId>:<objectionId>` and `<roundId>:<applicationId>` are worked on the round's pages.
  const roundId = encodeURIComponent(item.subject.id.split(':')[0]);
  if (item.subject.type === 'objection') return `/selection/rounds/${roundId}`;
  if (item.subject.type === 'application') return `/selection/rounds/${roundId}/applications`;
  const id = encodeURIComponent(item.subject.id);
  if (item.subject.type === 'appeal') return `/selection/appeals/${id}`;
  return item.subject.type === 'task' ? `/tasks/${id}` : item.subject.type === 'team' ? `/tasks/teams/${id}` : `/records/${id}`;
}

/** A safe console path from a message's link (never another origin). */
export function messagePath(link: string | null | undefined): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') ? link : null;
}
