import {
  APPRAISAL_ITEM_KEY,
  TASK_ITEM_CODE,
  TASK_VERDICT_LABELS,
  itemName,
  labelOf,
  type CadreAppraisalPart,
  type CadreAppraisalView,
  type ScoreView,
} from '@cadre/contracts';

type LedgerEntry = ScoreView['entries'][number];
type PointsEntry = CadreAppraisalView['points']['entries'][number];

/** What points for grades are called where people read them (the standard's `APPRAISAL` pseudo-item). */
const APPRAISAL_ITEM_NAME = '考核等次';

/** Sums points (two decimals) over integer hundredths, so a sum carries no floating-point noise. */
function sumPoints(values: number[]): number {
  return values.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100;
}

/** The item an entry counts under: the record's second-level (or first-level) item, `TASK` for tasks, `APPRAISAL` for grades. */
function itemOf(entry: LedgerEntry): string {
  if (entry.source.type === 'task') return TASK_ITEM_CODE;
  if (entry.source.type === 'appraisal') return APPRAISAL_ITEM_KEY;
  return entry.itemCode ?? entry.firstLevelCode ?? '';
}

/** Where the console shows the entry's source: a record or a task; a grade has no page of its own. */
function linkOf(entry: LedgerEntry): string | null {
  if (entry.source.type === 'record') return `/records/${entry.source.id}`;
  if (entry.source.type === 'task') return `/tasks/${entry.source.id}`;
  return null;
}

/** The verdict a task entry carries in its facts, when the scoring service answers them (the view may not). */
function verdictOf(entry: LedgerEntry): string | null {
  const facts = (entry as { facts?: unknown }).facts;
  if (typeof facts !== 'object' || facts === null) return null;
  const verdict = (facts as { verdict?: unknown }).verdict;
  return typeof verdict === 'string' && verdict ? verdict : null;
}

/**
 * The combined appraisal view (综合考评) of one cadre and year: the points from scoring (each entry with its source,
 * item, explanation and link), the grades and 测评 results from appraisal, and the tasks (揭榜挂帅) from the points'
 * task entries (one row per task, its points summed).
 */
export function composeCadreAppraisal(part: CadreAppraisalPart, score: ScoreView): CadreAppraisalView {
  const entries: PointsEntry[] = score.entries.map((entry) => {
    const item = itemOf(entry);
    return {
      source: { type: entry.source.type, id: entry.source.id, title: entry.source.title ?? '' },
      item,
      itemName: item === APPRAISAL_ITEM_KEY ? APPRAISAL_ITEM_NAME : itemName(item),
      points: entry.points,
      explanation: entry.explanation,
      link: linkOf(entry),
    };
  });
  const ownAppraisal = (score as { appraisal?: unknown }).appraisal;
  const appraisal =
    typeof ownAppraisal === 'number' ? ownAppraisal : sumPoints(score.entries.filter((entry) => entry.source.type === 'appraisal').map((entry) => entry.points));

  const tasks = new Map<string, CadreAppraisalView['tasks'][number] & { sum: number[] }>();
  for (const entry of score.entries) {
    if (entry.source.type !== 'task') continue;
    const task = tasks.get(entry.source.id) ?? {
      taskId: entry.source.id,
      title: entry.source.title ?? '',
      verdict: null,
      verdictLabel: '',
      points: 0,
      link: `/tasks/${entry.source.id}`,
      sum: [],
    };
    task.sum.push(entry.points);
    if (!task.title && entry.source.title) task.title = entry.source.title;
    const verdict = verdictOf(entry);
    if (verdict && !task.verdict) {
      task.verdict = verdict;
      task.verdictLabel = labelOf(TASK_VERDICT_LABELS, verdict);
    }
    tasks.set(entry.source.id, task);
  }

  return {
    cadre: part.cadre,
    period: part.period,
    points: { total: score.total, participation: score.participation, contribution: score.contribution, appraisal, entries },
    grades: part.grades,
    surveys: part.surveys,
    tasks: [...tasks.values()].map(({ sum, ...task }) => ({ ...task, points: sumPoints(sum) })),
  };
}
