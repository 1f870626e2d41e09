/**
 * The analytics end-to-end test's independent model: every figure of docs/API.md "Analytics" recomputed from the
 * owning services' data as their public API shows it (records with their history, tasks, teams, the directory,
 * scores), following the attribution rules written at the top of `libs/contracts/src/analytics/views.ts`. Nothing
 * here imports the analytics service: the rounding of review times, the nearest-rank quantiles, the UTC+8
 * calendar and the averages are written again from the contract's words.
 */
import type {
  CandidatesView,
  DepartmentRowView,
  DepartmentsView,
  DepartmentView,
  OverviewView,
  PortraitView,
  RecordDetailView,
  ScoreView,
  TaskView,
  TaxonomyView,
  TeamView,
  UserView,
} from '@cadre/contracts';

// ── the calendar of the platform: UTC+8 ─────────────────────────────────────────────────────────────────

const UTC8_MS = 8 * 3_600_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const local = (iso: string) => new Date(Date.parse(iso) + UTC8_MS).toISOString();
export const yearOf = (iso: string) => local(iso).slice(0, 4);
export const monthOf = (iso: string) => local(iso).slice(0, 7);
export const dayOf = (iso: string) => local(iso).slice(0, 10);
/** Whole calendar days (UTC+8) from the day of `fromIso` to the day of `toIso`. */
export const daysBetween = (fromIso: string, toIso: string) => Math.round((Date.parse(dayOf(toIso)) - Date.parse(dayOf(fromIso))) / DAY);

/**
 * A review time in minutes, rounded down to the minute below one day, to the hour below 30 days, to the day beyond
 * (views.ts: "rounded down to the minute below one day, to the hour below 30 days, to the day beyond").
 */
export function roundedReviewMinutes(fromIso: string, toIso: string): number {
  const ms = Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
  if (ms < DAY) return Math.floor(ms / MINUTE);
  if (ms < 30 * DAY) return Math.floor(ms / HOUR) * 60;
  return Math.floor(ms / DAY) * 24 * 60;
}

/** Nearest-rank percentile (`percent` in whole percent): the value at rank ⌈percent·n/100⌉ of the sorted values. */
export function nearestRank(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
  return sorted[rank - 1];
}

/** `x` rounded to `places` decimals. */
export const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
/** An average in points (2 decimals, halves up) of a sum of integer hundredths over `n`, without binary noise. */
export const average = (sumHundredths: number, n: number) => (n ? Math.round(sumHundredths / n) / 100 : 0);
/** Integer hundredths as points. */
export const points = (hundredths: number) => hundredths / 100;
/** A number of points (≤ 2 decimals) as integer hundredths. */
export const hundredths = (value: number) => Math.round(value * 100);

// ── what the owning services answer ─────────────────────────────────────────────────────────────────────

export interface Truth {
  year: string;
  departments: DepartmentView[];
  users: UserView[];
  records: RecordDetailView[];
  /** Every published task (the public board), with its full view. */
  tasks: TaskView[];
  /** Every team the scenario created, as `GET /teams/:id` shows it. */
  teams: TeamView[];
  /** `GET /scores/:cadreId?period=<year>` of every cadre. */
  scores: Map<string, ScoreView>;
  taxonomy: TaxonomyView;
}

type Counts = Record<string, number>;
const bump = (map: Counts, key: string, by = 1) => (map[key] = (map[key] ?? 0) + by);
/** A count map without its zeros (a key with 0 and an absent key say the same). */
export const withoutZeros = (map: Counts | undefined): Counts => Object.fromEntries(Object.entries(map ?? {}).filter(([, n]) => n !== 0));

const historyAt = (record: RecordDetailView, action: string) => record.history.filter((h) => h.action === action);
/** The last submission before `beforeIso` (or ever). */
function lastSubmission(record: RecordDetailView, beforeIso?: string): string | null {
  const submissions = historyAt(record, 'submit')
    .map((h) => h.at)
    .filter((at) => beforeIso === undefined || Date.parse(at) <= Date.parse(beforeIso))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return submissions.at(-1) ?? null;
}

export class Model {
  constructor(readonly truth: Truth) {}

