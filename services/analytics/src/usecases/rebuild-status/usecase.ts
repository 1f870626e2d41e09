import { Inject, Injectable } from '@nestjs/common';
import type { RebuildView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { ModelGenerations } from '../../projection/models.service';
import { mayRebuild } from '../../domain/access';
import type { RebuildStatusCommand } from './command';

/** Where the last (or running) rebuild stands, and the live generation's positions: for admins. */
@Injectable()
export class RebuildStatus {
  constructor(@Inject(ModelGenerations) private readonly models: ModelGenerations) {}

  execute({ caller }: RebuildStatusCommand): RebuildView {
    if (!mayRebuild(caller)) throw problems.forbidden('Only an administrator follows a rebuild.');
    return this.models.status();
  }
}
