import { Inject, Injectable } from '@nestjs/common';
import {
  RPC,
  type Caller,
  type CandidatesView,
  type DossierView,
  type PortraitView,
  type RecordDetailView,
  type ScoreView,
  type TaxonomyView,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import { DEFAULT_ITEM_NAMES } from '@cadre/contracts';
import { composeDossier, type CityPlace, type RecordPeriod } from './compose-dossier';
import { inParallel } from '@cadre/platform';
import { isProblem } from '../http/composing';

/** The shortlist reads the most of analytics: the same allowance as `GET /analytics/candidates`. */
const SHORTLIST_TIMEOUT_MS = 30_000;
/** How many records' periods are read at once. */
const PARALLEL_READS = 4;

/** Whether an owner answered "not for you": a fact the caller may not read is left out, not a failure. */
function isRefusal(error: unknown): boolean {
  return isProblem(error) && (error.status === 403 || error.status === 404);
}

/**
 * 实绩档案 composed from the services that own the facts, every read made as the caller: the portrait (analytics)
 * and the score (scoring) decide who may see the dossier (the cadre, reviewers and appraisers of their subtree,
 * assessors, admins) and their refusal is the answer; the records' own periods (records), the item names (the
 * taxonomy) and the city-wide place (analytics' shortlist: assessors and admins) are added where the caller may
 * read them.
 */
@Injectable()
export class DossierComposer {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  async dossier(cadreId: string, period: string, caller: Caller): Promise<DossierView> {
    const [portrait, score] = await this.portraitAndScore(cadreId, period, caller);
    const recordIds = portrait.timeline.filter((entry) => entry.kind === 'record').map((entry) => entry.id);
    const [periods, itemNames, place] = await Promise.all([this.recordPeriods(recordIds, caller), this.itemNames(caller), this.cityPlace(cadreId, period, caller)]);
    return composeDossier({ portrait, score, recordPeriods: periods, place, itemNames, generatedBy: { id: caller.userId, name: caller.name }, generatedAt: new Date() });
  }

  /** Asked in parallel; the first refusal (a 403 before anything else) is the answer, as for the combined appraisal view. */
  private async portraitAndScore(cadreId: string, period: string, caller: Caller): Promise<[PortraitView, ScoreView]> {
    const [portrait, score] = await Promise.allSettled([
      this.rpc.request<PortraitView>(RPC.analytics.portrait, { id: cadreId, period, format: 'json' }, caller),
      this.rpc.request<ScoreView>(RPC.scoring.score, { id: cadreId, period }, caller),
    ]);
    const failures = [portrait, score].flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    if (failures.length) throw failures.find((failure) => isProblem(failure) && failure.status === 403) ?? failures[0];
    return [(portrait as PromiseFulfilledResult<PortraitView>).value, (score as PromiseFulfilledResult<ScoreView>).value];
  }

  /** Each record's own period, as the records service shows it to the caller (an appraiser may see the portrait but not the record). */
  private async recordPeriods(ids: string[], caller: Caller): Promise<Map<string, RecordPeriod>> {
    const reads = await inParallel(ids, PARALLEL_READS, async (id) => {
      try {
        const record = await this.rpc.request<RecordDetailView>(RPC.records.get, { id }, caller);
        return [id, { periodStart: record.periodStart, periodEnd: record.periodEnd }] as const;
      } catch (error) {
        if (isRefusal(error)) return null;
        throw error;
      }
    });
    return new Map(reads.filter((read) => read !== null));
  }

  /** The current taxonomy's item names over the default ones (which also name `TASK`); the default names if it cannot be read. */
  private async itemNames(caller: Caller): Promise<ReadonlyMap<string, string> | undefined> {
    try {
      const taxonomy = await this.rpc.request<TaxonomyView>(RPC.records.taxonomyGet, {}, caller);
      return new Map([
        ...DEFAULT_ITEM_NAMES,
        ...taxonomy.items.flatMap((item) => [[item.code, item.name] as const, ...item.children.map((child) => [child.code, child.name] as const)]),
      ]);
    } catch {
      return undefined;
    }
  }

  /** The cadre's place city-wide from the shortlist, which only assessors and admins may read: null for anyone else. */
  private async cityPlace(cadreId: string, period: string, caller: Caller): Promise<CityPlace | null> {
    if (!caller.roles.some((role) => role === 'assessor' || role === 'admin')) return null;
    try {
      const answer = await this.rpc.request<CandidatesView>(RPC.analytics.candidates, { cadreIds: [cadreId], period }, caller, SHORTLIST_TIMEOUT_MS);
      const row = answer.items.find((item) => item.cadreId === cadreId);
      return row ? { cityRank: row.cityRank, cityCadres: row.cityCadres } : null;
    } catch (error) {
      if (isRefusal(error)) return null;
      throw error;
    }
  }
}
