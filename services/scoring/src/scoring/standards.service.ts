import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import { DEFAULT_SCORING_STANDARD, scoringStandardBody, type Caller, type ScoringStandard, type ScoringStandardView } from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError, problems, validate } from '@cadre/platform';
import { STANDARDS, type StandardDocument } from './scoring.schema';

export interface ActiveStandard {
  version: number;
  standard: ScoringStandard;
}

/** The scoring standard (评分标准) as versioned data: drafts, one active version, retired ones kept. */
@Injectable()
export class StandardsService implements OnModuleInit {
  private cached?: { at: number; value: ActiveStandard };

  constructor(@Inject(STANDARDS) private readonly standards: Model<StandardDocument>) {}

  async onModuleInit() {
    await ensureIndexes([this.standards]);
    if ((await this.standards.countDocuments({})) === 0) {
      await this.standards
        .create({ _id: '1', version: 1, status: 'active', body: DEFAULT_SCORING_STANDARD, createdBy: 'system', createdAt: new Date(), activatedAt: new Date() })
        .catch((error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
    }
  }

  /** The active standard (cached for a second: events arrive in bursts). */
  async active(): Promise<ActiveStandard> {
    if (this.cached && Date.now() - this.cached.at < 1_000) return this.cached.value;
    const doc = await this.standards.findOne({ status: 'active' }).lean<StandardDocument>();
    if (!doc) throw problems.unavailable('No scoring standard is active.');
    const value = { version: doc.version, standard: doc.body as unknown as ScoringStandard };
    this.cached = { at: Date.now(), value };
    return value;
  }

  forget(): void {
    this.cached = undefined;
  }

  async list(): Promise<ScoringStandardView[]> {
    const docs = await this.standards.find({}).sort({ version: 1 }).lean<StandardDocument[]>();
    return docs.map(view);
  }

  async get(version: unknown): Promise<ScoringStandardView> {
    return view(await this.load(version));
  }

  async load(version: unknown): Promise<StandardDocument> {
    const number = typeof version === 'string' || typeof version === 'number' ? Number(version) : NaN;
    const doc = Number.isInteger(number) && number > 0 ? await this.standards.findById(String(number)).lean<StandardDocument>() : null;
    if (!doc) throw problems.notFound('No such scoring standard version.');
    return doc;
  }

  async createDraft(caller: Caller, payload: unknown): Promise<ScoringStandardView> {
    const body = validate(scoringStandardBody, payload ?? {});
    for (let attempt = 0; attempt < 5; attempt++) {
      const last = await this.standards.find({}).sort({ version: -1 }).limit(1).lean<StandardDocument[]>();
      const version = (last[0]?.version ?? 0) + 1;
      const doc: StandardDocument = { _id: String(version), version, status: 'draft', body: body as unknown as Record<string, unknown>, createdBy: caller.userId, createdAt: new Date(), activatedAt: null };
      try {
        await this.standards.create(doc);
        return view(doc);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw problems.conflict('Another draft was created at the same moment; try again.');
  }

  /** Makes a draft the active version (the previous one is retired). */
  async activate(version: number): Promise<ScoringStandardView> {
    const doc = await this.load(version);
    if (doc.status !== 'draft') throw problems.conflict(`Only a draft can be activated; version ${version} is ${doc.status}.`);
    const now = new Date();
    await this.standards.updateMany({ status: 'active' }, { $set: { status: 'retired' } });
    await this.standards.updateOne({ _id: doc._id }, { $set: { status: 'active', activatedAt: now } });
    this.forget();
    return view({ ...doc, status: 'active', activatedAt: now });
  }
}

function view(doc: StandardDocument): ScoringStandardView {
  return {
    ...(doc.body as unknown as ScoringStandard),
    version: doc.version,
    status: doc.status,
    createdBy: doc.createdBy,
    createdAt: new Date(doc.createdAt).toISOString(),
    activatedAt: doc.activatedAt ? new Date(doc.activatedAt).toISOString() : null,
  };
}