  department(id: string): DepartmentView {
    const found = this.truth.departments.find((d) => d.id === id);
    if (!found) throw new Error(`unknown department ${id}`);
    return found;
  }

  user(id: string): UserView {
    const found = this.truth.users.find((u) => u.id === id);
    if (!found) throw new Error(`unknown user ${id}`);
    return found;
  }

  /** The ancestors of a department (root first) and itself, walking `parentId`. */
  lineage(id: string): string[] {
    const chain: string[] = [];
    for (let at: string | null = id; at; at = this.department(at).parentId) chain.unshift(at);
    return chain;
  }

  /** Whether department `id` lies within the subtree rooted at `scopeId`. */
  within(id: string, scopeId: string): boolean {
    return this.lineage(id).includes(scopeId);
  }

  /** Active users with the cadre role, from the directory. */
  cadres(scopeId?: string): UserView[] {
    return this.truth.users.filter((u) => u.active && u.roles.includes('cadre') && (scopeId === undefined || this.within(u.departmentId, scopeId)));
  }

  score(cadreId: string): ScoreView | undefined {
    return this.truth.scores.get(cadreId);
  }

  /** A cadre's points of the year in hundredths (0 without a score). */
  totalOf(cadreId: string): number {
    return hundredths(this.score(cadreId)?.total ?? 0);
  }

  /** Whether scoring reported anything for the cadre this year. */
  scored(cadreId: string): boolean {
    return (this.score(cadreId)?.entries.length ?? 0) > 0;
  }

  /** What one source (a record or a task) gave the cadre in the year, after the cap; null when scoring has no entry of it. */
  pointsOfSource(cadreId: string, sourceId: string): number | null {
    const entries = (this.score(cadreId)?.entries ?? []).filter((e) => e.source.id === sourceId);
    // `counted` is in hundredths, like `hundredths` (what the entry counts after the cap).
    return entries.length ? points(entries.reduce((sum, e) => sum + e.counted, 0)) : null;
  }

  /** The cadre's points by month (UTC+8) of the source events, in hundredths. */
  monthsOf(cadreId: string): Counts {
    const months: Counts = {};
    for (const entry of this.score(cadreId)?.entries ?? []) bump(months, monthOf(entry.occurredAt), entry.counted);
    return months;
  }

  /** Records filed in the year (UTC+8) within the subtree. */
  filed(scopeId: string): RecordDetailView[] {
    return this.truth.records.filter((r) => yearOf(r.createdAt) === this.truth.year && r.departmentPath.includes(scopeId));
  }

  /** Records waiting for review or assessment now, within the subtree, whatever their period. */
  waiting(scopeId: string): RecordDetailView[] {
    return this.truth.records.filter((r) => (r.status === 'submitted' || r.status === 'reviewed') && r.departmentPath.includes(scopeId));
  }

  /** Verified records of the year the cadre takes part in (filer or co-participant), as they stand now. */
  verifiedRecordsOf(cadreId: string): RecordDetailView[] {
    return this.truth.records.filter(
      (r) => r.status === 'verified' && r.verifiedAt && yearOf(r.verifiedAt) === this.truth.year && r.participants.some((p) => p.userId === cadreId),
    );
  }

  /** Tasks concluded in the year with the cadre in an awarded team. */
  concludedTasksOf(cadreId: string): { task: TaskView; role: string; share: number; teamId: string }[] {
    const found: { task: TaskView; role: string; share: number; teamId: string }[] = [];
    for (const task of this.truth.tasks) {
      if (task.status !== 'concluded' || !task.concludedAt || yearOf(task.concludedAt) !== this.truth.year) continue;
      for (const team of task.reward?.teams ?? []) {
        const member = team.members.find((m) => m.userId === cadreId);
        if (member) found.push({ task, role: member.role, share: member.share, teamId: team.teamId });
      }
    }
    return found;
  }

  formedTeamsOf(cadreId: string): TeamView[] {
    return this.truth.teams.filter((t) => t.formed && t.members.some((m) => m.userId === cadreId));
  }

