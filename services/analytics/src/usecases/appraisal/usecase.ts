import { isExportFormat } from '@cadre/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsAppraisalView } from '@cadre/contracts';
import { PeopleDirectory } from '../../directory/people-directory';
import { ModelGenerations } from '../../projection/models.service';
import { CachedAnswers } from '../../queries/cached-answers';
import { appraisalAnalytics } from '../../queries/appraisal';
import { appraisalCsv, type CsvReply } from '../../queries/csv';
import { dashboardScope, scopeKey } from '../../domain/access';
import type { AppraisalAnalyticsCommand } from './command';

/** 考评 analytics of a scope and year: confirmed grades by department and kind, 测评 by criterion; JSON or CSV. Scoped as the overview. */
@Injectable()
export class AppraisalAnalytics {
  constructor(
    @Inject(ModelGenerations) private readonly models: ModelGenerations,
    @Inject(PeopleDirectory) private readonly directory: PeopleDirectory,
    @Inject(CachedAnswers) private readonly answers: CachedAnswers,
  ) {}

  async execute({ caller, query }: AppraisalAnalyticsCommand): Promise<AnalyticsAppraisalView | CsvReply> {
    const scope = dashboardScope(this.directory, caller, query.departmentId);
    const view = await this.answers.get(`appraisal|${scopeKey(scope)}|${query.period}`, () => appraisalAnalytics(this.models.store, this.directory, scope, query.period, this.models.asOf()));
    return isExportFormat(query.format) ? appraisalCsv(view) : view;
  }
}
