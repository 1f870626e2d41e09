import { Inject, Injectable } from '@nestjs/common';
import { RATER_GROUP_LABELS, type Caller, type ProblemFieldError, type RatersBody, type SurveyCadreView, type SurveyCloseView, type SurveyResultView, type SurveyView } from '@cadre/contracts';
import { DirectoryReplica } from '@cadre/directory';
import { problems } from '@cadre/platform';
import type { Model } from 'mongoose';
import { assertCanCloseSurvey, assertCanEditRaters, assertCanViewSurvey } from './domain/access';
import { editRaters, type RaterEntry } from './domain/raters';
import { SURVEY_RATER_INDEX, SURVEY_RATERS, SURVEY_RESULT_MODEL, type RaterIndexDoc, type SurveyResultDoc } from './survey.schema';
import { SurveyStore, raterIndexId, ratersId } from './survey-store';
import { SurveyService } from './survey.service';

/** The survey as appraisers, assessors and admins handle it: participation and results, rater lists, closing. */
@Injectable()
export class SurveyAdminService {
  constructor(
    @Inject(SurveyStore) private readonly store: SurveyStore,
    @Inject(SurveyService) private readonly surveys: SurveyService,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(SURVEY_RESULT_MODEL) private readonly resultModel: Model<SurveyResultDoc>,
  ) {}

  /** `GET /appraisal/cycles/:id/survey?departmentId=`: per cadre the raters and whether each voted; results once closed. */
  async view(caller: Caller, cycleId: string, departmentId: string): Promise<SurveyView> {
    const survey = await this.surveys.surveyOr404(cycleId);
    const department = await this.directory.department(departmentId);
    const cadres = survey.roster.filter((c) => c.departmentId === departmentId);
    const path = department?.path ?? cadres[0]?.departmentPath;
    if (!path) throw problems.notFound('No such department.');
    assertCanViewSurvey(caller, path);
    const closed = survey.status === 'closed';
    const items: SurveyView['items'] = [];
    const names = new Map<string, string>();
    const nameOf = async (id: string) => {
      const name = names.get(id) ?? (await this.directory.user(id))?.name ?? '';
      names.set(id, name);
      return name;
    };
    for (const cadre of cadres) {
      const raters = (await this.store.ratersOf(cycleId, cadre.cadreId))?.raters ?? [];
      let result: SurveyResultView | null = null;
      if (closed) result = (await this.resultModel.findById(ratersId(cycleId, cadre.cadreId)).lean<SurveyResultDoc>())?.result ?? null;
      const listed = [];
      for (const r of raters) listed.push({ userId: r.userId, name: await nameOf(r.userId), group: r.group, groupLabel: RATER_GROUP_LABELS[r.group], voted: r.voted });
      items.push({ cadreId: cadre.cadreId, name: await nameOf(cadre.cadreId), invited: raters.length, voted: raters.filter((r) => r.voted).length, raters: listed, result });
    }
    items.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || (a.cadreId < b.cadreId ? -1 : 1));
    return {
      cycle: { id: cycleId, name: survey.name, status: survey.cycleClosed ? 'closed' : 'open', surveyStatus: survey.status === 'closing' || closed ? 'closed' : 'open' },
      departmentId,
      departmentName: department?.name ?? '',
      items,
    };
  }

  /** `PUT /appraisal/cycles/:id/survey/raters/:cadreId`: the cadre's whole rater list (voters stay as they are). */
  async editRaters(caller: Caller, cycleId: string, cadreId: string, body: RatersBody): Promise<SurveyCadreView> {
    const survey = await this.surveys.surveyOr404(cycleId);
    const cadre = survey.roster.find((c) => c.cadreId === cadreId);
    if (!cadre) throw problems.notFound('No such cadre in this survey.');
    assertCanEditRaters(caller, cadre);
    const errors: ProblemFieldError[] = [];
    for (const [i, r] of body.raters.entries()) {
      if (r.userId === cadreId) errors.push({ path: `raters.${i}.userId`, message: 'the cadre never rates themselves' });
      else if (!(await this.directory.user(r.userId))?.active) errors.push({ path: `raters.${i}.userId`, message: 'is not an active user' });
    }
    if (errors.length) throw problems.invalid(errors);
    return this.store.locks.run(SURVEY_RATERS, ratersId(cycleId, cadreId), async () => {
      if ((await this.store.survey(cycleId))?.status !== 'open') throw problems.conflict('The survey is not open: its raters change only while it is open.');
      const current = (await this.store.ratersOf(cycleId, cadreId))?.raters ?? [];
      const edit = editRaters(cadreId, current, body.raters);
      if (edit.voterChanged.length) throw problems.conflict(`A rater who voted cannot be removed or moved to another group (${edit.voterChanged.length}).`);
      await this.store.raters.updateOne({ _id: ratersId(cycleId, cadreId) }, { $set: { raters: edit.raters } }, { upsert: true });
      await this.reindex(cycleId, cadreId, current, edit.raters);
      const named = [];
      for (const r of edit.raters) named.push({ userId: r.userId, name: (await this.directory.user(r.userId))?.name ?? '', group: r.group, groupLabel: RATER_GROUP_LABELS[r.group], voted: r.voted });
      return { cadreId, name: (await this.directory.user(cadreId))?.name ?? '', invited: edit.raters.length, voted: edit.raters.filter((r) => r.voted).length, raters: named, result: null };
    });
  }

  /** Each rater's index follows the list: entries added, moved or removed. */
  private async reindex(cycleId: string, cadreId: string, before: RaterEntry[], after: RaterEntry[]): Promise<void> {
    const now = new Map(after.map((r) => [r.userId, r]));
    for (const userId of new Set([...before.map((r) => r.userId), ...now.keys()])) {
      const id = raterIndexId(cycleId, userId);
      await this.store.locks.run(SURVEY_RATER_INDEX, id, async () => {
        const index: RaterIndexDoc = (await this.store.raterIndex.findOne({ _id: id })) ?? { _id: id, cadres: [] };
        const others = index.cadres.filter((c) => c.cadreId !== cadreId);
        const rater = now.get(userId);
        const cadres = rater ? [...others, { cadreId, group: rater.group, voted: rater.voted }] : others;
        await this.store.raterIndex.updateOne({ _id: id }, { $set: { cadres } }, { upsert: true });
      });
    }
  }

  /** `POST /appraisal/cycles/:id/survey/close` (admin). Idempotent. */
  async close(caller: Caller, cycleId: string): Promise<SurveyCloseView> {
    assertCanCloseSurvey(caller);
    const survey = await this.surveys.surveyOr404(cycleId);
    const { closedAt, results } = await this.surveys.closeSurvey(survey);
    return { cycleId, surveyStatus: 'closed', closedAt: closedAt.toISOString(), results };
  }
}
