import { DEFAULT_TAXONOMY, TASK_ITEM_CODE, isWithinSubtree, itemName, type CandidateView, type CandidatesView, type Grade, type PortraitRadarPoint, type PortraitTimelineEntry, type PortraitView, type RankLevel } from '@cadre/contracts';
import type { Redis } from 'ioredis';
import { monthsOf, yearOf } from '../projection/domain/time';
import type { ModelStore } from '../projection/model-store';
import type { PeopleDirectory, Person } from '../directory/people-directory';
import { docs, map, points, ratio, type Doc } from './read';
import { cadreAppraisals, gradeEntries, gradeWindow, passesAppraisal, surveyEntries, type CadreAppraisal } from './appraisal';
import { cadreOutcomes } from './selection';
import { cityPlace } from '../projection/domain/selection';
import type { Scope } from '../domain/access';

interface RecordEntry {
  title: string;
  itemCode: string;
  firstLevelCode: string;
  verifiedAt: string;
  rating: string | null;
  impactLevel: string | null;
  role: 'lead' | 'member';
  share: number;
  participantIds: string[];
}

interface TaskEntry {
  title: string;
  domain: string;
  verdict: string | null;
  concludedAt: string;
  role: string;
  share: number;
  teamId: string;
  teamName: string;
  memberIds: string[];
}

interface TeamEntry {
  teamName: string;
  role: string;
  memberIds: string[];
  formedAt: string;
}

interface YearEntry {
  total: number;
  byItem: Record<string, number>;
  byMonth: Record<string, number>;
  bySource: Record<string, number>;
}

/** The radar's axes: the first-level items of the default taxonomy and the tasks (names from @cadre/contracts). */
const RADAR_ITEMS = [...DEFAULT_TAXONOMY.map((item) => item.code), TASK_ITEM_CODE];

/** What the models hold about one cadre for a year: three `_id` reads. */
class CadreFile {
  constructor(
    readonly records: Record<string, RecordEntry>,
    readonly tasks: Record<string, TaskEntry>,
    readonly teams: Record<string, TeamEntry>,
    readonly year: YearEntry | null,
  ) {}

  static from(found: Map<string, Doc>, id: string, period: string): CadreFile {
    const rec = found.get(`crec|${id}`) ?? null;
    const task = found.get(`ctask|${id}`) ?? null;
    const pts = found.get(`cpts|${id}`) ?? null;
    const years = (pts?.years as Record<string, YearEntry> | undefined) ?? {};
    return new CadreFile(
      (rec?.records as Record<string, RecordEntry>) ?? {},
      (task?.tasks as Record<string, TaskEntry>) ?? {},
      (task?.teams as Record<string, TeamEntry>) ?? {},
      years[period] ?? null,
    );
  }

  static ids(id: string): string[] {
    return [`crec|${id}`, `ctask|${id}`, `cpts|${id}`];
  }

  sourcePoints(type: 'record' | 'task', id: string): number | null {
    const amount = this.year?.bySource?.[`${type}:${id}`];
    return amount === undefined ? null : points(amount);
  }

  recordsIn(period: string): [string, RecordEntry][] {
    return Object.entries(this.records).filter(([, r]) => yearOf(r.verifiedAt) === period);
  }

  tasksIn(period: string): [string, TaskEntry][] {
    return Object.entries(this.tasks).filter(([, t]) => yearOf(t.concludedAt) === period);
  }
}

