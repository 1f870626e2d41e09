import { Inject, Injectable } from '@nestjs/common';
import { problems } from '@cadre/platform';
import { Standards } from '../../standards/standards';
import { ScoringJobs } from '../../jobs/scoring-jobs';
import { mayManageStandards, requireAllowed } from '../../domain/access';
import { activationRefusal } from '../../domain/standards';
import type { ActivateStandardCommand } from './command';

/**
 * An admin activates a draft: a job (202 with its id) writes every entry under it, makes it active and recomputes
 * everything (standards/standard-activation.ts).
 */
@Injectable()
export class ActivateStandard {
  constructor(
    @Inject(Standards) private readonly standards: Standards,
    @Inject(ScoringJobs) private readonly jobs: ScoringJobs,
  ) {}

  async execute({ caller, version }: ActivateStandardCommand): Promise<{ version: number; jobId: string }> {
    const who = requireAllowed(caller, mayManageStandards);
    const standard = await this.standards.load(version);
    const refusal = activationRefusal(standard);
    if (refusal) throw problems.conflict(refusal);
    return { version: standard.version, ...(await this.jobs.activate(standard.version, who.userId)) };
  }
}
