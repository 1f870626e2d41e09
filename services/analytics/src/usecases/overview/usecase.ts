import { isExportFormat } from '@cadre/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { OverviewView } from '@cadre/contracts';
import { PeopleDirectory } from '../../directory/people-directory';
import { ModelGenerations } from '../../projection/models.service';
import { CachedAnswers } from '../../queries/cached-answers';
import { overview } from '../../queries/dashboards';
import { overviewCsv, type CsvReply } from '../../queries/csv';
import { dashboardScope, scopeKey } from '../../domain/access';
import type { OverviewCommand } from './command';

/** The overview of a scope and year (records, review, tasks, points), as JSON or CSV. */
@Injectable()
export class Overview {
  constructor(
    @Inject(ModelGenerations) private readonly models: ModelGenerations,
    @Inject(PeopleDirectory) private readonly directory: PeopleDirectory,
    @Inject(CachedAnswers) private readonly answers: CachedAnswers,
  ) {}

  async execute({ caller, query }: OverviewCommand): Promise<OverviewView | CsvReply> {
    const scope = dashboardScope(this.directory, caller, query.departmentId);
    const view = await this.answers.get(`overview|${scopeKey(scope)}|${query.period}`, () => overview(this.models.store, this.directory, scope, query.period, this.models.asOf()));
    return isExportFormat(query.format) ? overviewCsv(view) : view;
  }
}
