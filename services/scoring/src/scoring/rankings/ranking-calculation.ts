import { Inject, Injectable } from '@nestjs/common';
import { ROLLING_PERIOD, currentScoringYear, periodYears } from '@cadre/contracts';
import { DirectoryReplica } from '@cadre/directory';
import type { RankingRowDocument } from '../scoring.schema';
import { rankCadres, rankChange } from '../domain/ranking';
import { toHundredths } from '../domain/points';
import { Ledger } from '../ledger/ledger';
import { Standards } from '../standards/standards';
import { RankingBoard, rankScope } from './ranking-board';

interface Ranked {
  cadreId: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  rankLevel: string;
  points: number;
}

/**
 * The recalculation job (nightly, on demand, after an activation): every ranking per period (this year, rolling
 * three years) and scope (everyone, each department subtree, each rank level), from the ledger itself.
 */
@Injectable()
export class RankingCalculation {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(RankingBoard) private readonly board: RankingBoard,
  ) {}

  /**
   * Recalculates every ranking from the ledger itself (so no materialised total can drift into a ranking): one
   * pass sums each cadre's entries by first-level item, year and source type; record points are capped per item
   * and year (the cap of a group is min(cap, Σ its entries): reversals carry their original's item and year, so
   * the sum is what is live); then each period is ranked. `progress` is told 0–100.
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
  private async calculate(period: string, version: number, population: Ranked[], lap: (name: string) => void): Promise<number> {
    const calculatedAt = new Date();
    const previous = await this.board.previousRanks(period);
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
    await this.board.replaceAll(period, version, calculatedAt, docs, lap);

    const scopes = new Map<string, Ranked[]>([['all', population]]);
    for (const row of population) {
      for (const departmentId of row.departmentPath) push(scopes, `department:${departmentId}`, row);
      if (row.rankLevel) push(scopes, `rank:${row.rankLevel}`, row);
    }
    for (const [scope, members] of scopes) await this.board.publish(period, scope, version, calculatedAt, scope === 'all' ? docs : rankScope(members, docs), previous);
    lap(`redis:${period}`);
    return scopes.size;
  }
}

function push(map: Map<string, Ranked[]>, key: string, row: Ranked) {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}
