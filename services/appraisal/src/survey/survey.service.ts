import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Model } from 'mongoose';
import {
  APPRAISAL_EVENTS,
  RATER_GROUP_LABELS,
  periodYear,
  type AppraisalSurveyResultV1,
  type Caller,
  type RaterGroup,
  type SurveyResultView,
  type SurveyStatus,
} from '@cadre/contracts';
import { AggregateStore, OutboxRelay } from '@cadre/messaging';
import { DirectoryReplica, type ReplicaUser } from '@cadre/directory';
import { isDuplicateKeyError, problems } from '@cadre/platform';
import type { RosterCadre, SurveyCycle, SurveyPort } from './survey.port';
import { drawRaters, type RaterEntry } from './domain/raters';
import { computeResult, type GroupTally } from './domain/results';
import { SURVEY_RESULT_MODEL, SURVEY_TALLIES, type RosterEntry, type SurveyDoc, type SurveyResultDoc } from './survey.schema';
import { SurveyStore, collaboratorsId, raterIndexId, ratersId, tallyId } from './survey-store';
import { inParallel } from '@cadre/platform';

/** Cadres handled at once when a survey opens or closes. */
const PARALLEL = 8;

/**
 * 民主测评 (docs/API.md "Appraisal"; docs/ARCHITECTURE.md "Anonymity by construction"): draws the raters when a cycle
 * opens, closes the survey (results computed from the tallies, stored with the outbox of their event, one per cadre)
 * and answers the results of closed surveys. Ballots: see BallotService.
 */
