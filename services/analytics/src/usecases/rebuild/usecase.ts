import { Inject, Injectable } from '@nestjs/common';
import type { RebuildView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { ModelGenerations } from '../../projection/models.service';
import { mayRebuild } from '../../domain/access';
import type { RebuildCommand } from './command';

/** An admin starts a rebuild of the read models from the streams (in the background; 409 while one runs). */
@Injectable()
export class Rebuild {
  constructor(@Inject(ModelGenerations) private readonly models: ModelGenerations) {}

  execute({ caller, body }: RebuildCommand): RebuildView {
    if (!mayRebuild(caller)) throw problems.forbidden('Only an administrator rebuilds the analytics models.');
    if (body && typeof body === 'object' && Object.keys(body).length) {
      throw problems.invalid(Object.keys(body).map((path) => ({ path, message: 'is not allowed' })));
    }
    if (!this.models.requestRebuild()) throw problems.conflict('A rebuild is already running.');
    return this.models.status();
  }
}
