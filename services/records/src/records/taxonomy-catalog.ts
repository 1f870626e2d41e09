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
  private cache?: { doc: TaxonomyDocument; codes: Set<string>; expires: number };

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
    const { doc } = await this.load();
    return taxonomyView(doc);
  }

  /** Whether `itemCode` is a second-level item of taxonomy `version` (the current one unless given). */
  async hasItem(itemCode: string, version?: number): Promise<boolean> {
    const loaded = await this.load();
    if (version === undefined || version === loaded.doc._id) return loaded.codes.has(itemCode);
    const other = await this.versions.findById(version).lean<TaxonomyDocument>();
    return !!other && fileableCodes(other.items).has(itemCode);
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
    this.cache = undefined;
  }

  private async load() {
    if (this.cache && this.cache.expires > Date.now()) return this.cache;
    const doc = await this.versions.findOne({}).sort({ _id: -1 }).lean<TaxonomyDocument>();
    if (!doc) throw problems.unavailable('The taxonomy is not initialised yet.');
    this.cache = { doc, codes: fileableCodes(doc.items), expires: Date.now() + 5_000 };
    return this.cache;
  }
}

export function taxonomyView(doc: TaxonomyDocument): TaxonomyView {
  return { version: doc._id, createdAt: new Date(doc.createdAt).toISOString(), items: doc.items };
}
