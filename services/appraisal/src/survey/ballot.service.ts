import { Inject, Injectable } from '@nestjs/common';
import { CRITERION_ANSWERS, CRITERION_ANSWER_LABELS, CRITERION_ANSWER_SCORES, RATER_GROUP_LABELS, type BallotBody, type Caller, type MyBallotsView } from '@cadre/contracts';
import { DirectoryReplica } from '@cadre/directory';
import { isDuplicateKeyError, problems } from '@cadre/platform';
import { SURVEY_RATERS, SURVEY_TALLIES, type SurveyDoc } from './survey.schema';
import { addBallot, scoreErrors, voterHash } from './domain/ballot';
import { SurveyStore, raterIndexId, ratersId, tallyId } from './survey-store';
import { SurveyService } from './survey.service';

/**
 * Casting a ballot (docs/ARCHITECTURE.md "Anonymity by construction"): (a) the group's tally gets the sums and the
 * voter's keyed hash, refused if the hash is there; then (b) the rater is marked as having voted (rater list and
 * index). The two documents share only the cycle and the cadre. A retry after a crash between (a) and (b) finds its
 * hash, finishes (b) and answers 409. Nothing of the answers is logged or traced.
 */
@Injectable()
export class BallotService {
  constructor(
    @Inject(SurveyStore) private readonly store: SurveyStore,
    @Inject(SurveyService) private readonly surveys: SurveyService,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async cast(caller: Caller, cycleId: string, body: BallotBody): Promise<{ counted: true }> {
    const survey = await this.surveys.surveyOr404(cycleId);
    const errors = scoreErrors(survey.settings.criteria, body.scores);
    if (errors.length) throw problems.invalid(errors);
    const closed = () => problems.conflict('The survey is not open: ballots are taken only while it is open.');
    // Whether the survey is open is no secret: 409 for anyone once it closed, before whether the caller rates the cadre.
    if (survey.status !== 'open') throw closed();
    const notRater = () => problems.notFound('You are not a rater of this cadre in this survey.');
    if (!survey.roster.some((c) => c.cadreId === body.cadreId)) throw notRater();
    // One ballot of a cadre at a time (and never beside an edit of the cadre's raters).
    return this.store.locks.run(SURVEY_RATERS, ratersId(cycleId, body.cadreId), async () => {
      const rater = (await this.store.ratersOf(cycleId, body.cadreId))?.raters.find((r) => r.userId === caller.userId);
      if (!rater) throw notRater();
      const already = () => problems.conflict('You have already rated this cadre in this survey.');
      if (rater.voted) throw already();
      const key = (await this.store.keys.findOne({ _id: cycleId }))?.key;
      if (!key) throw closed();
      const hash = voterHash(key, caller.userId);
      const id = tallyId(cycleId, body.cadreId, rater.group);
      const counted = await this.store.locks.run(SURVEY_TALLIES, id, async () => {
        if ((await this.store.survey(cycleId))?.status !== 'open') throw closed();
        const tally = await this.store.tallies.findOne({ _id: id });
        if (tally?.voters.includes(hash)) return false;
        const next = addBallot(tally, body, hash);
        const raced = () => problems.conflict('Another ballot was counted meanwhile; send yours again.');
        if (!tally) {
          // Another process may have created it meanwhile: the unique `_id` refuses this insert, nothing is counted.
          await this.store.tallies.insertOne({ _id: id, ...next }).catch((error: unknown) => {
            throw isDuplicateKeyError(error) ? raced() : error;
          });
        } else {
          const written = await this.store.tallies.updateOne({ _id: id, count: tally.count }, { $set: next });
          if (written.matchedCount === 0) throw raced();
        }
        return true;
      });
      await this.store.markVoted(cycleId, body.cadreId, caller.userId);
      if (!counted) throw already();
      return { counted: true as const };
    });
  }

  /** `GET /appraisal/ballots/mine`: whom the caller rates in the open surveys, and whether they voted (never how). */
  async mine(caller: Caller): Promise<MyBallotsView> {
    const items: MyBallotsView['items'] = [];
    const departmentNames = new Map<string, string>();
    for (const cycleId of await this.store.openCycleIds()) {
      const index = await this.store.raterIndex.findOne({ _id: raterIndexId(cycleId, caller.userId) });
      if (!index?.cadres.length) continue;
      const survey: SurveyDoc | null = await this.store.survey(cycleId);
      if (survey?.status !== 'open') continue;
      for (const entry of index.cadres) {
        const cadre = await this.directory.user(entry.cadreId);
        const departmentId = cadre?.departmentId ?? survey.roster.find((c) => c.cadreId === entry.cadreId)?.departmentId ?? '';
        if (!departmentNames.has(departmentId)) departmentNames.set(departmentId, (await this.directory.department(departmentId))?.name ?? '');
        items.push({
          cycleId,
          cycleName: survey.name,
          cadreId: entry.cadreId,
          name: cadre?.name ?? '',
          title: cadre?.title ?? '',
          departmentName: departmentNames.get(departmentId) ?? '',
          group: entry.group,
          groupLabel: RATER_GROUP_LABELS[entry.group],
          voted: entry.voted,
          criteria: survey.settings.criteria,
        });
      }
    }
    return { items, answers: CRITERION_ANSWERS.map((answer) => ({ answer, label: CRITERION_ANSWER_LABELS[answer], score: CRITERION_ANSWER_SCORES[answer] })) };
  }
}
