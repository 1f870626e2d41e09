import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { Redis } from 'ioredis';
import {
  ROLLING_PERIOD,
  currentScoringYear,
  periodYears,
  parseRankingScope,
  rankingQuery,
  type Caller,
  type RankLevel,
  type RankingItemView,
  type RankingView,
} from '@cadre/contracts';
import { ensureIndexes, problems, toCsv, validate, type CsvColumn } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { RANKING_ROWS, RANKING_RUNS, type RankingRowDocument, type RankingRunDocument } from './scoring.schema';
import { rankCadres, rankChange } from './domain/ranking';
import { toHundredths, toPoints } from './domain/points';
import { LedgerService } from './ledger.service';
import { StandardsService } from './standards.service';

export const SCORING_REDIS = Symbol('SCORING_REDIS');

interface Ranked {
  cadreId: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  rankLevel: string;
  points: number;
}

/**
 * Rankings per period (this year, rolling three years) and scope (everyone, a department subtree, a rank level).
 * The calculation writes the whole population's rows to MongoDB (the truth: `ranking_rows`, scope `all`, with
 * each cadre's department path and rank level) and every scope's order to Redis sorted sets, which serve reads;
 * a scope missing in Redis is derived from the MongoDB rows.
 */
@Injectable()
export class RankingsService implements OnModuleInit {
  constructor(
    @Inject(RANKING_ROWS) private readonly rows: Model<RankingRowDocument>,
    @Inject(RANKING_RUNS) private readonly runs: Model<RankingRunDocument>,
    @Inject(SCORING_REDIS) private readonly redis: Redis,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(StandardsService) private readonly standards: StandardsService,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject('REDIS_PREFIX') private readonly prefix: string,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.rows, this.runs]);
  }

  /**
   * Recalculates every ranking from the ledger itself (so no materialised total can drift into a ranking): one
   * `$group` pass sums each cadre's entries by first-level item, year and source type; record points are capped
   * per item and year (the cap of a group is min(cap, Σ its entries): reversals carry their original's item and
   * year, so the sum is what is live); then each period is ranked. `progress` is told 0–100.
   */
  async recalculate(progress: (percent: number) => Promise<void> | void = () => undefined): Promise<{ cadres: number; rankings: number; timingsMs: Record<string, number> }> {
    const timingsMs: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      timingsMs[name] = Math.round(now - mark);
      mark = now;
    };
    const { version, standard } = await this.standards.active();
    const groups = await this.ledger.sumsByCadreItemYear(version);
    lap('ledgerPass');
    await progress(40);
    const cap = toHundredths(standard.yearlyCapPerItem);
    const users = new Map((await this.directory.allUsers()).map((u) => [u._id, u]));
    lap('directory');
    const periods = [currentScoringYear(), ROLLING_PERIOD];
    let rankings = 0;
    let cadres = 0;
    for (const [index, period] of periods.entries()) {
      const years = new Set(periodYears(period));
      const points = new Map<string, number>();
      for (const g of groups) {
        if (!years.has(g.period)) continue;
        const counted = g.sourceType === 'record' && g.firstLevelCode ? Math.min(cap, g.sum) : g.sum;
        points.set(g.cadreId, (points.get(g.cadreId) ?? 0) + counted);
      }
      const population: Ranked[] = [...points].map(([cadreId, total]) => {
        const user = users.get(cadreId);
        return { cadreId, name: user?.name ?? '', departmentId: user?.departmentId ?? '', departmentPath: user?.departmentPath ?? [], rankLevel: user?.rankLevel ?? '', points: total };
      });
      cadres = Math.max(cadres, population.length);
      lap(`sum:${period}`);
      rankings += await this.calculate(period, version, population, lap);
      await progress(40 + Math.round(((index + 1) / periods.length) * 60));
    }
    return { cadres, rankings, timingsMs };
  }

  /** One period: the `all` rows to MongoDB, each scope to Redis. Answers how many scopes were ranked. */
  async calculate(period: string, version: number, population: Ranked[], lap: (name: string) => void = () => undefined): Promise<number> {
    const calculatedAt = new Date();
    const previous = new Map((await this.rows.find({ period, scope: 'all' }, { cadreId: 1, rank: 1 }).lean<{ cadreId: string; rank: number }[]>()).map((r) => [r.cadreId, r.rank]));
    const ranked = rankCadres(population);
    const docs: RankingRowDocument[] = ranked.map((r) => ({
      _id: `${period}|all|${r.cadreId}`,
      period,
      scope: 'all',
      cadreId: r.cadreId,
      name: r.name,
      departmentId: r.departmentId,
      departmentPath: r.departmentPath,
      rankLevel: r.rankLevel,
      points: r.points,
      rank: r.rank,
      percentile: r.percentile,
      change: rankChange(previous.get(r.cadreId), r.rank),
      calculatedAt,
    }));
    lap(`rank:${period}`);
    await this.rows.deleteMany({ period, scope: 'all' });
    lap(`deleteRows:${period}`);
    for (let i = 0; i < docs.length; i += 1_000) await this.rows.insertMany(docs.slice(i, i + 1_000), { ordered: false });
    lap(`insertRows:${period}`);
    await this.runs.replaceOne({ _id: `${period}|all` }, { _id: `${period}|all`, period, scope: 'all', calculatedAt, standardVersion: version, cadres: docs.length }, { upsert: true });

    const scopes = new Map<string, Ranked[]>([['all', population]]);
    for (const row of population) {
      for (const departmentId of row.departmentPath) push(scopes, `department:${departmentId}`, row);
      if (row.rankLevel) push(scopes, `rank:${row.rankLevel}`, row);
    }
    for (const [scope, members] of scopes) await this.publish(period, scope, version, calculatedAt, scope === 'all' ? docs : this.rankScope(members, docs), previous);
    lap(`redis:${period}`);
    return scopes.size;
  }

  async read(caller: Caller | undefined, payload: unknown): Promise<RankingView | { csv: string; filename: string }> {
    const query = validate(rankingQuery, payload ?? {});
    if (query.format === 'csv') {
      const all = await this.page(caller, { ...query, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
      return { csv: rankingsCsv(all.items), filename: `rankings-${query.period}-${query.scope.replace(/[^A-Za-z0-9_-]/g, '_')}.csv` };
    }
    return this.page(caller, query);
  }

  private async page(caller: Caller | undefined, query: { period: string; scope: string; page: number; pageSize: number }): Promise<RankingView> {
    if (!caller) throw problems.forbidden();
    parseRankingScope(query.scope);
    const key = this.key(query.period, query.scope);
    const meta = await this.redis.hgetall(`${key}:meta`);
    const start = (query.page - 1) * query.pageSize;
    if (meta.calculatedAt) {
      const ids = await this.redis.zrange(key, start, Math.min(start + query.pageSize, Number(meta.total ?? 0)) - 1);
      const rows = ids.length ? await this.redis.hmget(`${key}:rows`, ...ids) : [];
      return {
        items: rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as RankingItemView),
        total: Number(meta.total ?? 0),
        page: query.page,
        pageSize: query.pageSize,
        period: query.period,
        scope: query.scope,
        calculatedAt: meta.calculatedAt,
        standardVersion: Number(meta.standardVersion),
      };
    }
    // Redis lost it (or no calculation yet): derive the scope from the MongoDB rows.
    const run = await this.runs.findById(`${query.period}|all`).lean<RankingRunDocument>();
    if (!run) return { items: [], total: 0, page: query.page, pageSize: query.pageSize, period: query.period, scope: query.scope, calculatedAt: '', standardVersion: (await this.standards.active()).version };
    const all = await this.rows.find({ period: query.period, scope: 'all' }).lean<RankingRowDocument[]>();
    const scope = parseRankingScope(query.scope);
    const members = all.filter((r) => scope.kind === 'all' || (scope.kind === 'department' ? r.departmentPath.includes(scope.departmentId) : r.rankLevel === scope.rankLevel));
    const items = (scope.kind === 'all' ? members : this.rankScope(members, all)).sort((a, b) => a.rank - b.rank || (a.cadreId < b.cadreId ? -1 : 1));
    return {
      items: items.slice(start, start + query.pageSize).map(itemView),
      total: items.length,
      page: query.page,
      pageSize: query.pageSize,
      period: query.period,
      scope: query.scope,
      calculatedAt: new Date(run.calculatedAt).toISOString(),
      standardVersion: run.standardVersion,
    };
  }

  /** A scope's own ranks among its members (the `all` rows give names, departments and previous ranks). */
  private rankScope(members: Pick<Ranked, 'cadreId' | 'points'>[], all: RankingRowDocument[]): RankingRowDocument[] {
    const byId = new Map(all.map((r) => [r.cadreId, r]));
    return rankCadres(members.map((m) => ({ cadreId: m.cadreId, points: m.points }))).map((r) => ({ ...byId.get(r.cadreId)!, rank: r.rank, percentile: r.percentile, change: null }));
  }

  /** Writes one scope to Redis under temporary keys, then swaps them in. */
  private async publish(period: string, scope: string, version: number, calculatedAt: Date, rows: RankingRowDocument[], previousAll: Map<string, number>): Promise<void> {
    const key = this.key(period, scope);
    const previousScope = scope === 'all' ? previousAll : await this.previousRanks(key, rows.map((r) => r.cadreId));
    const temp = `${key}:next`;
    await this.redis.del(temp, `${temp}:rows`);
    for (let i = 0; i < rows.length; i += 5_000) {
      const chunk = rows.slice(i, i + 5_000);
      const pipeline = this.redis.pipeline();
      // Negated points, read in ascending order: equal points then come by cadre id, as `rankCadres` orders them.
      pipeline.zadd(temp, ...chunk.flatMap((r) => [-r.points, r.cadreId]));
      pipeline.hset(`${temp}:rows`, ...chunk.flatMap((r) => [r.cadreId, JSON.stringify(itemView({ ...r, change: scope === 'all' ? r.change : rankChange(previousScope.get(r.cadreId), r.rank) }))]));
      await pipeline.exec();
    }
    const swap = this.redis.multi();
    if (rows.length) swap.rename(temp, key).rename(`${temp}:rows`, `${key}:rows`);
    else swap.del(key, `${key}:rows`);
    swap.hset(`${key}:meta`, 'calculatedAt', calculatedAt.toISOString(), 'standardVersion', String(version), 'total', String(rows.length));
    await swap.exec();
  }

  private async previousRanks(key: string, ids: string[]): Promise<Map<string, number>> {
    const previous = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 5_000) {
      const chunk = ids.slice(i, i + 5_000);
      const rows = await this.redis.hmget(`${key}:rows`, ...chunk);
      rows.forEach((row, index) => row && previous.set(chunk[index], (JSON.parse(row) as RankingItemView).rank));
    }
    return previous;
  }

  private key(period: string, scope: string): string {
    return `${this.prefix}:ranking:${period}:${scope}`;
  }
}

function push(map: Map<string, Ranked[]>, key: string, row: Ranked) {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

function itemView(row: Pick<RankingRowDocument, 'rank' | 'cadreId' | 'name' | 'departmentId' | 'rankLevel' | 'points' | 'percentile' | 'change'>): RankingItemView {
  return { rank: row.rank, cadreId: row.cadreId, name: row.name, departmentId: row.departmentId, rankLevel: row.rankLevel as RankLevel, points: toPoints(row.points), percentile: row.percentile, change: row.change };
}

const RANK_LEVEL: Record<string, string> = { division: '处级', section: '科级', staff: '科员' };
const CSV_COLUMNS: CsvColumn<RankingItemView>[] = [
  ['名次', (r) => r.rank],
  ['干部编号', (r) => r.cadreId],
  ['姓名', (r) => r.name],
  ['单位编号', (r) => r.departmentId],
  ['职级', (r) => RANK_LEVEL[r.rankLevel] ?? r.rankLevel],
  ['积分', (r) => r.points.toFixed(2)],
  ['百分位', (r) => r.percentile],
  ['名次变化', (r) => (r.change === null ? '新上榜' : r.change)],
];

function rankingsCsv(items: RankingItemView[]): string {
  return toCsv(CSV_COLUMNS, items);
}
