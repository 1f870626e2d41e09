import { Inject, Injectable } from '@nestjs/common';
import type { ScoringStandardView } from '@cadre/contracts';
import { Standards, standardView } from '../../standards/standards';
import type { GetStandardCommand } from './command';

/** One version of the scoring standard (404 for a version that does not exist). */
@Injectable()
export class GetStandard {
  constructor(@Inject(Standards) private readonly standards: Standards) {}

  async execute({ version }: GetStandardCommand): Promise<ScoringStandardView> {
    return standardView(await this.standards.load(version));
  }
}
