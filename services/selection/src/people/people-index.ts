import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { Schema, type Connection, type Model } from 'mongoose';
import { MONGO } from '@cadre/messaging';

/** What a person is part of, so `GET /selection/mine` reads one document by `_id` (FerretDB scans for any other filter). */
export interface PersonEntry {
  _id: string;
  /** Round ids where the person is a candidate. */
  candidacies: string[];
  /** `<roundId>:<applicationId>` of the applications the person submitted (for themselves or a department). */
  applications: string[];
  /** `<roundId>:<objectionId>` of the objections the person filed. */
  objections: string[];
  /** Appeal ids the person filed. */
  appeals: string[];
}
export type PersonField = Exclude<keyof PersonEntry, '_id'>;

const personSchema = new Schema<PersonEntry>(
  {
    _id: { type: String, required: true },
    candidacies: { type: [String], default: [] },
    applications: { type: [String], default: [] },
    objections: { type: [String], default: [] },
    appeals: { type: [String], default: [] },
  },
  { collection: 'people', versionKey: false, autoIndex: false, strict: true },
);
export const PEOPLE_MODEL = Symbol('PEOPLE_MODEL');

/**
 * The per-person index. Written after the aggregate's write (an `$addToSet`, idempotent, atomic on its own); a
 * crash between the two leaves an entry missing until the same command is retried, never a wrong one, because every
 * read goes back to the aggregate and shows only what is there.
 */
@Injectable()
export class PeopleIndex {
  constructor(@Inject(PEOPLE_MODEL) private readonly model: Model<PersonEntry>) {}

  async add(userId: string, field: PersonField, ...values: string[]): Promise<void> {
    if (!values.length) return;
    await this.model.updateOne({ _id: userId }, { $addToSet: { [field]: { $each: values } } }, { upsert: true });
  }

  async of(userId: string): Promise<PersonEntry> {
    const row = await this.model.findById(userId).lean<PersonEntry>();
    return { _id: userId, candidacies: row?.candidacies ?? [], applications: row?.applications ?? [], objections: row?.objections ?? [], appeals: row?.appeals ?? [] };
  }
}

@Global()
@Module({
  providers: [{ provide: PEOPLE_MODEL, inject: [MONGO], useFactory: (c: Connection) => c.model<PersonEntry>('Person', personSchema) }, PeopleIndex],
  exports: [PeopleIndex],
})
export class PeopleModule {}