@Injectable()
export class SurveyService implements SurveyPort, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly results: AggregateStore<SurveyResultDoc>;
  private readonly logger = new Logger('Survey');
  private resuming?: Promise<void>;

  constructor(
    @Inject(SurveyStore) private readonly store: SurveyStore,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(SURVEY_RESULT_MODEL) private readonly resultModel: Model<SurveyResultDoc>,
    @Inject(OutboxRelay) relay: OutboxRelay,
  ) {
    this.results = new AggregateStore(resultModel, relay, { producer: 'appraisal', noun: 'survey result' });
  }

  /** At start, in the background: finishes what a process that died left half-done (an opening, a close). */
  onApplicationBootstrap(): void {
    this.resuming = this.resume().catch((error: unknown) => this.logger.warn(`survey: could not finish an interrupted opening or close; the next start tries again (${String(error)})`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.resuming;
  }

  /** Surveys left `opening` or `closing` (a few documents, one per cycle: read whole, status only). */
  async resume(): Promise<void> {
    const unfinished = await this.store.surveys.find({}, { projection: { status: 1 } }).toArray();
    for (const { _id, status } of unfinished) {
      if (status !== 'opening' && status !== 'closing') continue;
      const survey = await this.store.survey(_id);
      if (!survey) continue;
      if (survey.status === 'opening') {
        await this.open({ cycleId: survey._id, kind: survey.kind, name: survey.name, period: survey.period, settings: survey.settings }, survey.roster);
      } else if (survey.status === 'closing') await this.closeSurvey(survey);
    }
  }

  /**
   * Draws each cadre's raters from the directory replica and opens the survey. Idempotent: once the survey is open
   * nothing changes; a crash half-way (`opening`) is finished by the next call (rater lists, index entries and the key
   * are written only where missing, the `open` state last).
   */
  async open(cycle: SurveyCycle, roster: RosterCadre[]): Promise<void> {
    const year = periodYear(cycle.period);
    const found = await this.store.survey(cycle.cycleId);
    if (found && found.status !== 'opening') return;
    // First the survey document (`opening`: no ballot yet), so that only a resumed opening reads the lists it wrote.
    const resuming = !!found;
    if (!found) {
      const doc: SurveyDoc = {
        _id: cycle.cycleId,
        kind: cycle.kind,
        name: cycle.name,
        period: cycle.period,
        year,
        settings: cycle.settings,
        roster: roster.map((c) => ({ cadreId: c.cadreId, departmentId: c.departmentId, departmentPath: [...c.departmentPath] })),
        status: 'opening',
        cycleClosed: false,
        closedAt: null,
      };
      await this.store.surveys.updateOne({ _id: cycle.cycleId }, { $setOnInsert: doc }, { upsert: true });
    }
    const users = new Map<string, ReplicaUser | null>();
    const userOf = async (id: string) => {
      if (!users.has(id)) users.set(id, await this.directory.user(id));
      return users.get(id) ?? null;
    };
    const departments = new Map<string, { cadres: ReplicaUser[]; leaders: string[] }>();
    const departmentOf = async (cadre: RosterCadre) => {
      let found = departments.get(cadre.departmentId);
      if (!found) {
        const parent = cadre.departmentPath.length > 1 ? (cadre.departmentPath.at(-2) ?? null) : null;
        const scope = parent ? [cadre.departmentId, parent] : [cadre.departmentId];
        const cadres = await this.directory.usersWithRole('cadre', [cadre.departmentId]);
        const leaders = [...(await this.directory.usersWithRole('reviewer', scope)), ...(await this.directory.usersWithRole('appraiser', scope))].map((u) => u._id);
        for (const u of cadres) users.set(u._id, u);
        found = { cadres, leaders };
        departments.set(cadre.departmentId, found);
      }
      return found;
    };

    const lists = new Map<string, RaterEntry[]>();
    const cadres = found?.roster ?? roster;
    // Each department's people once (in order), then the cadres' own reads a few at a time.
    for (const cadre of cadres) await departmentOf(cadre);
    await inParallel(cadres, PARALLEL, async (cadre) => {
      const existing = resuming ? await this.store.ratersOf(cycle.cycleId, cadre.cadreId) : null;
      if (existing) {
        lists.set(cadre.cadreId, existing.raters);
        return;
      }
      const department = await departmentOf(cadre);
      const self = await userOf(cadre.cadreId);
      const collaboratorIds = (await this.store.collaborators.findOne({ _id: collaboratorsId(year, cadre.cadreId) }))?.userIds ?? [];
      const collaborators: { userId: string; departmentId: string }[] = [];
      for (const id of collaboratorIds) {
        const u = await userOf(id);
        if (u?.active) collaborators.push({ userId: u._id, departmentId: u.departmentId });
      }
      lists.set(
        cadre.cadreId,
        drawRaters({
          cadre: { userId: cadre.cadreId, departmentId: cadre.departmentId, rankLevel: self?.rankLevel },
          departmentCadres: department.cadres.map((u) => ({ userId: u._id, rankLevel: u.rankLevel })),
          leaders: department.leaders,
          collaborators,
        }),
      );
    });
    await this.store.bulk(
      this.store.raters,
      [...lists].map(([cadreId, raters]) => ({
        updateOne: { filter: { _id: ratersId(cycle.cycleId, cadreId) }, update: { $setOnInsert: { raters } }, upsert: true },
      })),
    );
    const byRater = new Map<string, { cadreId: string; group: RaterGroup; voted: boolean }[]>();
    for (const [cadreId, raters] of lists) {
      for (const r of raters) byRater.set(r.userId, [...(byRater.get(r.userId) ?? []), { cadreId, group: r.group, voted: r.voted }]);
    }
    await this.store.bulk(
      this.store.raterIndex,
      [...byRater].map(([userId, cadres]) => ({
        updateOne: { filter: { _id: raterIndexId(cycle.cycleId, userId) }, update: { $setOnInsert: { cadres } }, upsert: true },
      })),
    );
    await this.store.keys.updateOne({ _id: cycle.cycleId }, { $setOnInsert: { key: randomBytes(32).toString('base64') } }, { upsert: true });
    await this.store.surveys.updateOne({ _id: cycle.cycleId, status: 'opening' }, { $set: { status: 'open' } });
    await this.store.setOpen(cycle.cycleId, true);
  }

  /** The cycle closes (through the port): the survey closes with it. */
  async close(cycleId: string, _caller: Caller): Promise<void> {
    const survey = await this.store.survey(cycleId);
    if (!survey) return;
    await this.store.surveys.updateOne({ _id: cycleId }, { $set: { cycleClosed: true } });
    await this.closeSurvey(survey);
  }

  /**
   * Closes the survey (idempotent; a crash half-way is finished by the next call): refuses further ballots
   * (`closing`), computes each cadre's result from the tallies (read under their locks, so a ballot in flight is
   * either counted or refused), stores it with the outbox of its `appraisal.survey.result`, then drops the key.
   */
  async closeSurvey(survey: SurveyDoc): Promise<{ closedAt: Date; results: number }> {
    const cycleId = survey._id;
    const closedAt = survey.closedAt ?? new Date();
    if (survey.status === 'open' || survey.status === 'opening') {
      await this.store.surveys.updateOne({ _id: cycleId, status: survey.status }, { $set: { status: 'closing', closedAt } });
      await this.store.setOpen(cycleId, false);
    }
    if (survey.status !== 'closed') {
      // A result stored by an interrupted close is refused by its `_id` (its outbox still publishes it).
      await inParallel(survey.roster, PARALLEL, (cadre) => this.publishResult(survey, cadre, closedAt));
    }
    const results = survey.roster.length;
    if (survey.status !== 'closed') {
      await this.store.surveys.updateOne({ _id: cycleId }, { $set: { status: 'closed', closedAt } });
      await this.store.keys.deleteOne({ _id: cycleId });
      await this.store.setOpen(cycleId, false);
    }
    return { closedAt, results };
  }

  private async publishResult(survey: SurveyDoc, cadre: RosterEntry, closedAt: Date): Promise<void> {
    const cycleId = survey._id;
    const raters = (await this.store.ratersOf(cycleId, cadre.cadreId))?.raters ?? [];
    const invited: Partial<Record<RaterGroup, number>> = {};
    for (const r of raters) invited[r.group] = (invited[r.group] ?? 0) + 1;
    const tallies: Partial<Record<RaterGroup, GroupTally>> = {};
    for (const g of survey.settings.groups) {
      const id = tallyId(cycleId, cadre.cadreId, g.group);
      // Under the tally's lock: a ballot that passed the open check before `closing` is written before this read.
      const tally = await this.store.locks.run(SURVEY_TALLIES, id, () => this.store.tallies.findOne({ _id: id }));
      if (tally) tallies[g.group] = { count: tally.count, answers: tally.answers, satisfaction: tally.satisfaction };
    }
    const computed = computeResult(survey.settings, invited, tallies);
    const result: SurveyResultView = {
      cycleId,
      cycleName: survey.name,
      period: survey.period,
      cadreId: cadre.cadreId,
      shown: computed.shown,
      groups: computed.groups.map((g) => ({ ...g, label: RATER_GROUP_LABELS[g.group] })),
      criteria: computed.criteria,
      overall: computed.overall,
      satisfaction: computed.satisfaction,
    };
    const event: AppraisalSurveyResultV1 = {
      cycleId,
      cycleKind: survey.kind,
      cycleName: survey.name,
      period: survey.period,
      year: survey.year,
      cadreId: cadre.cadreId,
      departmentId: cadre.departmentId,
      departmentPath: cadre.departmentPath,
      shown: computed.shown,
      groups: computed.groups,
      criteria: computed.criteria,
      overall: computed.overall,
      satisfaction: computed.satisfaction,
      version: 1,
      occurredAt: closedAt.toISOString(),
    };
    try {
      await this.results.create(
        { _id: ratersId(cycleId, cadre.cadreId), cycleId, cadreId: cadre.cadreId, result, version: 1 },
        [{ subject: APPRAISAL_EVENTS.surveyResult, data: event, occurredAt: closedAt }],
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // stored by an earlier (interrupted) close: its outbox publishes it
    }
  }

  /** The results of the closed surveys among `cycleIds` for this cadre (by `_id`). */
  async resultsOf(cadreId: string, cycleIds: string[]): Promise<SurveyResultView[]> {
    const out: SurveyResultView[] = [];
    for (const cycleId of [...new Set(cycleIds)]) {
      const survey = await this.store.survey(cycleId);
      if (survey?.status !== 'closed') continue;
      const doc = await this.resultModel.findById(ratersId(cycleId, cadreId)).lean<SurveyResultDoc>();
      if (doc) out.push(doc.result);
    }
    return out;
  }

  /** The survey's state for the cycle view (null: the cycle has no survey). */
  async statusOf(cycleId: string): Promise<{ status: SurveyStatus; closedAt: string | null } | null> {
    const survey = await this.store.survey(cycleId);
    if (!survey) return null;
    return { status: survey.status === 'open' || survey.status === 'opening' ? 'open' : 'closed', closedAt: survey.closedAt ? survey.closedAt.toISOString() : null };
  }

  /** The survey of a cycle, or 404. */
  async surveyOr404(cycleId: string): Promise<SurveyDoc> {
    const survey = await this.store.survey(cycleId);
    if (!survey) throw problems.notFound('No such survey: the cycle does not exist or has no 民主测评.');
    return survey;
  }
}
