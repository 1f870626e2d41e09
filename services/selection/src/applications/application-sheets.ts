import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { isId, type ApplicationView } from '@cadre/contracts';
import { isDuplicateKeyError } from '@cadre/platform';
import { AggregateStore, OutboxRelay } from '@cadre/messaging';
import { DirectoryReplica } from '@cadre/directory';
import type { ApplicationsPort } from './applications.port';
import { APPLICATION_INDEX_MODEL, applicationSheetId, type ApplicationIndexDocument, type ApplicationSheetDocument } from './application.schema';
import { isDrawable, markedDrawn, newestFirst, type ApplicationEntry } from './domain/application';
import { applicationView } from './views';

export type ApplicationSheetStore = AggregateStore<ApplicationSheetDocument>;
export const APPLICATION_SHEET_STORE = Symbol('APPLICATION_SHEET_STORE');

/** How many `_id` reads run at once when a round's sheets or a person's applications are read. */
const READ_BATCH = 16;

/**
 * The applications' data: the department sheets (through their AggregateStore) and the per-round index, read by `_id`
 * only. Also the applications' side of the rounds module (APPLICATIONS_PORT).
 */
@Injectable()
export class ApplicationSheets implements ApplicationsPort {
  constructor(
    @Inject(APPLICATION_SHEET_STORE) readonly store: ApplicationSheetStore,
    @Inject(APPLICATION_INDEX_MODEL) private readonly index: Model<ApplicationIndexDocument>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  /** Creates the department's empty sheet unless it exists (an insert under the sheet's lock, never an upsert over a live sheet). */
  async ensureSheet(roundId: string, departmentId: string): Promise<string> {
    const id = applicationSheetId(roundId, departmentId);
    await this.store.exclusive(id, async () => {
      if (await this.store.model.exists({ _id: id })) return;
      try {
        await this.store.create({ _id: id, version: 0, roundId, departmentId, entries: {}, updatedAt: new Date(), outbox: [] });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    });
    return id;
  }

  /** Lists applications in the round's index (idempotent; under the index's lock: FerretDB does not isolate updates). */
  async register(roundId: string, departmentId: string, applicationIds: string[]): Promise<void> {
    const set = Object.fromEntries(applicationIds.map((id) => [`applications.${id}`, departmentId]));
    await this.relay.locks.run('application_index', roundId, () =>
      this.index.updateOne({ _id: roundId }, { $addToSet: { departments: departmentId }, $set: set }, { upsert: true }),
    );
  }

  async sheet(roundId: string, departmentId: string): Promise<ApplicationSheetDocument | null> {
    return this.store.model.findById(applicationSheetId(roundId, departmentId)).lean<ApplicationSheetDocument>();
  }

  /** Every application of the round, newest first. */
  async entriesOf(roundId: string): Promise<ApplicationEntry[]> {
    if (!isId(roundId)) return [];
    const index = await this.index.findById(roundId).lean<ApplicationIndexDocument>();
    const sheets = await inBatches(index?.departments ?? [], (d) => this.sheet(roundId, d));
    return sheets.flatMap((s) => Object.values(s?.entries ?? {})).sort(newestFirst);
  }

  /** One application, or null. */
  async find(roundId: string, applicationId: string): Promise<ApplicationEntry | null> {
    if (!isId(roundId) || !isId(applicationId)) return null;
    const index = await this.index.findById(roundId).lean<ApplicationIndexDocument>();
    const departmentId = index?.applications?.[applicationId];
    if (!departmentId) return null;
    return (await this.sheet(roundId, departmentId))?.entries?.[applicationId] ?? null;
  }

  /** The directory's current names of these departments (missing ones left out). */
  async departmentNames(ids: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const found = await inBatches(unique, (id) => this.directory.department(id));
    return new Map(found.flatMap((d) => (d ? [[d._id, d.name] as const] : [])));
  }

  async view(entry: ApplicationEntry): Promise<ApplicationView> {
    return applicationView(entry, (await this.departmentNames([entry.departmentId])).get(entry.departmentId));
  }

  async views(entries: ApplicationEntry[]): Promise<ApplicationView[]> {
    const names = await this.departmentNames(entries.map((e) => e.departmentId));
    return entries.map((e) => applicationView(e, names.get(e.departmentId)));
  }

  // ---------------------------------------------------------------- APPLICATIONS_PORT

  async drawable(roundId: string): Promise<ApplicationView[]> {
    return this.views((await this.entriesOf(roundId)).filter(isDrawable).reverse());
  }

  async markDrawn(roundId: string, applicationIds: string[]): Promise<void> {
    if (!isId(roundId) || !applicationIds.length) return;
    const index = await this.index.findById(roundId).lean<ApplicationIndexDocument>();
    const byDepartment = new Map<string, string[]>();
    for (const id of new Set(applicationIds)) {
      const departmentId = index?.applications?.[id];
      if (departmentId) byDepartment.set(departmentId, [...(byDepartment.get(departmentId) ?? []), id]);
    }
    const now = new Date();
    for (const [departmentId, ids] of byDepartment) {
      await this.store.change(applicationSheetId(roundId, departmentId), (sheet) => {
        const entries = markedDrawn(sheet.entries ?? {}, ids, now);
        return entries ? { set: { entries } } : null;
      });
    }
  }

  async byKeys(keys: string[]): Promise<ApplicationView[]> {
    const found = await inBatches([...new Set(keys)], (key) => {
      const at = key.indexOf(':');
      return at < 0 ? Promise.resolve(null) : this.find(key.slice(0, at), key.slice(at + 1));
    });
    return this.views(found.filter((e): e is ApplicationEntry => !!e).sort(newestFirst));
  }

  /** From the index alone (one read per round in a page of rounds): it lists an application once it is written. */
  async count(roundId: string): Promise<number> {
    if (!isId(roundId)) return 0;
    const index = await this.index.findById(roundId).lean<ApplicationIndexDocument>();
    return Object.keys(index?.applications ?? {}).length;
  }
}

async function inBatches<T, R>(items: readonly T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READ_BATCH) out.push(...(await Promise.all(items.slice(i, i + READ_BATCH).map(read))));
  return out;
}
