import { isExportFormat } from '@cadre/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { DepartmentsView } from '@cadre/contracts';
import { PeopleDirectory } from '../../directory/people-directory';
import { ModelGenerations } from '../../projection/models.service';
import { CachedAnswers } from '../../queries/cached-answers';
import { departments } from '../../queries/dashboards';
import { departmentsCsv, type CsvReply } from '../../queries/csv';
import { dashboardScope, scopeKey } from '../../domain/access';
import type { DepartmentsCommand } from './command';

/** Every department of a scope compared (own figures and subtree sums), as JSON or CSV. */
@Injectable()
export class Departments {
  constructor(
    @Inject(ModelGenerations) private readonly models: ModelGenerations,
    @Inject(PeopleDirectory) private readonly directory: PeopleDirectory,
    @Inject(CachedAnswers) private readonly answers: CachedAnswers,
  ) {}

  async execute({ caller, query }: DepartmentsCommand): Promise<DepartmentsView | CsvReply> {
    const scope = dashboardScope(this.directory, caller, query.departmentId);
    const view = await this.answers.get(`departments|${scopeKey(scope)}|${query.period}`, () => departments(this.models.store, this.directory, scope, query.period));
    return isExportFormat(query.format) ? departmentsCsv(view) : view;
  }
}
