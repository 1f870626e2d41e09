import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import { DEFAULT_SCORING_STANDARD, type ScoringStandard, type ScoringStandardView } from '@cadre/contracts';
import { ensureIndexes, isDuplicateKeyError, problems } from '@cadre/platform';
import { STANDARDS, type StandardDocument } from '../scoring.schema';
import { activationRefusal, standardOf, standardVersionOf } from '../domain/standards';

export interface ActiveStandard {
  version: number;
  standard: ScoringStandard;
}

/**
 * The scoring standard (评分标准) as versioned data: drafts, one active version, retired ones kept. The `version` is
 * the standard's identity (its `_id`), not an optimistic-concurrency counter: a draft is never edited, and
 * activation changes two documents (the active one retires), so standards are not an `AggregateStore` aggregate.
 */
@Injectable()
export class Standards implements OnModuleInit {
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
    const value = { version: doc.version, standard: standardOf(doc.body) };
    this.cached = { at: Date.now(), value };
    return value;
  }

  forget(): void {
    this.cached = undefined;
  }

  async list(): Promise<StandardDocument[]> {
    return this.standards.find({}).sort({ version: 1 }).lean<StandardDocument[]>();
  }

  /** The version a parameter names, or 404. */
  async load(version: unknown): Promise<StandardDocument> {
    const number = standardVersionOf(version);
    const doc = number !== null ? await this.standards.findById(String(number)).lean<StandardDocument>() : null;
    if (!doc) throw problems.notFound('No such scoring standard version.');
    return doc;
  }

  /** A new draft under the next version number (two drafts at once: the loser takes the next number). */
  async createDraft(createdBy: string, body: ScoringStandard): Promise<StandardDocument> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const last = await this.standards.find({}).sort({ version: -1 }).limit(1).lean<StandardDocument[]>();
      const version = (last[0]?.version ?? 0) + 1;
      const doc: StandardDocument = { _id: String(version), version, status: 'draft', body: body as unknown as Record<string, unknown>, createdBy, createdAt: new Date(), activatedAt: null };
      try {
        await this.standards.create(doc);
        return doc;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw problems.conflict('Another draft was created at the same moment; try again.');
  }

  /** Makes a draft the active version (the previous one is retired); 409 when it is no longer a draft. */
  async activate(version: number): Promise<void> {
    const doc = await this.load(version);
    const refusal = activationRefusal(doc);
    if (refusal) throw problems.conflict(refusal);
    const now = new Date();
    await this.standards.updateMany({ status: 'active' }, { $set: { status: 'retired' } });
    await this.standards.updateOne({ _id: doc._id }, { $set: { status: 'active', activatedAt: now } });
    this.forget();
  }
}

export function standardView(doc: StandardDocument): ScoringStandardView {
  return {
    ...standardOf(doc.body),
    version: doc.version,
    status: doc.status,
    createdBy: doc.createdBy,
    createdAt: new Date(doc.createdAt).toISOString(),
    activatedAt: doc.activatedAt ? new Date(doc.activatedAt).toISOString() : null,
  };
}
