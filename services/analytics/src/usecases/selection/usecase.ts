import { isExportFormat } from '@cadre/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsSelectionView } from '@cadre/contracts';
import { PeopleDirectory } from '../../directory/people-directory';
import { ModelGenerations } from '../../projection/models.service';
import { CachedAnswers } from '../../queries/cached-answers';
import { selectionAnalytics } from '../../queries/selection';
import { selectionCsv, type CsvReply } from '../../queries/csv';
import { dashboardScope, scopeKey } from '../../domain/access';
import type { SelectionAnalyticsCommand } from './command';

/** 选人用人 analytics of a scope and year: outcomes by department, 凭实绩, days to decision; JSON or CSV. Scoped as the overview. */
@Injectable()
export class SelectionAnalytics {
  constructor(
    @Inject(ModelGenerations) private readonly models: ModelGenerations,
    @Inject(PeopleDirectory) private readonly directory: PeopleDirectory,
    @Inject(CachedAnswers) private readonly answers: CachedAnswers,
  ) {}

  async execute({ caller, query }: SelectionAnalyticsCommand): Promise<AnalyticsSelectionView | CsvReply> {
    const scope = dashboardScope(this.directory, caller, query.departmentId);
    const view = await this.answers.get(`selection|${scopeKey(scope)}|${query.period}`, () => selectionAnalytics(this.models.store, this.directory, scope, query.period, this.models.asOf()));
    return isExportFormat(query.format) ? selectionCsv(view) : view;
  }
}
