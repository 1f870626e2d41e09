import { isExportFormat } from '@cadre/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { CandidatesView } from '@cadre/contracts';
import { PeopleDirectory } from '../../directory/people-directory';
import { ModelGenerations } from '../../projection/models.service';
import { CachedAnswers } from '../../queries/cached-answers';
import { candidates, namedCandidates } from '../../queries/cadres';
import { candidatesCsv, type CsvReply } from '../../queries/csv';
import { scopeKey, shortlistScope } from '../../domain/access';
import { ANALYTICS_REDIS } from '../../analytics.tokens';
import type { ShortlistCommand } from './command';

/** The candidate shortlist (选人用人参考): cadres of a rank level and scope by points, with the evidence. */
@Injectable()
export class Shortlist {
  constructor(
    @Inject(ModelGenerations) private readonly models: ModelGenerations,
    @Inject(PeopleDirectory) private readonly directory: PeopleDirectory,
    @Inject(CachedAnswers) private readonly answers: CachedAnswers,
    @Inject(ANALYTICS_REDIS) private readonly redis: Redis,
  ) {}

  async execute({ caller, query, cadreIds }: ShortlistCommand): Promise<CandidatesView | CsvReply> {
    if (cadreIds) {
      // A selection draw's named cadres: wherever they are (the round checks its departments), so city-wide.
      const scope = shortlistScope(this.directory, caller, undefined);
      const view = await this.answers.get(`named|${query.period}|${query.gradeYears}|${cadreIds.join(',')}`, () =>
        namedCandidates(this.models.store, this.redis, this.directory, scope, query, cadreIds),
      );
      return isExportFormat(query.format) ? candidatesCsv(view) : view;
    }
    const scope = shortlistScope(this.directory, caller, query.departmentId);
    const filters = `${(query.withoutGrades ?? []).slice().sort().join(',')}|${query.gradeYears}|${query.minSatisfaction ?? ''}`;
    const view = await this.answers.get(`candidates|${scopeKey(scope)}|${query.rankLevel ?? ''}|${query.period}|${query.limit}|${filters}`, () =>
      candidates(this.models.store, this.redis, this.directory, scope, query),
    );
    return isExportFormat(query.format) ? candidatesCsv(view) : view;
  }
}
