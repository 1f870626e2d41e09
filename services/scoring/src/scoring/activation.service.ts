import { Inject, Injectable } from '@nestjs/common';
import { currentScoringYear, periodYears, type DryRunView, type ScoringStandard } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { LedgerService, capEntry, toDocument } from './ledger.service';
import { StandardsService } from './standards.service';
import { ScoresService } from './scores.service';
import { RankingsService } from './rankings.service';
import { cadreTotals } from './domain/cap';
import type { LedgerEntryDraft } from './domain/entries';

/** A new standard: its dry run (nothing changes) and its activation (everything is recomputed under it). */
@Injectable()
export class ActivationService {
  constructor(
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(StandardsService) private readonly standards: StandardsService,
    @Inject(ScoresService) private readonly scores: ScoresService,
    @Inject(RankingsService) private readonly rankings: RankingsService,
  ) {}

  /** Every cadre's total this year under the active standard and under `version`, computed in memory. */
  async dryRun(version: unknown): Promise<DryRunView> {
    const candidate = await this.standards.load(version);
    if (candidate.status !== 'draft') throw problems.conflict(`A dry run is for a draft; version ${candidate.version} is ${candidate.status}.`);
    const active = await this.standards.active();
    const period = currentScoringYear();
    const before = new Map<string, LedgerEntryDraft[]>();
    const after = new Map<string, LedgerEntryDraft[]>();
    for await (const batch of this.ledger.allSources()) {
      for (const source of batch) {
        collect(before, this.ledger.entriesOf(source, active.version, active.standard));
        collect(after, this.ledger.entriesOf(source, candidate.version, candidate.body as unknown as ScoringStandard));
      }
    }
    const years = periodYears(period);
    const total = (entries: LedgerEntryDraft[] | undefined, standard: ScoringStandard) =>
      cadreTotals((entries ?? []).filter((e) => years.includes(e.period)).map(capEntry), standard).total;
    const cadreIds = new Set([...before.keys(), ...after.keys()]);
    const rows = [...cadreIds].map((cadreId) => {
      const b = total(before.get(cadreId), active.standard);
      const a = total(after.get(cadreId), candidate.body as unknown as ScoringStandard);
      return { cadreId, before: b / 100, after: a / 100, delta: (a - b) / 100 };
    });
    const sum = (key: 'before' | 'after') => Math.round(rows.reduce((s, r) => s + r[key] * 100, 0)) / 100;
    return {
      version: candidate.version,
      period,
      cadres: [...rows].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.cadreId < y.cadreId ? -1 : 1)).slice(0, 200),
      totals: { before: sum('before'), after: sum('after'), moved: rows.filter((r) => r.delta !== 0).length },
    };
  }

  /** Writes every source's entries under the new version, makes it active, recomputes every total, re-ranks. */
  async activate(version: number, progress: (percent: number) => Promise<void> | void = () => undefined): Promise<{ cadres: number; rankings: number }> {
    const candidate = await this.standards.load(version);
    const standard = candidate.body as unknown as ScoringStandard;
    const cadres = new Set<string>();
    const now = new Date();
    const walk = async () => {
      for await (const batch of this.ledger.allSources()) {
        for (const source of batch) {
          const drafts = this.ledger.entriesOf(source, candidate.version, standard);
          await this.ledger.insertAll(drafts.map((d) => toDocument(d, now)));
          drafts.forEach((d) => cadres.add(d.cadreId));
        }
      }
    };
    if (candidate.status === 'retired') throw problems.conflict(`Version ${candidate.version} is retired.`);
    await walk();
    await progress(40);
    if (candidate.status === 'draft') await this.standards.activate(candidate.version);
    // Sources that arrived during the first walk were written under the old version: catch them up.
    await walk();
    for (const cadreId of cadres) await this.scores.recompute(cadreId);
    await progress(80);
    const result = await this.rankings.recalculate();
    await progress(100);
    return result;
  }
}

function collect(map: Map<string, LedgerEntryDraft[]>, entries: LedgerEntryDraft[]) {
  for (const entry of entries) {
    const list = map.get(entry.cadreId);
    if (list) list.push(entry);
    else map.set(entry.cadreId, [entry]);
  }
}
