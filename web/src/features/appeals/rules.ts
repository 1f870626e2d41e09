import type { AppealSubjectType, RecordDetailView, TaskView } from '@cadre/contracts';

/** Where the appeal form opens for a subject: `/selection/appeals?subjectType=&subjectId=&title=`. */
export function appealPath(subjectType: AppealSubjectType, subjectId: string, title: string): string {
  const query = new URLSearchParams({ subjectType, subjectId, title });
  return `/selection/appeals?${query.toString()}`;
}

/** The subject the appeal form was opened with (from the entry points' query), or null. */
export function subjectFromQuery(params: URLSearchParams): { subjectType: AppealSubjectType; subjectId: string; title: string } | null {
  const subjectType = params.get('subjectType');
  const subjectId = params.get('subjectId');
  if (!subjectId || (subjectType !== 'record' && subjectType !== 'verdict' && subjectType !== 'score_entry')) return null;
  return { subjectType, subjectId, title: params.get('title') || subjectId };
}

/**
 * A record its filer may appeal: rejected (不予通过), or returned (退回: a draft whose last step was a return by the
 * reviewer or the assessor). The window and a pending appeal are the service's to check.
 */
export function recordAppealable(record: Pick<RecordDetailView, 'status' | 'cadreId' | 'history'>, userId: string | undefined): boolean {
  if (!userId || record.cadreId !== userId) return false;
  if (record.status === 'rejected') return true;
  const last = record.history[record.history.length - 1];
  return record.status === 'draft' && !!last && last.action.endsWith(':return');
}

/** A concluded task's verdict, appealable by a member of a team it judged. */
export function verdictAppealable(task: Pick<TaskView, 'status' | 'reward'>, userId: string | undefined): boolean {
  if (!userId || task.status !== 'concluded' || !task.reward) return false;
  return task.reward.teams.some((team) => team.members.some((m) => m.userId === userId));
}
