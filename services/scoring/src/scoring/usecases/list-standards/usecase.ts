import { Inject, Injectable } from '@nestjs/common';
import type { ScoringStandardView } from '@cadre/contracts';
import { Standards, standardView } from '../../standards/standards';
import type { ListStandardsCommand } from './command';

/** Every version of the scoring standard, oldest first. */
@Injectable()
export class ListStandards {
  constructor(@Inject(Standards) private readonly standards: Standards) {}

  async execute(_command: ListStandardsCommand): Promise<ScoringStandardView[]> {
    return (await this.standards.list()).map(standardView);
  }
}
