import { isWithinSubtree, type DepartmentRowView, type DepartmentsView, type OverdueView, type OverviewView, type PointsBinView } from '@cadre/contracts';
import { sumMaps } from '../projection/domain/cells';
import { POINTS_BIN_WIDTH } from '../projection/domain/points';
import { dayOf, daysBetween, minutesOfKey, quantiles } from '../projection/domain/time';
import type { ModelStore } from '../projection/model-store';
import type { PeopleDirectory } from '../directory/people-directory';
import { docs, map, num, points, ratio, type Doc } from './read';
import type { Scope } from '../domain/access';

/** The overview (docs/API.md `GET /analytics/overview`) of a scope and year: four rollups per root and the rows of the departments (both held in memory). */
export async function overview(store: ModelStore, directory: PeopleDirectory, scope: Scope, period: string, asOf: Record<string, string | null>): Promise<OverviewView> {
  const roots = scope.roots.map((r) => r.id);
  const ids = roots.flatMap((r) => [`rec|${r}|${period}`, `blg|${r}`, `task|${r}|${period}`, `pts|${r}|${period}`, `due|${r}`]);
  const found = await docs(store, 'rollups', ids);
  const each = (prefix: string, suffix = `|${period}`) => roots.map((r) => found.get(`${prefix}|${r}${suffix}`) ?? null);
  const rec = each('rec');
  const task = each('task');
  const pts = each('pts');
  const backlog = backlogOf(each('blg', ''));
  const rows = await departmentRows(store, directory, scope, period);
  const overdue = await overdueOf(store, directory, scope, each('due', ''));
  const byStatus = sumMaps(rec.map((d) => map(d, 'byStatus')));
  const reviewTimes = sumMaps(rec.map((d) => map(d, 'reviewTime')));
  const [medianMinutes, p90Minutes] = quantiles(reviewTimes, minutesOfKey, [0.5, 0.9]);
  const published = sum(task, 'published');
  const claimed = sum(task, 'claimed');
  const concluded = sum(task, 'concluded');
  const cadres = roots.reduce((n, r) => n + directory.subtreeCadres(r), 0);
  const scored = sum(pts, 'scored');
  const totalHundredths = sum(pts, 'total');
  return {
    period,
    scope: scope.view,
    records: {
      total: sum(rec, 'total'),
      byItem: sumMaps(rec.map((d) => map(d, 'byItem'))),
      byStatus,
      byMonth: sumMaps(rec.map((d) => map(d, 'byMonth'))),
      byDepartment: rows
        .filter((row) => row.records || row.verified)
        .map((row) => ({ departmentId: row.departmentId, departmentName: row.departmentName, total: row.records, verified: row.verified })),
    },
    review: {
      verifiedByMonth: sumMaps(rec.map((d) => map(d, 'verifiedByMonth'))),
      verified: sum(rec, 'verified'),
      returned: sum(rec, 'returned'),
      rejected: byStatus.rejected ?? 0,
      submissionToVerification: { count: Object.values(reviewTimes).reduce((a, b) => a + b, 0), medianMinutes, p90Minutes },
      backlog,
    },
    tasks: {
      published,
      byDomain: sumMaps(task.map((d) => map(d, 'byDomain'))),
      byStatus: sumMaps(task.map((d) => map(d, 'byStatus'))),
      claimed,
      concluded,
      shareClaimed: ratio(claimed, published, 4),
      shareConcluded: ratio(concluded, published, 4),
    },
    points: {
      cadres,
      scored,
      total: points(totalHundredths),
      average: ratio(totalHundredths / 100, cadres),
      binWidth: POINTS_BIN_WIDTH,
      histogram: histogramOf(sumMaps(pts.map((d) => map(d, 'histogram'))), Math.max(0, cadres - scored)),
    },
    overdue,
    asOf,
  };
}

/**
 * The work items open and overdue now (催办): the scope's totals from the roots' `due|<dept>` rollups (subtree
 * figures), and each department's own from `rdue|<dept>` rows (both held in memory), most overdue first.
 */
async function overdueOf(store: ModelStore, directory: PeopleDirectory, scope: Scope, roots: Doc[]): Promise<OverdueView> {
  const seen = new Set<string>();
  const departments = scope.roots.flatMap((root) => directory.subtree(root.id)).filter((d) => !seen.has(d.id) && seen.add(d.id));
  const rows = await docs(store, 'rows', departments.map((d) => `rdue|${d.id}`));
  const byDepartment = departments
    .map((d) => {
      const row = rows.get(`rdue|${d.id}`) ?? null;
      return { departmentId: d.id, departmentName: d.name, total: num(row, 'total'), byKind: sumMaps([map(row, 'byKind')]) };
    })
    .filter((row) => row.total > 0)
    .sort((a, b) => b.total - a.total);
  return { total: sum(roots, 'total'), byKind: sumMaps(roots.map((d) => map(d, 'byKind'))), byDepartment };
}

