import { APPRAISAL_EVENTS, NOTIFICATION_EVENTS, RECORD_EVENTS, SCORING_EVENTS, SELECTION_EVENTS, STREAMS, TASK_EVENTS, type StreamSpec } from '@cadre/contracts';
import { foldGrade, foldSurvey, gradeCells, surveyCells, surveyIdOf, type GradeFact, type SurveyFact } from './appraisal';
import type { Cell } from './cells';
import { foldOverdueItem, overdueItemCells, type OverdueItemFact } from './overdue';
import { foldPoints, pointsCells, type PointsFact } from './points';
import { foldRecord, recordCells, type RecordFact } from './records';
import { foldConcluded, roundCells, roundIdOf, type RoundFact } from './selection';
import { foldTask, foldTeam, taskCells, teamCells, type TaskFact, type TeamFact } from './tasks';

/**
 * How each event type folds into a fact and what the fact contributes (see cells.ts). One table, used by the live
 * projector and by the rebuild alike.
 */
export interface FactProjection<F = unknown> {
  /** Facts of this kind are stored under `<kind>:<id>`. */
  kind: string;
  idOf(data: unknown): string;
  /** The fact after the event; null when the event changes nothing (not newer than the fact). */
  fold(fact: F | null, type: string, data: unknown): F | null;
  cells(fact: F): Cell[];
}

const record: FactProjection<RecordFact> = {
  kind: 'r',
  idOf: (data) => (data as { recordId: string }).recordId,
  fold: (fact, type, data) => foldRecord(fact, type, data as never),
  cells: recordCells,
};

const task: FactProjection<TaskFact> = {
  kind: 't',
  idOf: (data) => (data as { taskId: string }).taskId,
  fold: (fact, type, data) => foldTask(fact, type, data as never),
  cells: taskCells,
};

const team: FactProjection<TeamFact> = {
  kind: 'm',
  idOf: (data) => (data as { teamId: string }).teamId,
  fold: (fact, _type, data) => foldTeam(fact, data as never),
  cells: teamCells,
};

export const POINTS_PROJECTION: FactProjection<PointsFact> = {
  kind: 'p',
  idOf: (data) => (data as { cadreId: string }).cadreId,
  fold: (fact, _type, data) => foldPoints(fact, data as never),
  cells: pointsCells,
};

/** A work-inbox item's service-level state (notifications service): overdue work per department. */
export const OVERDUE_PROJECTION: FactProjection<OverdueItemFact> = {
  kind: 'o',
  idOf: (data) => {
    const id = (data as { itemId?: unknown }).itemId;
    if (typeof id !== 'string' || !id) throw new Error('an inbox item fact without an itemId');
    return id;
  },
  fold: (fact, type, data) => foldOverdueItem(fact, type, data as never),
  cells: overdueItemCells,
};

/** An appraisal's grade (appraisal service): the latest version wins; only a confirmed grade counts. */
const grade: FactProjection<GradeFact> = {
  kind: 'g',
  idOf: (data) => {
    const id = (data as { appraisalId?: unknown }).appraisalId;
    if (typeof id !== 'string' || !id) throw new Error('a grade without an appraisalId');
    return id;
  },
  fold: (fact, _type, data) => foldGrade(fact, data as never),
  cells: gradeCells,
};

/** A cadre's 测评 result of a cycle (`<cycleId>:<cadreId>`). */
const survey: FactProjection<SurveyFact> = {
  kind: 's',
  idOf: (data) => surveyIdOf(data as never),
  fold: (fact, _type, data) => foldSurvey(fact, data as never),
  cells: surveyCells,
};

/** A concluded selection round (selection service): its outcomes, forward-only by the round's version. */
const round: FactProjection<RoundFact> = {
  kind: 'sel',
  idOf: (data) => roundIdOf(data as never),
  fold: (fact, _type, data) => foldConcluded(fact, data as never),
  cells: roundCells,
};

const BY_TYPE = new Map<string, FactProjection>([
  ...Object.values(RECORD_EVENTS).map((type) => [type, record] as [string, FactProjection]),
  ...Object.values(TASK_EVENTS)
    .filter((type) => type.startsWith('tasks.task.'))
    .map((type) => [type, task] as [string, FactProjection]),
  [TASK_EVENTS.teamFormed, team as FactProjection],
  [SCORING_EVENTS.scoreUpdated, POINTS_PROJECTION as FactProjection],
  [NOTIFICATION_EVENTS.itemOverdue, OVERDUE_PROJECTION as FactProjection],
  [NOTIFICATION_EVENTS.itemClosed, OVERDUE_PROJECTION as FactProjection],
  [APPRAISAL_EVENTS.gradeSubmitted, grade as FactProjection],
  [APPRAISAL_EVENTS.gradeReturned, grade as FactProjection],
  [APPRAISAL_EVENTS.gradeConfirmed, grade as FactProjection],
  [APPRAISAL_EVENTS.surveyResult, survey as FactProjection],
  [SELECTION_EVENTS.roundConcluded, round as FactProjection],
]);

/** The projection of an event type; undefined for events analytics does not read (bids, …). */
export function projectionOf(type: string): FactProjection | undefined {
  return BY_TYPE.get(type);
}

/**
 * The streams the models are built from (the directory is kept in memory, see PeopleDirectory). NOTIFICATIONS,
 * APPRAISAL and SELECTION may be empty (their services not deployed yet): analytics creates every stream of STREAMS at start, and
 * its readers wait for a stream that is missing all the same. Each model document is fed by one stream only (its
 * `seq` guard is that stream's sequence): the appraisal's documents are `rows/rgrd|…`, `rows/rsvy|…`, `rows/rappr|…`;
 * the selection's `rows/rsel|…`, `rows/rselr|…`, `rows/rselc|…`. The cycle events (`appraisal.cycle.*`) are not read:
 * every grade and result carries its cycle's kind, name, period; of SELECTION only `selection.round.concluded` is.
 */
export const MODEL_STREAMS: readonly StreamSpec[] = [STREAMS.RECORDS, STREAMS.TASKS, STREAMS.SCORING, STREAMS.NOTIFICATIONS, STREAMS.APPRAISAL, STREAMS.SELECTION];