  /** Ages (whole UTC+8 days since the last submission) of waiting records. */
  private backlog(records: RecordDetailView[], now: Date) {
    const submissions = records.map((r) => lastSubmission(r) ?? r.submittedAt!).sort((a, b) => Date.parse(a) - Date.parse(b));
    const ages = submissions.map((at) => daysBetween(at, now.toISOString()));
    const oldest = submissions[0];
    return {
      count: records.length,
      oldestSubmittedOn: oldest ? dayOf(oldest) : null,
      oldestAgeDays: oldest ? daysBetween(oldest, now.toISOString()) : null,
      medianAgeDays: nearestRank(ages, 50),
    };
  }

  // ── GET /analytics/overview ──────────────────────────────────────────────────────────────────────

  /** Without `overdue`: the inbox's service levels are the notifications service's (checked by the component test). */
  overview(scopeId: string, binWidth: number, now: Date): Omit<OverviewView, 'asOf' | 'overdue'> {
    const { year } = this.truth;
    const scope = this.department(scopeId);
    const filed = this.filed(scopeId);
    const byItem: Counts = {};
    const byStatus: Counts = {};
    const byMonth: Counts = {};
    const byDepartment = new Map<string, { departmentId: string; departmentName: string; total: number; verified: number }>();
    for (const r of filed) {
      bump(byItem, r.firstLevelCode);
      bump(byStatus, r.status);
      bump(byMonth, monthOf(r.createdAt));
      const row = byDepartment.get(r.departmentId) ?? { departmentId: r.departmentId, departmentName: this.department(r.departmentId).name, total: 0, verified: 0 };
      row.total++;
      if (r.status === 'verified') row.verified++;
      byDepartment.set(r.departmentId, row);
    }

    // Review throughput: what happened in the year, to records of the subtree.
    const inScope = this.truth.records.filter((r) => r.departmentPath.includes(scopeId));
    const verifiedByMonth: Counts = {};
    const reviewMinutes: number[] = [];
    let returned = 0;
    let rejected = 0;
    for (const r of inScope) {
      for (const h of r.history) {
        if (yearOf(h.at) !== year) continue;
        if (h.action === 'assess:confirm') {
          bump(verifiedByMonth, monthOf(h.at));
          reviewMinutes.push(roundedReviewMinutes(lastSubmission(r, h.at)!, h.at));
        }
        if (h.action === 'review:return' || h.action === 'assess:return') returned++;
        if (h.action === 'review:reject') rejected++;
      }
    }

    const published = this.truth.tasks.filter((t) => t.publishedAt && yearOf(t.publishedAt) === year && t.departmentPath.includes(scopeId));
    const byDomain: Counts = {};
    const taskStatus: Counts = {};
    for (const t of published) {
      bump(byDomain, t.domain);
      bump(taskStatus, t.status);
    }
    const claimed = published.filter((t) => ['in_progress', 'reviewing', 'concluded'].includes(t.status)).length;
    const concluded = published.filter((t) => t.status === 'concluded').length;

    const cadres = this.cadres(scopeId);
    const totals = cadres.map((c) => this.totalOf(c.id));
    const total = totals.reduce((sum, h) => sum + h, 0);
    const bins = new Map<number, number>();
    for (const h of totals) {
      const from = Math.floor(h / (binWidth * 100)) * binWidth;
      bins.set(from, (bins.get(from) ?? 0) + 1);
    }

    return {
      period: year,
      scope: { departmentId: scope.id, departmentName: scope.name },
      records: {
        total: filed.length,
        byItem,
        byStatus,
        byMonth,
        byDepartment: [...byDepartment.values()],
      },
      review: {
        verifiedByMonth,
        verified: reviewMinutes.length,
        returned,
        rejected,
        submissionToVerification: { count: reviewMinutes.length, medianMinutes: nearestRank(reviewMinutes, 50), p90Minutes: nearestRank(reviewMinutes, 90) },
        backlog: this.backlog(this.waiting(scopeId), now),
      },
      tasks: {
        published: published.length,
        byDomain,
        byStatus: taskStatus,
        claimed,
        concluded,
        shareClaimed: published.length ? round(claimed / published.length, 4) : 0,
        shareConcluded: published.length ? round(concluded / published.length, 4) : 0,
      },
      points: {
        cadres: cadres.length,
        scored: cadres.filter((c) => this.scored(c.id)).length,
        total: points(total),
        average: average(total, cadres.length),
        binWidth,
        histogram: [...bins].map(([from, n]) => ({ from, to: from + binWidth, cadres: n })),
      },
    };
  }

