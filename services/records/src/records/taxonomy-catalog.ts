import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import { DEFAULT_TAXONOMY, type TaxonomyView } from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError, problems } from '@cadre/platform';
import { TAXONOMY_MODEL, type TaxonomyDocument } from './taxonomy.schema';
import { fileableCodes } from './domain/taxonomy';

/**
 * The two-level taxonomy, versioned: a new version never changes what existing records were filed under. Each
 * version is one immutable document whose `_id` is its number, so publishing is an insert that a concurrent
 * publication of the same number loses (409); there is no aggregate to change and no event to announce.
 */
@Injectable()
export class TaxonomyCatalog implements OnModuleInit {
  /** The newest version as last read, looked up again after 5 s (another replica may have published). */
  private latest?: { version: Version; expires: number };
  /** The read of the newest version under way: concurrent requests share it rather than each reading. */
  private loading?: Promise<Version>;
  /** Every version read so far: a version never changes once published. */
  private readonly versionsRead = new Map<number, Version>();
  /** Versions published here: a read that started before one must not be remembered as the newest. */
  private published = 0;

  constructor(@Inject(TAXONOMY_MODEL) private readonly versions: Model<TaxonomyDocument>) {}

  async onModuleInit() {
    await ensureIndexes([this.versions]);
    if ((await this.versions.countDocuments({})) === 0) {
      await this.versions.create({ _id: 1, items: DEFAULT_TAXONOMY, createdBy: 'system', createdAt: new Date() }).catch((error) => {
        if (!isDuplicateKeyError(error)) throw error; // another replica seeded it first
      });
    }
  }

  async current(): Promise<TaxonomyView> {
    return (await this.newest()).view;
  }

  /** Whether `itemCode` is a second-level item of taxonomy `version` (the current one unless given). */
  async hasItem(itemCode: string, version?: number): Promise<boolean> {
    const found = version === undefined ? await this.newest() : await this.version(version);
    return !!found && found.codes.has(itemCode);
  }

  /** The newest version's number (0 before the first). */
  async latestVersion(): Promise<number> {
    const latest = await this.versions.findOne({}, { _id: 1 }).sort({ _id: -1 }).lean<{ _id: number }>();
    return latest?._id ?? 0;
  }

  /** Stores a new version; another one published meanwhile under the same number makes this a 409. */
  async add(doc: TaxonomyDocument): Promise<void> {
    try {
      await this.versions.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict('Another taxonomy version was published meanwhile; reload and try again.');
      throw error;
    }
    this.latest = undefined;
    this.loading = undefined;
    this.published++;
  }

  private newest(): Promise<Version> {
    if (this.latest && this.latest.expires > Date.now()) return Promise.resolve(this.latest.version);
    if (!this.loading) {
      const loading = this.readNewest().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async readNewest(): Promise<Version> {
    const published = this.published;
    const doc = await this.versions.findOne({}).sort({ _id: -1 }).lean<TaxonomyDocument>();
    if (!doc) throw problems.unavailable('The taxonomy is not initialised yet.');
    const version = this.versionsRead.get(doc._id) ?? this.remember(doc);
    if (published === this.published) this.latest = { version, expires: Date.now() + 5_000 };
    return version;
  }

  private async version(number: number): Promise<Version | undefined> {
    const known = this.versionsRead.get(number);
    if (known) return known;
    const doc = await this.versions.findById(number).lean<TaxonomyDocument>();
    return doc ? this.remember(doc) : undefined;
  }

  private remember(doc: TaxonomyDocument): Version {
    const version = { view: taxonomyView(doc), codes: fileableCodes(doc.items) };
    this.versionsRead.set(doc._id, version);
    return version;
  }
}

/** One published version as answered, and the codes a record may be filed under in it. */
interface Version {
  view: TaxonomyView;
  codes: Set<string>;
}

export function taxonomyView(doc: TaxonomyDocument): TaxonomyView {
  return { version: doc._id, createdAt: new Date(doc.createdAt).toISOString(), items: doc.items };
}