/** One row per department of the scope, its own figures: from the rows collection (held in memory). */
export async function departments(store: ModelStore, directory: PeopleDirectory, scope: Scope, period: string): Promise<DepartmentsView> {
  const items = await departmentRows(store, directory, scope, period);
  return { period, scope: scope.view, items, total: items.length };
}

async function departmentRows(store: ModelStore, directory: PeopleDirectory, scope: Scope, period: string): Promise<DepartmentRowView[]> {
  const seen = new Set<string>();
  const departments = scope.roots.flatMap((root) => directory.subtree(root.id)).filter((d) => !seen.has(d.id) && seen.add(d.id));
  const ids = departments.flatMap((d) => [`rrec|${period}|${d.id}`, `rrec|backlog|${d.id}`, `rpts|${period}|${d.id}`]);
  const rows = await docs(store, 'rows', ids);
  const own = departments.map((d) => {
    const rec = rows.get(`rrec|${period}|${d.id}`) ?? null;
    const waiting = rows.get(`rrec|backlog|${d.id}`) ?? null;
    const pts = rows.get(`rpts|${period}|${d.id}`) ?? null;
    const cadres = directory.ownCadres(d.id);
    const backlog = backlogOf([waiting], 'backlog');
    return {
      departmentId: d.id,
      departmentName: d.name,
      parentId: d.parentId,
      depth: d.path.length - 1,
      cadres,
      records: num(rec, 'records'),
      verified: num(rec, 'verified'),
      verifiedPerCadre: ratio(num(rec, 'verified'), cadres),
      points: points(num(pts, 'points')),
      averagePoints: ratio(num(pts, 'points') / 100, cadres),
      backlog: backlog.count,
      oldestBacklogSubmittedOn: backlog.oldestSubmittedOn,
      oldestBacklogAgeDays: backlog.oldestAgeDays,
      pointsHundredths: num(pts, 'points'),
    };
  });
  return own.map(({ pointsHundredths: _, ...row }, i) => {
    const under = own.filter((_other, j) => isWithinSubtree(departments[j]!.path, departments[i]!.id));
    const total = (field: 'cadres' | 'records' | 'verified' | 'backlog' | 'pointsHundredths') => under.reduce((n, r) => n + r[field], 0);
    const cadres = total('cadres');
    return {
      ...row,
      subtree: {
        cadres,
        records: total('records'),
        verified: total('verified'),
        verifiedPerCadre: ratio(total('verified'), cadres),
        points: points(total('pointsHundredths')),
        averagePoints: ratio(total('pointsHundredths') / 100, cadres),
        backlog: total('backlog'),
      },
    };
  });
}

function sum(found: Doc[], field: string): number {
  return found.reduce((n, d) => n + num(d, field), 0);
}

function backlogOf(found: Doc[], countField = 'count') {
  const byDay = found.length === 1 ? map(found[0]!, 'byDay') : sumMaps(found.map((d) => map(d, 'byDay')));
  // Day keys (YYYY-MM-DD) sort as dates do: the oldest waiting day is the first with a count, the median is
  // found by walking them newest first (ages ascending), and only the two answers become day counts.
  const days = Object.keys(byDay)
    .filter((day) => byDay[day]! > 0)
    .sort();
  const count = sum(found, countField);
  if (!days.length) return { count, oldestSubmittedOn: null, oldestAgeDays: null, medianAgeDays: null };
  const today = dayOf(new Date().toISOString());
  const waiting = days.reduce((n, day) => n + byDay[day]!, 0);
  const rank = Math.ceil(waiting / 2);
  let seen = 0;
  let medianDay = days[0]!;
  for (let i = days.length - 1; i >= 0; i--) {
    seen += byDay[days[i]!]!;
    if (seen >= rank) {
      medianDay = days[i]!;
      break;
    }
  }
  return { count, oldestSubmittedOn: days[0]!, oldestAgeDays: daysBetween(days[0]!, today), medianAgeDays: daysBetween(medianDay, today) };
}

/** Bins from the lowest to the highest occupied one, empty bins included so a chart reads straight. */
function histogramOf(bins: Record<string, number>, unscored: number): PointsBinView[] {
  const counts = new Map<number, number>(Object.entries(bins).map(([key, n]) => [Number(key.slice(1)), n]));
  if (unscored) counts.set(0, (counts.get(0) ?? 0) + unscored);
  if (!counts.size) return [];
  const froms = [...counts.keys()];
  const result: PointsBinView[] = [];
  for (let from = Math.min(...froms); from <= Math.max(...froms); from += POINTS_BIN_WIDTH) {
    result.push({ from, to: from + POINTS_BIN_WIDTH, cadres: counts.get(from) ?? 0 });
  }
  return result;
}