  // ── GET /analytics/departments ───────────────────────────────────────────────────────────────────

  departments(scopeId: string, now: Date): DepartmentsView {
    const scope = this.department(scopeId);
    const items = this.truth.departments
      .filter((d) => this.within(d.id, scopeId))
      .map((d) => {
        const cadres = this.cadres().filter((c) => c.departmentId === d.id);
        const records = this.filed(scopeId).filter((r) => r.departmentId === d.id);
        const verified = records.filter((r) => r.status === 'verified').length;
        const pointsSum = cadres.reduce((sum, c) => sum + this.totalOf(c.id), 0);
        const backlog = this.backlog(
          this.waiting(scopeId).filter((r) => r.departmentId === d.id),
          now,
        );
        return {
          departmentId: d.id,
          departmentName: d.name,
          parentId: d.parentId,
          depth: this.lineage(d.id).length - 1,
          cadres: cadres.length,
          records: records.length,
          verified,
          verifiedPerCadre: cadres.length ? round(verified / cadres.length, 2) : 0,
          points: points(pointsSum),
          averagePoints: average(pointsSum, cadres.length),
          backlog: backlog.count,
          oldestBacklogSubmittedOn: backlog.oldestSubmittedOn,
          oldestBacklogAgeDays: backlog.oldestAgeDays,
          subtree: this.subtreeRow(d.id),
        };
      });
    return { period: this.truth.year, scope: { departmentId: scope.id, departmentName: scope.name }, items, total: items.length };
  }

  /** A department row's figures over the department and everything under it. */
  private subtreeRow(id: string): DepartmentRowView['subtree'] {
    const cadres = this.cadres(id);
    const records = this.filed(id);
    const verified = records.filter((r) => r.status === 'verified').length;
    const pointsSum = cadres.reduce((sum, c) => sum + this.totalOf(c.id), 0);
    return {
      cadres: cadres.length,
      records: records.length,
      verified,
      verifiedPerCadre: cadres.length ? round(verified / cadres.length, 2) : 0,
      points: points(pointsSum),
      averagePoints: average(pointsSum, cadres.length),
      backlog: this.waiting(id).length,
    };
  }

  // ── GET /analytics/cadres/:id/portrait ───────────────────────────────────────────────────────────

  itemName(code: string): string | undefined {
    return this.truth.taxonomy.items.find((i) => i.code === code)?.name;
  }

