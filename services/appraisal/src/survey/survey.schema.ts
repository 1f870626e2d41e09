import { Schema, type Connection, type Model } from 'mongoose';
import type { CycleKind, RaterGroup, SurveyResultView, SurveySettings } from '@cadre/contracts';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type { RaterEntry } from './domain/raters';
import type { GroupTally } from './domain/results';

/**
 * The survey's collections (docs/ARCHITECTURE.md "Appraisal", "Anonymity by construction"); every read is by `_id`.
 *
 * - `surveys` (`_id` cycleId): what the survey knows of its cycle (settings, roster) and its state.
 * - `survey_open` (`_id` `open`): the ids of the open surveys (for `GET /appraisal/ballots/mine`).
 * - `survey_raters` (`_id` `<cycleId>:<cadreId>`): each rater's id, group and voted flag. Never an answer.
 * - `survey_rater_index` (`_id` `<cycleId>:rater:<userId>`): whom the user rates in that survey, and whether they voted.
 * - `survey_tallies` (`_id` `<cycleId>:<cadreId>:<group>`): only sums, and the keyed hashes of the voters (sorted).
 *   Never a rater id, a time or a ballot id.
 * - `survey_keys` (`_id` cycleId): the per-cycle HMAC key, deleted when the survey closes.
 * - `survey_results` (`_id` `<cycleId>:<cadreId>`): the results computed at close, with the outbox of their event.
 * - `collaborators` (`_id` `<year>:<userId>`): whom the user worked with that year (verified records, bidding teams).
 */
export const SURVEYS = 'surveys';
export const SURVEY_OPEN = 'survey_open';
export const SURVEY_RATERS = 'survey_raters';
export const SURVEY_RATER_INDEX = 'survey_rater_index';
export const SURVEY_TALLIES = 'survey_tallies';
export const SURVEY_KEYS = 'survey_keys';
export const SURVEY_RESULTS = 'survey_results';
export const COLLABORATORS = 'collaborators';

/**
 * `opening`: raters being drawn (no ballot yet); `open`: ballots taken; `closing`: results being computed (ballots
 * refused); `closed` once every result is stored and the key dropped.
 */
export type SurveyState = 'opening' | 'open' | 'closing' | 'closed';

export interface RosterEntry {
  cadreId: string;
  departmentId: string;
  departmentPath: string[];
}

export interface SurveyDoc {
  _id: string;
  kind: CycleKind;
  name: string;
  period: string;
  year: string;
  settings: SurveySettings;
  roster: RosterEntry[];
  status: SurveyState;
  /** Set once the cycle itself closed (through the port). */
  cycleClosed: boolean;
  closedAt: Date | null;
}

export interface SurveyOpenDoc {
  _id: string;
  cycleIds: string[];
}

export interface SurveyRatersDoc {
  _id: string;
  raters: RaterEntry[];
}

export interface RaterIndexDoc {
  _id: string;
  cadres: { cadreId: string; group: RaterGroup; voted: boolean }[];
}

export interface TallyDoc extends GroupTally {
  _id: string;
  /** HMAC-SHA-256 (per-cycle key) of each voter's id, sorted: refuses a second ballot, links to nothing. */
  voters: string[];
}

export interface SurveyKeyDoc {
  _id: string;
  key: string;
}

export interface CollaboratorsDoc {
  _id: string;
  userIds: string[];
}

export interface SurveyResultDoc {
  _id: string;
  cycleId: string;
  cadreId: string;
  result: SurveyResultView;
  version: number;
  outbox?: OutboxEntry[];
}

const SurveyResultSchema = new Schema<SurveyResultDoc>(
  {
    _id: { type: String, required: true },
    cycleId: { type: String, required: true },
    cadreId: { type: String, required: true },
    result: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    ...outboxPath,
  },
  { collection: SURVEY_RESULTS, versionKey: false, minimize: false },
);

export const SURVEY_RESULT_MODEL = Symbol('SURVEY_RESULT_MODEL');
export const surveyResultModel = (connection: Connection): Model<SurveyResultDoc> => connection.model<SurveyResultDoc>('SurveyResult', SurveyResultSchema);
