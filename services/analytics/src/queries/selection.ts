import { OUTCOME_KINDS, OUTCOME_KIND_LABELS, ROUND_KIND_LABELS, type AnalyticsSelectionView, type PortraitView } from '@cadre/contracts';
import { dayFigures, meritShare, outcomeDocId, type CadreOutcomeEntry, type RoundEntry } from '../projection/domain/selection';
import type { ModelStore } from '../projection/model-store';
import type { Department, PeopleDirectory } from '../directory/people-directory';
import { docs, num, type Doc } from './read';
import type { Scope } from '../domain/access';

type OutcomeCounts = AnalyticsSelectionView['outcomes'];

function countsOf(doc: Doc): OutcomeCounts {
  const counts = { promoted: num(doc, 'promoted'), advanced: num(doc, 'advanced'), awarded: num(doc, 'awarded'), total: 0 };
  counts.total = OUTCOME_KINDS.reduce((n, kind) => n + counts[kind], 0);
  return counts;
}

/**
 * `GET /analytics/selection`: the scope's departments' own outcome counts (`rows/rsel|<year>|<dept>`) and the year's
 * rounds (`rows/rselr|<year>`), both held in memory; the scope's figures are their sums, and a round counts in the
 * scope when one of its outcomes' departments lies in it.
 */
export async function selectionAnalytics(store: ModelStore, directory: PeopleDirectory, scope: Scope, period: string, asOf: Record<string, string | null>): Promise<AnalyticsSelectionView> {
  const seen = new Set<string>();
  const departments: Department[] = scope.roots.flatMap((root) => directory.subtree(root.id)).filter((d) => !seen.has(d.id) && seen.add(d.id));
  const roundsId = `rselr|${period}`;
  const rows = await docs(store, 'rows', [...departments.map((d) => `rsel|${period}|${d.id}`), roundsId]);
  const outcomes: OutcomeCounts = { promoted: 0, advanced: 0, awarded: 0, total: 0 };
  const byDepartment: AnalyticsSelectionView['byDepartment'] = [];
  let selected = 0;
  let top = 0;
  for (const d of departments) {
    const row = rows.get(`rsel|${period}|${d.id}`) ?? null;
    const own = countsOf(row);
    for (const key of Object.keys(outcomes) as (keyof OutcomeCounts)[]) outcomes[key] += own[key];
    const merit = (row?.merit as Doc | undefined) ?? null;
    selected += num(merit, 'selected');
    top += num(merit, 'top');
    if (own.total) byDepartment.push({ departmentId: d.id, departmentName: d.name, ...own });
  }
  byDepartment.sort((a, b) => b.total - a.total || a.departmentName.localeCompare(b.departmentName) || a.departmentId.localeCompare(b.departmentId));
  const days = Object.entries(rows.get(roundsId) ?? {})
    .filter(([field, entry]) => field !== '_id' && field !== 'seq' && entry && typeof entry === 'object')
    .map(([, entry]) => entry as RoundEntry)
    .filter((round) => round.departmentIds.some((id) => seen.has(id)))
    .map((round) => round.days);
  const figures = dayFigures(days);
  return {
    period,
    scope: scope.view,
    outcomes,
    byDepartment,
    merit: { selected, topDecile: top, share: meritShare(selected, top) },
    rounds: { concluded: days.length, averageDaysToDecision: figures.average, medianDaysToDecision: figures.median },
    asOf,
  };
}

/** A cadre's outcomes of concluded rounds, every year, newest first (`rows/rselc|<cadre>`, held in memory). */
export async function cadreOutcomes(store: ModelStore, cadreId: string): Promise<PortraitView['outcomes']> {
  const doc = (await docs(store, 'rows', [outcomeDocId(cadreId)])).get(outcomeDocId(cadreId)) ?? null;
  const entries = (doc?.outcomes as Record<string, CadreOutcomeEntry> | undefined) ?? {};
  return Object.entries(entries)
    .sort(([a, x], [b, y]) => Date.parse(y.concludedAt) - Date.parse(x.concludedAt) || a.localeCompare(b))
    .map(([roundId, o]) => ({
      roundId,
      roundName: o.roundName,
      kind: o.kind,
      kindLabel: ROUND_KIND_LABELS[o.kind] ?? o.kind,
      outcome: o.outcome,
      outcomeLabel: OUTCOME_KIND_LABELS[o.outcome] ?? o.outcome,
      position: o.position,
      concludedAt: o.concludedAt,
    }));
}