  portrait(cadreId: string): PortraitView {
    const user = this.user(cadreId);
    const score = this.score(cadreId);
    const radar = Object.entries(withoutZeros(score?.byItem)).map(([item, value]) => ({ item, name: this.itemName(item) ?? item, points: value }));
    const strengths = [...radar].filter((r) => r.points > 0).sort((a, b) => b.points - a.points || a.item.localeCompare(b.item)).slice(0, 3);

    const timeline: PortraitView['timeline'] = [
      ...this.verifiedRecordsOf(cadreId).map((r) => {
        const p = r.participants.find((x) => x.userId === cadreId)!;
        return {
          kind: 'record' as const,
          id: r.id,
          title: r.title,
          at: r.verifiedAt!,
          category: r.itemCode,
          rating: r.rating,
          impactLevel: r.confirmedImpactLevel ?? r.impactLevel,
          role: p.role,
          share: p.share,
          points: this.pointsOfSource(cadreId, r.id),
        };
      }),
      ...this.concludedTasksOf(cadreId).map(({ task, role, share }) => ({
        kind: 'task' as const,
        id: task.id,
        title: task.title,
        at: task.concludedAt!,
        category: task.domain,
        rating: task.verdict,
        impactLevel: null,
        role: role as 'lead' | 'member',
        share,
        points: this.pointsOfSource(cadreId, task.id),
      })),
    ];

    // Trend: the cadre's points by month against the averages per cadre of their department subtree and the city.
    const subtree = this.cadres(user.departmentId);
    const city = this.cadres();
    const sumMonths = (cadres: UserView[]) => {
      const sum: Counts = {};
      for (const c of cadres) for (const [month, h] of Object.entries(this.monthsOf(c.id))) bump(sum, month, h);
      return sum;
    };
    const own = this.monthsOf(cadreId);
    const department = sumMonths(subtree);
    const everyone = sumMonths(city);
    const months = [...new Set([...Object.keys(own), ...Object.keys(department), ...Object.keys(everyone)])].filter((m) => m.startsWith(this.truth.year)).sort();
    const trend = months.map((month) => ({
      month,
      cadre: points(own[month] ?? 0),
      department: average(department[month] ?? 0, subtree.length),
      city: average(everyone[month] ?? 0, city.length),
    }));

    const teams = this.formedTeamsOf(cadreId).map((t) => ({
      teamId: t.id,
      teamName: t.name,
      role: t.members.find((m) => m.userId === cadreId)!.role,
      memberIds: t.members.map((m) => m.userId),
      formedAt: t.formedAt!,
    }));

    const together = new Map<string, number>();
    for (const r of this.verifiedRecordsOf(cadreId)) for (const p of r.participants) if (p.userId !== cadreId) together.set(p.userId, (together.get(p.userId) ?? 0) + 1);
    for (const t of this.formedTeamsOf(cadreId)) for (const m of t.members) if (m.userId !== cadreId) together.set(m.userId, (together.get(m.userId) ?? 0) + 1);
    const collaborators = [...together].map(([userId, n]) => ({ userId, name: this.user(userId).name, together: n }));

    return {
      cadre: { id: user.id, name: user.name, departmentId: user.departmentId, departmentName: this.department(user.departmentId).name, rankLevel: user.rankLevel as any, title: user.title },
      period: this.truth.year,
      total: score?.total ?? 0,
      radar,
      strengths,
      timeline,
      trend,
      teams,
      collaborators,
      // No appraisal or selection service in this world: no grades, no 测评, no outcomes (their component tests cover them).
      appraisal: { grades: [], surveys: [] },
      outcomes: [],
    };
  }

  // ── GET /analytics/candidates ────────────────────────────────────────────────────────────────────

  /** Every matching cadre, best first (ties by id), with its competition rank; `limit` is applied by the caller. */
  candidates(scopeId: string, rankLevel: string | null): CandidatesView {
    const scope = this.department(scopeId);
    const matching = this.cadres(scopeId).filter((c) => rankLevel === null || c.rankLevel === rankLevel);
    const ranked = [...matching].sort((a, b) => this.totalOf(b.id) - this.totalOf(a.id) || a.id.localeCompare(b.id));
    // City-wide: every cadre of the directory and everyone scoring reported for the year; ties share the better place.
    const known = new Set([...this.cadres().map((c) => c.id), ...[...this.truth.scores.keys()].filter((id) => this.scored(id))]);
    const cityCadres = known.size;
    const cityRankOf = (id: string) => 1 + [...known].filter((other) => this.totalOf(other) > this.totalOf(id)).length;
    const byPoints = <T extends { points: number | null }>(list: T[], id: (x: T) => string) =>
      [...list].sort((a, b) => (b.points ?? -Infinity) - (a.points ?? -Infinity) || id(a).localeCompare(id(b)));
    const items = ranked.map((c) => {
      const records = this.verifiedRecordsOf(c.id);
      const tasks = this.concludedTasksOf(c.id);
      const ratings: Counts = {};
      for (const r of records) bump(ratings, r.rating ?? 'null');
      return {
        rank: 1 + matching.filter((o) => this.totalOf(o.id) > this.totalOf(c.id)).length,
        cadreId: c.id,
        name: c.name,
        departmentId: c.departmentId,
        departmentName: this.department(c.departmentId).name,
        rankLevel: c.rankLevel as any,
        title: c.title,
        points: points(this.totalOf(c.id)),
        byItem: withoutZeros(this.score(c.id)?.byItem),
        evidence: {
          records: byPoints(
            records.map((r) => ({
              recordId: r.id,
              title: r.title,
              itemCode: r.itemCode,
              rating: r.rating,
              impactLevel: r.confirmedImpactLevel ?? r.impactLevel,
              verifiedAt: r.verifiedAt!,
              points: this.pointsOfSource(c.id, r.id),
            })),
            (x) => x.recordId,
          ).slice(0, 5),
          tasks: byPoints(
            tasks.map(({ task, role, share }) => ({
              taskId: task.id,
              title: task.title,
              verdict: task.verdict,
              role,
              share,
              concludedAt: task.concludedAt!,
              points: this.pointsOfSource(c.id, task.id),
            })),
            (x) => x.taskId,
          ).slice(0, 5),
          ratings,
          verifiedRecords: records.length,
          concludedTasks: tasks.length,
        },
        grades: [],
        satisfaction: null,
        cityRank: cityRankOf(c.id),
        cityCadres,
        topDecile: cityRankOf(c.id) <= Math.ceil(cityCadres / 10),
      };
    });
    return { period: this.truth.year, rankLevel: (rankLevel as any) ?? null, scope: { departmentId: scope.id, departmentName: scope.name }, items, total: matching.length };
  }
}

