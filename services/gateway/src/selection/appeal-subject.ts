import {
  RECORD_STATUS_LABELS,
  TASK_VERDICT_LABELS,
  labelOf,
  type AppealSubjectSnapshot,
  type Caller,
  type RecordDetailView,
  type ScoreView,
  type TaskView,
} from '@cadre/contracts';
import { problems } from '@cadre/platform';

/**
 * What an appeal is about, as read from its owner as the appellant (docs/API.md "Selection", `POST /selection/appeals`).
 * The selection service decides from the snapshot whose it is (`entitled`), whether it is appealable (`state`) and
 * whether the 15 days have passed (`decidedAt`).
 */

type Appellant = Pick<Caller, 'userId' | 'departmentId' | 'departmentPath'>;

function scopeOf(caller: Appellant) {
  return { departmentId: caller.departmentId, departmentPath: caller.departmentPath };
}

/** A return by the reviewer or the assessor (`review:return`, `assess:return`). */
function isReturn(action: string): boolean {
  return action === 'return' || action.endsWith(':return');
}

/**
 * A record: `returned` (a draft whose last step was a return), `rejected` (不予通过), otherwise its status (not
 * appealable); the decision and its time those of the history entry that made it; the filer's own only.
 */
export function recordSubject(record: RecordDetailView, caller: Appellant): AppealSubjectSnapshot {
  const last = record.history.at(-1);
  const returned = record.status === 'draft' && last !== undefined && isReturn(last.action);
  const rejection = record.status === 'rejected' ? [...record.history].reverse().find((entry) => entry.to === 'rejected') : undefined;
  const deciding = returned ? last : (rejection ?? last);
  const comment = deciding?.comment.trim() ?? '';
  const decision = returned
    ? `退回${comment ? `：${comment}` : ''}`
    : record.status === 'rejected'
      ? `不予通过${comment ? `：${comment}` : ''}`
      : labelOf(RECORD_STATUS_LABELS, record.status);
  return {
    type: 'record',
    id: record.id,
    title: record.title,
    decision,
    decidedAt: deciding?.at ?? record.updatedAt,
    link: `/records/${record.id}`,
    state: returned ? 'returned' : record.status,
    entitled: record.cadreId === caller.userId,
    ...scopeOf(caller),
  };
}

/**
 * A task's verdict (评审结果): only once concluded (409 before: there is no verdict yet); the caller's entitled when a
 * member of a team the verdict concerns, and the decision is their team's verdict (else the task's).
 */
export function verdictSubject(task: TaskView, caller: Appellant): AppealSubjectSnapshot {
  if (task.status !== 'concluded' || !task.concludedAt) throw problems.conflict('任务尚未结项，还没有可申诉的评审结果');
  const membersOf = (teamId: string) => [
    ...task.bids.filter((bid) => bid.teamId === teamId).flatMap((bid) => bid.members.map((member) => member.userId)),
    ...(task.reward?.teams.filter((team) => team.teamId === teamId).flatMap((team) => team.members.map((member) => member.userId)) ?? []),
  ];
  const judged = task.teamVerdicts
    ? task.teamVerdicts.flatMap((team) => (team.verdict ? [{ teamId: team.teamId, verdict: team.verdict }] : []))
    : task.bids.flatMap((bid) => (bid.status === 'awarded' && task.verdict ? [{ teamId: bid.teamId, verdict: task.verdict }] : []));
  const own = judged.find((team) => membersOf(team.teamId).includes(caller.userId));
  const verdict = own?.verdict ?? task.verdict;
  return {
    type: 'verdict',
    id: task.id,
    title: task.title,
    decision: `评审结果 ${labelOf(TASK_VERDICT_LABELS, verdict)}`.trim(),
    decidedAt: task.concludedAt,
    link: `/tasks/${task.id}`,
    state: 'verdict',
    entitled: own !== undefined,
    ...scopeOf(caller),
  };
}

/** Points as the decision reads: `积分 +12.50`, `积分 -3.00`. */
export function pointsDecision(points: number): string {
  return `积分 ${points >= 0 ? '+' : ''}${points.toFixed(2)}`;
}

/** A points entry of the caller's own score (404 for one not in it: nobody sees another's entries this way). */
export function scoreEntrySubject(score: ScoreView, entryId: string, caller: Appellant): AppealSubjectSnapshot {
  const entry = score.entries.find((candidate) => candidate.id === entryId);
  if (!entry) throw problems.notFound('您的积分中没有这条明细');
  return {
    type: 'score_entry',
    id: entry.id,
    title: entry.explanation,
    decision: pointsDecision(entry.points),
    decidedAt: entry.occurredAt,
    link: '/scores',
    state: 'entry',
    entitled: true,
    ...scopeOf(caller),
  };
}
