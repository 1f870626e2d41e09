import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { Redis } from 'ioredis';
import { isWithinSubtree, parseRankingScope, type RankLevel, type RankingItemView, type RankingView } from '@cadre/contracts';
import { ensureIndexes } from '@cadre/platform';
import { RANKING_ROWS, RANKING_RUNS, type RankingRowDocument, type RankingRunDocument } from '../scoring.schema';
import { rankCadres, rankChange } from '../domain/ranking';
import { toPoints } from '../domain/points';

export const SCORING_REDIS = Symbol('SCORING_REDIS');
export const REDIS_PREFIX = 'REDIS_PREFIX';

export interface RankingPageQuery {
  period: string;
  scope: string;
  page: number;
  pageSize: number;
}

/**
 * Where rankings are kept: the whole population's rows of each period in MongoDB (the truth: `ranking_rows`, scope
 * `all`, with each cadre's department path and rank level) and every scope's order in Redis sorted sets, which
 * serve reads; a scope missing in Redis is derived from the MongoDB rows.
 */
@Injectable()
export class RankingBoard implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(RANKING_ROWS) private readonly rows: Model<RankingRowDocument>,
    @Inject(RANKING_RUNS) private readonly runs: Model<RankingRunDocument>,
    @Inject(SCORING_REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.rows, this.runs]);
  }

  onModuleDestroy() {
    this.redis.disconnect();
  }

  /** Each cadre's rank in the period's last `all` ranking. */
  async previousRanks(period: string): Promise<Map<string, number>> {
    return new Map((await this.rows.find({ period, scope: 'all' }, { cadreId: 1, rank: 1 }).lean<{ cadreId: string; rank: number }[]>()).map((r) => [r.cadreId, r.rank]));
  }

  /** Replaces the period's `all` rows and records the run. */
  async replaceAll(period: string, version: number, calculatedAt: Date, docs: RankingRowDocument[], lap: (name: string) => void): Promise<void> {
    await this.rows.deleteMany({ period, scope: 'all' });
    lap(`deleteRows:${period}`);
    for (let i = 0; i < docs.length; i += 1_000) await this.rows.insertMany(docs.slice(i, i + 1_000), { ordered: false });
    lap(`insertRows:${period}`);
    await this.runs.replaceOne({ _id: `${period}|all` }, { _id: `${period}|all`, period, scope: 'all', calculatedAt, standardVersion: version, cadres: docs.length }, { upsert: true });
  }

  /** A page of a scope: from Redis, or derived from the MongoDB rows when Redis lost it (null: never calculated). */
  async page(query: RankingPageQuery): Promise<Omit<RankingView, 'standardVersion'> & { standardVersion: number | null }> {
    const key = this.key(query.period, query.scope);
    const meta = await this.redis.hgetall(`${key}:meta`);
    const start = (query.page - 1) * query.pageSize;
    const answer = { page: query.page, pageSize: query.pageSize, period: query.period, scope: query.scope };
    if (meta.calculatedAt) {
      const ids = await this.redis.zrange(key, start, Math.min(start + query.pageSize, Number(meta.total ?? 0)) - 1);
      const rows = ids.length ? await this.redis.hmget(`${key}:rows`, ...ids) : [];
      return {
        items: rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as RankingItemView),
        total: Number(meta.total ?? 0),
        ...answer,
        calculatedAt: meta.calculatedAt,
        standardVersion: Number(meta.standardVersion),
      };
    }
    const run = await this.runs.findById(`${query.period}|all`).lean<RankingRunDocument>();
    if (!run) return { items: [], total: 0, ...answer, calculatedAt: '', standardVersion: null };
    const all = await this.rows.find({ period: query.period, scope: 'all' }).lean<RankingRowDocument[]>();
    const scope = parseRankingScope(query.scope);
    const members = all.filter((r) => scope.kind === 'all' || (scope.kind === 'department' ? isWithinSubtree(r.departmentPath, scope.departmentId) : r.rankLevel === scope.rankLevel));
    const items = (scope.kind === 'all' ? members : rankScope(members, all)).sort((a, b) => a.rank - b.rank || (a.cadreId < b.cadreId ? -1 : 1));
    return {
      items: items.slice(start, start + query.pageSize).map(itemView),
      total: items.length,
      ...answer,
      calculatedAt: new Date(run.calculatedAt).toISOString(),
      standardVersion: run.standardVersion,
    };
  }

  /** Writes one scope to Redis under temporary keys, then swaps them in. */
  async publish(period: string, scope: string, version: number, calculatedAt: Date, rows: RankingRowDocument[], previousAll: Map<string, number>): Promise<void> {
    const key = this.key(period, scope);
    const previousScope = scope === 'all' ? previousAll : await this.previousScopeRanks(key, rows.map((r) => r.cadreId));
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

  private async previousScopeRanks(key: string, ids: string[]): Promise<Map<string, number>> {
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

/** A scope's own ranks among its members (the `all` rows give names, departments and previous ranks). */
export function rankScope(members: Pick<RankingRowDocument, 'cadreId' | 'points'>[], all: RankingRowDocument[]): RankingRowDocument[] {
  const byId = new Map(all.map((r) => [r.cadreId, r]));
  return rankCadres(members.map((m) => ({ cadreId: m.cadreId, points: m.points }))).map((r) => ({ ...byId.get(r.cadreId)!, rank: r.rank, percentile: r.percentile, change: null }));
}

function itemView(row: Pick<RankingRowDocument, 'rank' | 'cadreId' | 'name' | 'departmentId' | 'rankLevel' | 'points' | 'percentile' | 'change'>): RankingItemView {
  return { rank: row.rank, cadreId: row.cadreId, name: row.name, departmentId: row.departmentId, rankLevel: row.rankLevel as RankLevel, points: toPoints(row.points), percentile: row.percentile, change: row.change };
}