// ── normal forms: what the contract leaves open (order among equals, zero entries) made canonical ─────────

const byKey = <T>(key: (x: T) => string | number) => (a: T, b: T) => {
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

export function normalOverview(view: Omit<OverviewView, 'asOf' | 'overdue'> & { asOf?: unknown; overdue?: unknown }) {
  const rest = { ...(view as OverviewView) } as Omit<OverviewView, 'asOf' | 'overdue'> & { asOf?: unknown; overdue?: unknown };
  delete rest.asOf;
  delete rest.overdue;
  return {
    ...rest,
    records: {
      ...rest.records,
      byItem: withoutZeros(rest.records.byItem),
      byStatus: withoutZeros(rest.records.byStatus),
      byMonth: withoutZeros(rest.records.byMonth),
      byDepartment: [...rest.records.byDepartment].sort(byKey((d) => d.departmentId)),
    },
    review: { ...rest.review, verifiedByMonth: withoutZeros(rest.review.verifiedByMonth) },
    tasks: { ...rest.tasks, byDomain: withoutZeros(rest.tasks.byDomain), byStatus: withoutZeros(rest.tasks.byStatus) },
    points: { ...rest.points, histogram: rest.points.histogram.filter((b) => b.cadres !== 0).sort(byKey((b) => b.from)) },
  };
}

export function normalDepartments(view: DepartmentsView) {
  return { ...view, items: [...view.items].sort(byKey((d) => d.departmentId)) };
}

/** The radar's zero items dropped (which items a radar shows at 0 is the service's choice), the TASK axis's name made generic. */
export function normalPortrait(view: PortraitView) {
  const axis = (r: { item: string; name: string; points: number }) => ({ ...r, name: r.item === 'TASK' ? '<task>' : r.name });
  return {
    ...view,
    radar: view.radar.filter((r) => r.points !== 0).map(axis).sort(byKey((r) => r.item)),
    strengths: view.strengths.map(axis).sort((a, b) => b.points - a.points || a.item.localeCompare(b.item)),
    timeline: [...view.timeline].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.id.localeCompare(b.id)),
    trend: view.trend.filter((t) => t.cadre !== 0 || t.department !== 0 || t.city !== 0),
    teams: view.teams.map((t) => ({ ...t, memberIds: [...t.memberIds].sort() })).sort(byKey((t) => t.teamId)),
    collaborators: [...view.collaborators].sort((a, b) => b.together - a.together || a.userId.localeCompare(b.userId)),
  };
}

export function normalCandidates(view: CandidatesView) {
  const evidenceOrder = <T extends { points: number | null }>(list: T[], id: (x: T) => string) =>
    [...list].sort((a, b) => (b.points ?? -Infinity) - (a.points ?? -Infinity) || id(a).localeCompare(id(b)));
  return {
    ...view,
    items: [...view.items]
      .map((c) => ({
        ...c,
        byItem: withoutZeros(c.byItem),
        evidence: {
          ...c.evidence,
          ratings: withoutZeros(c.evidence.ratings),
          records: evidenceOrder(c.evidence.records, (r) => r.recordId),
          tasks: evidenceOrder(c.evidence.tasks, (t) => t.taskId),
        },
      }))
      .sort((a, b) => b.points - a.points || a.cadreId.localeCompare(b.cadreId)),
  };
}

/** Whether `values` never increase (a list the contract orders "best first" / "newest first"). */
export const nonIncreasing = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1] >= v);
