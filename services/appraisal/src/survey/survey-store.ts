import { Inject, Injectable } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { DocumentLocks } from '@cadre/platform';
import { MONGO } from '@cadre/messaging';
import {
  COLLABORATORS,
  SURVEY_KEYS,
  SURVEY_OPEN,
  SURVEY_RATER_INDEX,
  SURVEY_RATERS,
  SURVEY_TALLIES,
  SURVEYS,
  type CollaboratorsDoc,
  type RaterIndexDoc,
  type SurveyDoc,
  type SurveyKeyDoc,
  type SurveyOpenDoc,
  type SurveyRatersDoc,
  type TallyDoc,
} from './survey.schema';

type Document = mongo.Document;
type Collection<T extends Document> = mongo.Collection<T>;
type AnyBulkWriteOperation<T extends Document> = mongo.AnyBulkWriteOperation<T>;

const OPEN_ID = 'open';

export const ratersId = (cycleId: string, cadreId: string) => `${cycleId}:${cadreId}`;
export const raterIndexId = (cycleId: string, userId: string) => `${cycleId}:rater:${userId}`;
export const tallyId = (cycleId: string, cadreId: string, group: string) => `${cycleId}:${cadreId}:${group}`;
export const collaboratorsId = (year: string, userId: string) => `${year}:${userId}`;

/**
 * The survey's documents, read and written by `_id` only (ids come from validated requests or our own data). Every
 * read-change-write of one document runs under its lock (`locks`): FerretDB v1 does not isolate updates.
 */
@Injectable()
export class SurveyStore {
  readonly locks = new DocumentLocks();

  constructor(@Inject(MONGO) private readonly connection: Connection) {}

  private collection<T extends Document>(name: string): Collection<T> {
    if (!this.connection.db) throw new Error('survey: the connection is not open');
    return this.connection.db.collection<T>(name);
  }

  get surveys() {
    return this.collection<SurveyDoc>(SURVEYS);
  }
  get open() {
    return this.collection<SurveyOpenDoc>(SURVEY_OPEN);
  }
  get raters() {
    return this.collection<SurveyRatersDoc>(SURVEY_RATERS);
  }
  get raterIndex() {
    return this.collection<RaterIndexDoc>(SURVEY_RATER_INDEX);
  }
  get tallies() {
    return this.collection<TallyDoc>(SURVEY_TALLIES);
  }
  get keys() {
    return this.collection<SurveyKeyDoc>(SURVEY_KEYS);
  }
  get collaborators() {
    return this.collection<CollaboratorsDoc>(COLLABORATORS);
  }

  survey(cycleId: string): Promise<SurveyDoc | null> {
    return this.surveys.findOne({ _id: cycleId });
  }

  ratersOf(cycleId: string, cadreId: string): Promise<SurveyRatersDoc | null> {
    return this.raters.findOne({ _id: ratersId(cycleId, cadreId) });
  }

  tally(cycleId: string, cadreId: string, group: string): Promise<TallyDoc | null> {
    return this.tallies.findOne({ _id: tallyId(cycleId, cadreId, group) });
  }

  async openCycleIds(): Promise<string[]> {
    return (await this.open.findOne({ _id: OPEN_ID }))?.cycleIds ?? [];
  }

  setOpen(cycleId: string, open: boolean): Promise<unknown> {
    return this.locks.run(SURVEY_OPEN, OPEN_ID, async () => {
      const ids = new Set(await this.openCycleIds());
      if (open) ids.add(cycleId);
      else ids.delete(cycleId);
      return this.open.updateOne({ _id: OPEN_ID }, { $set: { cycleIds: [...ids].sort() } }, { upsert: true });
    });
  }

  /** Unordered bulk writes in chunks (open writes one document per cadre and per rater). */
  async bulk<T extends Document>(collection: Collection<T>, operations: AnyBulkWriteOperation<T>[], chunk = 500): Promise<void> {
    for (let i = 0; i < operations.length; i += chunk) {
      await collection.bulkWrite(operations.slice(i, i + chunk), { ordered: false });
    }
  }

  /** Marks `userId` as having voted for `cadreId`, in the rater list and in the rater's index (idempotent). */
  async markVoted(cycleId: string, cadreId: string, userId: string): Promise<void> {
    const id = ratersId(cycleId, cadreId);
    const doc = await this.raters.findOne({ _id: id });
    if (doc && doc.raters.some((r) => r.userId === userId && !r.voted)) {
      await this.raters.updateOne({ _id: id }, { $set: { raters: doc.raters.map((r) => (r.userId === userId ? { ...r, voted: true } : r)) } });
    }
    await this.locks.run(SURVEY_RATER_INDEX, raterIndexId(cycleId, userId), async () => {
      const index = await this.raterIndex.findOne({ _id: raterIndexId(cycleId, userId) });
      if (index && index.cadres.some((c) => c.cadreId === cadreId && !c.voted)) {
        await this.raterIndex.updateOne({ _id: index._id }, { $set: { cadres: index.cadres.map((c) => (c.cadreId === cadreId ? { ...c, voted: true } : c)) } });
      }
    });
  }
}
