import { periodYears, type DryRunView, type ScoringStandard } from '@cadre/contracts';
import { cadreTotals } from './cap';
import type { LedgerEntryDraft } from './entries';

/** How many cadres a dry run lists (those whose total moves most). */
export const DRY_RUN_LISTED = 200;

/** Entries grouped by cadre, as a dry run collects them. */
export type EntriesByCadre = Map<string, LedgerEntryDraft[]>;

export function collectByCadre(map: EntriesByCadre, entries: readonly LedgerEntryDraft[]): void {
  for (const entry of entries) {
    const list = map.get(entry.cadreId);
    if (list) list.push(entry);
    else map.set(entry.cadreId, [entry]);
  }
}

/**
 * A dry run's answer: each cadre's total of `period` under the active standard (before) and the candidate (after),
 * from the entries each derives of every source; the largest changes first, and the sums over every cadre.
 */
export function dryRunView(
  version: number,
  period: string,
  before: { entries: EntriesByCadre; standard: ScoringStandard },
  after: { entries: EntriesByCadre; standard: ScoringStandard },
): DryRunView {
  const years = periodYears(period);
  const total = (entries: LedgerEntryDraft[] | undefined, standard: ScoringStandard) => cadreTotals((entries ?? []).filter((e) => years.includes(e.period)), standard).total;
  const cadreIds = new Set([...before.entries.keys(), ...after.entries.keys()]);
  const rows = [...cadreIds].map((cadreId) => {
    const b = total(before.entries.get(cadreId), before.standard);
    const a = total(after.entries.get(cadreId), after.standard);
    return { cadreId, before: b / 100, after: a / 100, delta: (a - b) / 100 };
  });
  const sum = (key: 'before' | 'after') => Math.round(rows.reduce((s, r) => s + r[key] * 100, 0)) / 100;
  return {
    version,
    period,
    cadres: [...rows].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.cadreId < y.cadreId ? -1 : 1)).slice(0, DRY_RUN_LISTED),
    totals: { before: sum('before'), after: sum('after'), moved: rows.filter((r) => r.delta !== 0).length },
  };
}

/** A dry run's rows named from the directory: the cadre's name, department and the department's name, when known. */
export function namedDryRun(
  view: DryRunView,
  users: ReadonlyMap<string, { name: string; departmentId: string }>,
  departments: ReadonlyMap<string, string>,
): DryRunView {
  return {
    ...view,
    cadres: view.cadres.map((row) => {
      const user = users.get(row.cadreId);
      if (!user) return row;
      const departmentName = departments.get(user.departmentId);
      return { cadreId: row.cadreId, name: user.name, departmentId: user.departmentId, ...(departmentName !== undefined ? { departmentName } : {}), before: row.before, after: row.after, delta: row.delta };
    }),
  };
}
