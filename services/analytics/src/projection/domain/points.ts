import type { ScoreUpdatedV1 } from '@cadre/contracts';
import type { Cell } from './cells';

export interface YearPoints {
  revision: number;
  total: number;
  byItem: Record<string, number>;
  byMonth: Record<string, number>;
  bySource: Record<string, number>;
}

/** A cadre's points as the scoring service last reported them, per year (all amounts in hundredths). */
export interface PointsFact {
  id: string;
  /** The department of the latest report: points count under it. */
  departmentId: string;
  departmentPath: string[];
  revision: number;
  years: Record<string, YearPoints>;
}

/** Histogram bins of the points distribution, in points. */
export const POINTS_BIN_WIDTH = 10;

export function pointsBin(hundredths: number): number {
  return Math.floor(hundredths / (POINTS_BIN_WIDTH * 100)) * POINTS_BIN_WIDTH;
}

/** Keeps each year's newest report; the department follows the newest report of any year. */
export function foldPoints(fact: PointsFact | null, data: ScoreUpdatedV1): PointsFact | null {
  const known = fact?.years[data.period];
  if (known && known.revision >= data.revision) return null;
  const newest = !fact || data.revision > fact.revision;
  return {
    id: data.cadreId,
    departmentId: newest ? data.departmentId : fact!.departmentId,
    departmentPath: newest ? data.departmentPath : fact!.departmentPath,
    revision: newest ? data.revision : fact!.revision,
    years: {
      ...(fact?.years ?? {}),
      [data.period]: { revision: data.revision, total: data.totalHundredths, byItem: data.byItem, byMonth: data.byMonth, bySource: data.bySource },
    },
  };
}

/**
 * What a cadre's points add, per year: `rollups/pts|<dept>|<year>` for every department on the path (cadres
 * scored, total, histogram bin, by item, by month), `rows/rpts|<year>|<own dept>` (the departments table), and
 * the year in `cadres/cpts|<cadre>` (radar, trend, points per source).
 */
export function pointsCells(fact: PointsFact): Cell[] {
  const cells: Cell[] = [];
  for (const [year, points] of Object.entries(fact.years)) {
    for (const dept of fact.departmentPath) {
      const doc = `pts|${dept}|${year}`;
      cells.push(
        { collection: 'rollups', doc, path: 'scored', value: 1 },
        { collection: 'rollups', doc, path: 'total', value: points.total },
        { collection: 'rollups', doc, path: `histogram.b${pointsBin(points.total)}`, value: 1 },
      );
      for (const [item, amount] of Object.entries(points.byItem)) if (amount) cells.push({ collection: 'rollups', doc, path: `byItem.${item}`, value: amount });
      for (const [month, amount] of Object.entries(points.byMonth)) if (amount) cells.push({ collection: 'rollups', doc, path: `byMonth.${month}`, value: amount });
    }
    if (fact.departmentId) {
      const row = `rpts|${year}|${fact.departmentId}`;
      cells.push({ collection: 'rows', doc: row, path: 'scored', value: 1 }, { collection: 'rows', doc: row, path: 'points', value: points.total });
    }
    cells.push({
      collection: 'cadres',
      doc: `cpts|${fact.id}`,
      path: `years.${year}`,
      value: { total: points.total, byItem: points.byItem, byMonth: points.byMonth, bySource: points.bySource },
    });
  }
  return cells;
}
