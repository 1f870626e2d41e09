import { Inject, Injectable } from '@nestjs/common';
import { currentScoringYear, type DryRunView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { Ledger } from '../../ledger/ledger';
import { Standards } from '../../standards/standards';
import { mayManageStandards, requireAllowed } from '../../domain/access';
import { dryRunRefusal, standardOf } from '../../domain/standards';
import { sourceEntries } from '../../domain/sources';
import { collectByCadre, dryRunView, namedDryRun, type EntriesByCadre } from '../../domain/dry-run';
import { DirectoryNames } from '../../rankings/directory-names';
import type { DryRunStandardCommand } from './command';

/** An admin's dry run of a draft: every cadre's total this year under the active standard and under the draft, in memory; nothing changes. Each listed cadre is named. */
@Injectable()
export class DryRunStandard {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(DirectoryNames) private readonly names: DirectoryNames,
  ) {}

  async execute({ caller, version }: DryRunStandardCommand): Promise<DryRunView> {
    requireAllowed(caller, mayManageStandards);
    const candidate = await this.standards.load(version);
    const refusal = dryRunRefusal(candidate);
    if (refusal) throw problems.conflict(refusal);
    const active = await this.standards.active();
    const draft = standardOf(candidate.body);
    const before: EntriesByCadre = new Map();
    const after: EntriesByCadre = new Map();
    for await (const batch of this.ledger.allSources()) {
      for (const source of batch) {
        collectByCadre(before, sourceEntries(source, active.version, active.standard));
        collectByCadre(after, sourceEntries(source, candidate.version, draft));
      }
    }
    const view = dryRunView(candidate.version, currentScoringYear(), { entries: before, standard: active.standard }, { entries: after, standard: draft });
    const users = await this.names.users(view.cadres.map((row) => row.cadreId));
    return namedDryRun(view, users, await this.names.departments([...users.values()].map((u) => u.departmentId)));
  }
}
