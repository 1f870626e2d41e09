import { Inject, Injectable } from '@nestjs/common';
import { scoringStandardBody, type ScoringStandardView } from '@cadre/contracts';
import { validate } from '@cadre/platform';
import { Standards, standardView } from '../../standards/standards';
import { mayManageStandards, requireAllowed } from '../../domain/access';
import type { CreateStandardCommand } from './command';

/** An admin drafts a new version of the scoring standard (it changes nothing until activated). */
@Injectable()
export class CreateStandard {
  constructor(@Inject(Standards) private readonly standards: Standards) {}

  async execute({ caller, body }: CreateStandardCommand): Promise<ScoringStandardView> {
    const who = requireAllowed(caller, mayManageStandards);
    const standard = validate(scoringStandardBody, body ?? {});
    return standardView(await this.standards.createDraft(who.userId, standard));
  }
}