export async function portrait(store: ModelStore, directory: PeopleDirectory, person: Person, period: string): Promise<PortraitView> {
  const root = person.departmentPath[0] ?? person.departmentId;
  const [cadre, rollups, appraisals, outcomes] = await Promise.all([
    docs(store, 'cadres', CadreFile.ids(person.id)),
    docs(store, 'rollups', [`pts|${person.departmentId}|${period}`, `pts|${root}|${period}`]),
    cadreAppraisals(store, [person.id]),
    cadreOutcomes(store, person.id),
  ]);
  const appraisal = appraisals.get(person.id)!;
  const file = CadreFile.from(cadre, person.id, period);
  const byItem = file.year?.byItem ?? {};
  const codes = [...new Set([...RADAR_ITEMS, ...Object.keys(byItem)])];
  const radar: PortraitRadarPoint[] = codes.map((item) => ({ item, name: itemName(item), points: points(byItem[item] ?? 0) }));
  const timeline: PortraitTimelineEntry[] = [
    ...file.recordsIn(period).map(([id, r]) => ({
      kind: 'record' as const,
      id,
      title: r.title,
      at: r.verifiedAt,
      category: r.itemCode,
      rating: r.rating,
      impactLevel: r.impactLevel,
      role: r.role,
      share: r.share,
      points: file.sourcePoints('record', id),
    })),
    ...file.tasksIn(period).map(([id, t]) => ({
      kind: 'task' as const,
      id,
      title: t.title,
      at: t.concludedAt,
      category: t.domain,
      rating: t.verdict,
      impactLevel: null,
      role: (t.role === 'lead' ? 'lead' : 'member') as 'lead' | 'member',
      share: t.share,
      points: file.sourcePoints('task', id),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  const department = rollups.get(`pts|${person.departmentId}|${period}`) ?? null;
  const city = rollups.get(`pts|${root}|${period}`) ?? null;
  const departmentCadres = directory.subtreeCadres(person.departmentId);
  const cityCadres = directory.subtreeCadres(root);
  const together = new Map<string, number>();
  const met = (ids: string[]) => ids.filter((id) => id !== person.id).forEach((id) => together.set(id, (together.get(id) ?? 0) + 1));
  // Worked with: on the period's verified records, and in teams (a team's concluded task is not counted again).
  file.recordsIn(period).forEach(([, r]) => met(r.participantIds));
  Object.values(file.teams).forEach((t) => met(t.memberIds));
  return {
    cadre: {
      id: person.id,
      name: person.name,
      departmentId: person.departmentId,
      departmentName: directory.department(person.departmentId)?.name ?? '',
      rankLevel: person.rankLevel,
      title: person.title,
    },
    period,
    total: points(file.year?.total ?? 0),
    radar,
    strengths: radar.filter((r) => r.points > 0).sort((a, b) => b.points - a.points || a.item.localeCompare(b.item)).slice(0, 3),
    timeline,
    trend: monthsOf(period).map((month) => ({
      month,
      cadre: points(file.year?.byMonth?.[month] ?? 0),
      department: ratio(map(department, 'byMonth')[month] ?? 0, departmentCadres * 100),
      city: ratio(map(city, 'byMonth')[month] ?? 0, cityCadres * 100),
    })),
    teams: Object.entries(file.teams)
      .map(([teamId, t]) => ({ teamId, teamName: t.teamName, role: t.role, memberIds: t.memberIds, formedAt: t.formedAt }))
      .sort((a, b) => b.formedAt.localeCompare(a.formedAt)),
    collaborators: [...together.entries()]
      .map(([userId, n]) => ({ userId, name: directory.person(userId)?.name ?? '', together: n }))
      .sort((a, b) => b.together - a.together || a.userId.localeCompare(b.userId)),
    appraisal: { grades: gradeEntries(appraisal), surveys: surveyEntries(appraisal) },
    outcomes,
  };
}

const PAGE = 1_000;

type ShortlistQuery = { rankLevel?: RankLevel; period: string; limit: number; withoutGrades?: Grade[]; gradeYears?: number; minSatisfaction?: number };
type Picked = { person: Person; hundredths: number; rank: number };

/**
 * The shortlist: the year's leaderboard (a Redis sorted set kept by the projection) walked from the top, keeping
 * the cadres of the rank level and subtree asked for, then each one's evidence (three `_id` reads per name).
 * Only cadres with points in the period are listed; ranks are competition ranks among those matching.
 */
export async function candidates(store: ModelStore, redis: Redis, directory: PeopleDirectory, scope: Scope, query: ShortlistQuery): Promise<CandidatesView> {
  // Every cadre of the scope and rank level with their grades of the window and latest 满意度 (held in memory).
  const window = gradeWindow(query.period, query.gradeYears ?? 3);
  const inScope = new Map<string, Person>();
  for (const root of scope.roots) for (const person of directory.cadresWithin(root.id)) if (!query.rankLevel || person.rankLevel === query.rankLevel) inScope.set(person.id, person);
  const appraisals = await cadreAppraisals(store, [...inScope.keys()]);
  const standing = new Map<string, AppraisalStanding>();
  for (const [id, appraisal] of appraisals) {
    const found = appraisalStanding(appraisal, window);
    if (passesAppraisal(found.grades, found.satisfaction, query)) standing.set(id, found);
  }
  const matches = (person: Person | undefined): person is Person =>
    directory.isCadre(person) && (!query.rankLevel || person.rankLevel === query.rankLevel) && scope.roots.some((r) => isWithinSubtree(person.departmentPath, r.id)) && standing.has(person.id);
  const total = standing.size;
  const picked: Picked[] = [];
  const key = store.leaderboardKey(query.period);
  let previous: number | null = null;
  let rank = 0;
  for (let start = 0; picked.length < query.limit; start += PAGE) {
    const page = await redis.zrevrange(key, start, start + PAGE - 1, 'WITHSCORES');
    if (!page.length) break;
    for (let i = 0; i < page.length && picked.length < query.limit; i += 2) {
      const person = directory.person(page[i]!);
      const hundredths = Number(page[i + 1]);
      if (hundredths <= 0 || !matches(person)) continue;
      if (hundredths !== previous) rank = picked.length + 1;
      previous = hundredths;
      picked.push({ person, hundredths, rank });
    }
  }
  const items = await candidateRows(store, redis, directory, query.period, picked, standing);
  return { period: query.period, rankLevel: query.rankLevel ?? null, scope: scope.view, items, total };
}

/**
 * Exactly the cadres named (a selection draw's `cadreIds`): each once, in the order given, those the directory does
 * not know as cadres left out, whatever their points; ranked among themselves. Only `period` and `gradeYears` apply.
 */
export async function namedCandidates(store: ModelStore, redis: Redis, directory: PeopleDirectory, scope: Scope, query: { period: string; gradeYears?: number }, cadreIds: readonly string[]): Promise<CandidatesView> {
  const people = [...new Set(cadreIds)].map((id) => directory.person(id)).filter((person): person is Person => directory.isCadre(person));
  const window = gradeWindow(query.period, query.gradeYears ?? 3);
  const appraisals = await cadreAppraisals(store, people.map((p) => p.id));
  const standing = new Map([...appraisals].map(([id, appraisal]) => [id, appraisalStanding(appraisal, window)]));
  const scores = people.length ? await redis.zmscore(store.leaderboardKey(query.period), ...people.map((p) => p.id)) : [];
  const hundredths = people.map((_p, i) => Math.max(0, Number(scores[i] ?? 0)));
  const picked = people.map((person, i) => ({ person, hundredths: hundredths[i]!, rank: 1 + hundredths.filter((h) => h > hundredths[i]!).length }));
  const items = await candidateRows(store, redis, directory, query.period, picked, standing);
  return { period: query.period, rankLevel: null, scope: scope.view, items, total: items.length };
}

/**
 * The places by points city-wide of the given totals (hundredths): 1 + the cadres of the period's leaderboard with
 * more, of every cadre analytics knows for the period (the leaderboard's, and the directory's cadres without points).
 */
async function cityPlaces(redis: Redis, key: string, directory: PeopleDirectory, totals: number[]): Promise<Map<number, ReturnType<typeof cityPlace>>> {
  const places = new Map<number, ReturnType<typeof cityPlace>>();
  if (!totals.length) return places;
  const everyone = new Set<string>();
  for (const root of directory.roots()) for (const person of directory.cadresWithin(root.id)) everyone.add(person.id);
  const ids = [...everyone];
  const distinct = [...new Set(totals)];
  const pipeline = redis.pipeline();
  pipeline.zcard(key);
  for (let i = 0; i < ids.length; i += PAGE) pipeline.zmscore(key, ...ids.slice(i, i + PAGE));
  for (const total of distinct) pipeline.zcount(key, `(${total}`, '+inf');
  const results = await pipeline.exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error('the leaderboard could not be read');
  const onBoard = Number(results[0]![1]);
  const pages = Math.ceil(ids.length / PAGE);
  let unscored = 0;
  for (let p = 1; p <= pages; p++) unscored += (results[p]![1] as (string | null)[]).filter((score) => score === null).length;
  distinct.forEach((total, i) => places.set(total, cityPlace(Number(results[1 + pages + i]![1]), onBoard + unscored)));
  return places;
}

async function candidateRows(store: ModelStore, redis: Redis, directory: PeopleDirectory, period: string, picked: Picked[], standing: Map<string, AppraisalStanding>): Promise<CandidateView[]> {
  const [found, places] = await Promise.all([
    docs(store, 'cadres', picked.flatMap((p) => CadreFile.ids(p.person.id))),
    cityPlaces(redis, store.leaderboardKey(period), directory, picked.map((p) => p.hundredths)),
  ]);
  return picked.map(({ person, hundredths, rank: place }) => {
    const file = CadreFile.from(found, person.id, period);
    const records = file.recordsIn(period);
    const tasks = file.tasksIn(period);
    const ratings: Record<string, number> = {};
    for (const [, r] of records) if (r.rating) ratings[r.rating] = (ratings[r.rating] ?? 0) + 1;
    return {
      rank: place,
      cadreId: person.id,
      name: person.name,
      departmentId: person.departmentId,
      departmentName: directory.department(person.departmentId)?.name ?? '',
      rankLevel: person.rankLevel,
      title: person.title,
      points: points(hundredths),
      byItem: Object.fromEntries(Object.entries(file.year?.byItem ?? {}).filter(([, v]) => v).map(([k, v]) => [k, points(v)])),
      evidence: {
        records: records
          .map(([id, r]) => ({ recordId: id, title: r.title, itemCode: r.itemCode, rating: r.rating, impactLevel: r.impactLevel, verifiedAt: r.verifiedAt, points: file.sourcePoints('record', id) }))
          .sort((a, b) => (b.points ?? 0) - (a.points ?? 0) || b.verifiedAt.localeCompare(a.verifiedAt))
          .slice(0, 5),
        tasks: tasks
          .map(([id, t]) => ({ taskId: id, title: t.title, verdict: t.verdict, role: t.role, share: t.share, concludedAt: t.concludedAt, points: file.sourcePoints('task', id) }))
          .sort((a, b) => (b.points ?? 0) - (a.points ?? 0) || b.concludedAt.localeCompare(a.concludedAt))
          .slice(0, 5),
        ratings,
        verifiedRecords: records.length,
        concludedTasks: tasks.length,
      },
      grades: standing.get(person.id)?.grades ?? [],
      satisfaction: standing.get(person.id)?.satisfaction ?? null,
      ...places.get(hundredths)!,
    };
  });
}

type AppraisalStanding = ReturnType<typeof appraisalStanding>;

/** A cadre's confirmed grades of the window and the 满意度 of their latest shown 测评 up to its end (null without one). */
function appraisalStanding(appraisal: CadreAppraisal, window: { from: string; to: string }) {
  return { grades: gradeEntries(appraisal, window), satisfaction: surveyEntries(appraisal, window.to)[0]?.satisfaction ?? null };
}
