import { isExportFormat } from '@cadre/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { PortraitView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { PeopleDirectory } from '../../directory/people-directory';
import { ModelGenerations } from '../../projection/models.service';
import { CachedAnswers } from '../../queries/cached-answers';
import { portrait } from '../../queries/cadres';
import { portraitCsv, type CsvReply } from '../../queries/csv';
import { mayReadPortrait } from '../../domain/access';
import type { PortraitCommand } from './command';

/** A cadre's portrait (画像) for a year: radar, timeline, strengths, trend, teams and collaborators. */
@Injectable()
export class Portrait {
  constructor(
    @Inject(ModelGenerations) private readonly models: ModelGenerations,
    @Inject(PeopleDirectory) private readonly directory: PeopleDirectory,
    @Inject(CachedAnswers) private readonly answers: CachedAnswers,
  ) {}

  async execute({ caller, cadreId, query }: PortraitCommand): Promise<PortraitView | CsvReply> {
    const person = this.directory.person(cadreId);
    if (!person) throw problems.notFound('No such cadre.');
    if (!mayReadPortrait(caller, person)) throw problems.forbidden('A portrait is for the cadre, reviewers of their department, assessors and administrators.');
    const view = await this.answers.get(`portrait|${person.id}|${query.period}`, () => portrait(this.models.store, this.directory, person, query.period));
    return isExportFormat(query.format) ? portraitCsv(view) : view;
  }
}
