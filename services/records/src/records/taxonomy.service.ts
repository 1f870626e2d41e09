import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import { DEFAULT_TAXONOMY, taxonomyInput, type Caller, type ProblemFieldError, type TaxonomyView } from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError, problems, validate } from '@cadre/platform';
import { TAXONOMY_MODEL, type TaxonomyDocument } from './taxonomy.schema';

/** The two-level taxonomy, versioned: a new version never changes what existing records were filed under. */
@Injectable()
export class TaxonomyService implements OnModuleInit {
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
    return view(doc);
  }

  /** Whether `itemCode` is a second-level item of taxonomy `version` (the current one unless given). */
  async hasItem(itemCode: string, version?: number): Promise<boolean> {
    const loaded = await this.load();
    if (version === undefined || version === loaded.doc._id) return loaded.codes.has(itemCode);
    const other = await this.versions.findById(version).lean<TaxonomyDocument>();
    return !!other && codesOf(other).has(itemCode);
  }

  async publish(caller: Caller | undefined, payload: unknown): Promise<TaxonomyView> {
    if (!caller?.roles.includes('admin')) throw problems.forbidden('Only administrators publish the taxonomy.');
    const input = validate(taxonomyInput, payload);
    const errors: ProblemFieldError[] = [];
    const seen = new Set<string>();
    input.items.forEach((item, i) => {
      if (seen.has(item.code)) errors.push({ path: `items.${i}.code`, message: 'is used twice' });
      seen.add(item.code);
      item.children.forEach((child, j) => {
        if (!child.code.startsWith(`${item.code}-`)) errors.push({ path: `items.${i}.children.${j}.code`, message: `must start with ${item.code}-` });
        if (seen.has(child.code)) errors.push({ path: `items.${i}.children.${j}.code`, message: 'is used twice' });
        seen.add(child.code);
      });
    });
    if (errors.length) throw problems.invalid(errors);
    const latest = await this.versions.findOne({}).sort({ _id: -1 }).lean<TaxonomyDocument>();
    const doc = { _id: (latest?._id ?? 0) + 1, items: input.items, createdBy: caller.userId, createdAt: new Date() };
    try {
      await this.versions.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict('Another taxonomy version was published meanwhile; reload and try again.');
      throw error;
    }
    this.cache = undefined;
    return view(doc as TaxonomyDocument);
  }

  private async load() {
    if (this.cache && this.cache.expires > Date.now()) return this.cache;
    const doc = await this.versions.findOne({}).sort({ _id: -1 }).lean<TaxonomyDocument>();
    if (!doc) throw problems.unavailable('The taxonomy is not initialised yet.');
    this.cache = { doc, codes: codesOf(doc), expires: Date.now() + 5_000 };
    return this.cache;
  }
}

function codesOf(doc: TaxonomyDocument): Set<string> {
  return new Set(doc.items.flatMap((item) => item.children.map((child) => child.code)));
}

function view(doc: TaxonomyDocument): TaxonomyView {
  return { version: doc._id, createdAt: new Date(doc.createdAt).toISOString(), items: doc.items };
}
