import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import mongoose, { type Model } from 'mongoose';
import { z } from 'zod';
import {
  RECORD_EVENTS,
  assessInput,
  createEnvelope,
  createRecordInput,
  participationInput,
  recordListQuery,
  reviewInput,
  revokeInput,
  updateRecordInput,
  type Caller,
  type Page,
  type ProblemFieldError,
  type RecordCreatedV1,
  type RecordDetailView,
  type RecordStatus,
  type RecordTransitionV1,
} from '@cadre/contracts';
import { ensureIndexes, fieldErrors, idFrom, problems, requireCaller, validate } from '@cadre/platform';
import { OutboxRelay, outboxEntry } from '@cadre/messaging';
import { DirectoryReplica } from '@cadre/directory';
import { RECORD_MODEL, type HistoryEntry, type Participant, type RecordDocument } from './record.schema';
import { TaxonomyService } from './taxonomy.service';
import { transition, isEditable, type RecordAction } from './domain/workflow';
import { normaliseParticipants, participantProblems, type ParticipantShare } from './domain/participants';
import { canSee, listScope, mayAssess, mayReview, type Decision } from './domain/access';
import { recordsCsv } from './records.csv';

const emptyBody = z.strictObject({});

const EVENT_OF: Record<RecordAction, string> = {
  submit: RECORD_EVENTS.submitted,
  'review:approve': RECORD_EVENTS.reviewed,
  'review:return': RECORD_EVENTS.returned,
  'review:reject': RECORD_EVENTS.rejected,
  'assess:confirm': RECORD_EVENTS.verified,
  'assess:return': RECORD_EVENTS.returned,
  revoke: RECORD_EVENTS.revoked,
};

type Editable = Pick<RecordDocument, 'itemCode' | 'title' | 'description' | 'periodStart' | 'periodEnd' | 'impactLevel' | 'results' | 'evidence'>;

@Injectable()
export class RecordsService implements OnModuleInit {
  /** Per record: the flagging of other records that share its evidence, under way. */
  private readonly flagging = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(RECORD_MODEL) private readonly records: Model<RecordDocument>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(TaxonomyService) private readonly taxonomy: TaxonomyService,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.records]);
    this.relay.register(this.records);
  }

  // ── filing ─────────────────────────────────────────────────────────────────────────────────────

  async create(caller: Caller | undefined, payload: unknown): Promise<RecordDetailView> {
    const who = requireCaller(caller);
    if (!who.roles.includes('cadre')) throw problems.forbidden('Only cadres file records.');
    const taxonomy = await this.taxonomy.current();
    const input = await this.validateWithRules(createRecordInput, payload, who.userId, taxonomy.version);
    const participants = normaliseParticipants(who.userId, input.participants);
    const id = randomUUID();
    const now = new Date();
    const named = await this.nameParticipants(who, participants);
    const doc: Omit<RecordDocument, 'outbox' | 'createdAt' | 'updatedAt'> = {
      _id: id,
      version: 1,
      cadreId: who.userId,
      cadreName: who.name,
      departmentId: who.departmentId,
      departmentPath: who.departmentPath,
      itemCode: input.itemCode,
      firstLevelCode: firstLevel(input.itemCode),
      taxonomyVersion: taxonomy.version,
      title: input.title,
      description: input.description,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      impactLevel: input.impactLevel,
      confirmedImpactLevel: null,
      rating: null,
      results: input.results.map((r) => ({ name: r.name, value: r.value, unit: r.unit })),
      evidence: input.evidence,
      evidenceHashes: [...new Set(input.evidence.map((e) => e.sha256))],
      ...(await this.duplicateFlags(who.userId, input.evidence.map((e) => e.sha256), id)),
      participants: named,
      participantIds: named.map((p) => p.userId),
      status: 'draft',
      history: [historyEntry('create', null, 'draft', who, '', 1, now)],
      submittedAt: null,
      verifiedAt: null,
    };
    const created: RecordCreatedV1 = {
      recordId: id,
      version: 1,
      cadreId: who.userId,
      departmentId: who.departmentId,
      departmentPath: who.departmentPath,
      itemCode: doc.itemCode,
      firstLevelCode: doc.firstLevelCode,
      title: doc.title,
      status: 'draft',
      createdAt: now.toISOString(),
    };
    const outbox = [outboxEntry(RECORD_EVENTS.created, createEnvelope(RECORD_EVENTS.created, 'records', created))];
    await this.records.create({ ...doc, outbox });
    void this.relay.notify(this.records, id, outbox);
    await this.flagged(id);
    return detailView({ ...doc, createdAt: now, updatedAt: now, outbox: [] });
  }

  async update(caller: Caller | undefined, payload: unknown): Promise<RecordDetailView> {
    const who = requireCaller(caller);
    const { id, ...body } = splitId(payload);
    const parsed = updateRecordInput.safeParse(body);
    if (!parsed.success) {
      const current = await this.records.findById(id, { taxonomyVersion: 1 }).lean<{ taxonomyVersion: number }>();
      await this.validateWithRules(updateRecordInput, body, who.userId, current?.taxonomyVersion);
    }
    const input = parsed.data!;
    await this.exclusive(id, () => this.applyUpdate(who, id, input));
    await this.flagged(id);
    return this.get(who, { id });
  }

  private async applyUpdate(who: Caller, id: string, input: z.infer<typeof updateRecordInput>): Promise<void> {
    const record = await this.visible(who, id);
    if (record.cadreId !== who.userId) throw problems.forbidden('Only the filer edits a record.');
    if (!isEditable(record.status as RecordStatus)) throw problems.conflict(`Only a draft can be edited; this record is "${record.status}".`);
    if (input.version !== record.version) throw problems.conflict(`Stale version: the record is at version ${record.version}.`);
    const next: Editable = {
      itemCode: input.itemCode ?? record.itemCode,
      title: input.title ?? record.title,
      description: input.description ?? record.description,
      periodStart: input.periodStart ?? record.periodStart,
      periodEnd: input.periodEnd ?? record.periodEnd,
      impactLevel: input.impactLevel ?? record.impactLevel,
      results: input.results ? input.results.map((r) => ({ name: r.name, value: r.value, unit: r.unit })) : record.results,
      evidence: input.evidence ?? record.evidence,
    };
    const participants = input.participants ? normaliseParticipants(who.userId, input.participants) : record.participants;
    const taxonomy = await this.taxonomy.current();
    // An unchanged item code stays valid under the taxonomy version the record was filed under.
    const errors = await this.ruleProblems(who.userId, { ...next, participants }, next.itemCode === record.itemCode ? record.taxonomyVersion : taxonomy.version);
    if (errors.length) throw problems.invalid(errors);
    const named = input.participants ? await this.nameParticipants(who, participants) : record.participants;
    const version = record.version + 1;
    const now = new Date();
    const edited = {
      ...next,
      firstLevelCode: firstLevel(next.itemCode),
      taxonomyVersion: next.itemCode !== record.itemCode ? taxonomy.version : record.taxonomyVersion,
      evidenceHashes: [...new Set(next.evidence.map((e) => e.sha256))],
      ...(await this.duplicateFlags(who.userId, next.evidence.map((e) => e.sha256), id)),
      participants: named,
      participantIds: named.map((p) => p.userId),
      version,
    };
    // Analytics counts drafts by item too, so an edit is announced like a transition (draft → draft).
    const pending = outboxEntry(
      RECORD_EVENTS.updated,
      createEnvelope<RecordTransitionV1>(RECORD_EVENTS.updated, 'records', transitionFacts({ ...record, ...edited }, 'draft', 'edit', who, '', now)),
    );
    const result = await this.records.updateOne(
      { _id: id, version: record.version, status: 'draft' },
      { $set: edited, $push: { history: historyEntry('edit', 'draft', 'draft', who, '', version, now), outbox: pending } },
    );
    if (result.matchedCount === 0) throw problems.conflict('The record changed meanwhile; reload and try again.');
    void this.relay.notify(this.records, id, [pending]);
  }

  // ── the closed loop ────────────────────────────────────────────────────────────────────────────

  submit(caller: Caller | undefined, payload: unknown) {
    const { id, ...body } = splitId(payload);
    validate(emptyBody, body);
    return this.act(caller, id, 'submit', '', (who, record) =>
      record.cadreId === who.userId ? { allowed: true } : { allowed: false, reason: 'Only the filer submits a record.' },
    );
  }

  review(caller: Caller | undefined, payload: unknown) {
    const { id, ...body } = splitId(payload);
    const input = validate(reviewInput, body);
    return this.act(caller, id, `review:${input.decision}` as RecordAction, input.comment, mayReview);
  }

  assess(caller: Caller | undefined, payload: unknown) {
    const { id, ...body } = splitId(payload);
    const input = validate(assessInput, body);
    if (input.decision === 'confirm' && !input.rating) throw problems.invalid([{ path: 'rating', message: 'is required to confirm' }]);
    if (input.decision === 'return' && (input.rating || input.impactLevel)) {
      throw problems.invalid([{ path: input.rating ? 'rating' : 'impactLevel', message: 'only goes with confirm' }]);
    }
    const extra = input.decision === 'confirm' ? { rating: input.rating!, confirmedImpactLevel: input.impactLevel } : {};
    return this.act(caller, id, `assess:${input.decision}` as RecordAction, input.comment, mayAssess, extra);
  }

  revoke(caller: Caller | undefined, payload: unknown) {
    const { id, ...body } = splitId(payload);
    const input = validate(revokeInput, body);
    return this.act(caller, id, 'revoke', input.reason, (who) =>
      who.roles.includes('admin') ? { allowed: true } : { allowed: false, reason: 'Only administrators revoke records.' },
    );
  }

  /** A co-participant confirms or disputes their share; the filer's share is their own to edit. */
  async participation(caller: Caller | undefined, payload: unknown): Promise<RecordDetailView> {
    const who = requireCaller(caller);
    const { id, ...body } = splitId(payload);
    const input = validate(participationInput, body);
    await this.exclusive(id, () => this.applyParticipation(who, id, input));
    return this.get(who, { id });
  }

  private async applyParticipation(who: Caller, id: string, input: z.infer<typeof participationInput>): Promise<void> {
    const record = await this.visible(who, id);
    const index = record.participants.findIndex((p) => p.userId === who.userId);
    if (index < 0 || record.cadreId === who.userId) throw problems.forbidden('Only a listed co-participant confirms or disputes a share.');
    if (record.status === 'rejected' || record.status === 'revoked') throw problems.conflict(`The record is "${record.status}".`);
    const participants = record.participants.map((p, i) =>
      i === index ? { ...p, confirmation: input.decision === 'confirm' ? 'confirmed' : 'disputed', comment: input.comment } : p,
    ) as Participant[];
    const version = record.version + 1;
    const result = await this.records.updateOne(
      { _id: id, version: record.version },
      { $set: { participants, version }, $push: { history: historyEntry(`participation:${input.decision}`, record.status, record.status, who, input.comment, version) } },
    );
    if (result.matchedCount === 0) throw problems.conflict('The record changed meanwhile; reload and try again.');
  }

  private async act(
    caller: Caller | undefined,
    id: string,
    action: RecordAction,
    comment: string,
    authorise: (who: Caller, record: RecordDocument) => Decision,
    extra: { rating?: string; confirmedImpactLevel?: string } = {},
  ): Promise<RecordDetailView> {
    const who = requireCaller(caller);
    const record = await this.exclusive(id, () => this.applyTransition(who, id, action, comment, authorise, extra));
    await this.flagged(id);
    return detailView(record);
  }

  private async applyTransition(
    who: Caller,
    id: string,
    action: RecordAction,
    comment: string,
    authorise: (who: Caller, record: RecordDocument) => Decision,
    extra: { rating?: string; confirmedImpactLevel?: string },
  ): Promise<RecordDocument> {
    const record = await this.visible(who, id);
    const decision = authorise(who, record);
    if (!decision.allowed) throw problems.forbidden(decision.reason);
    const moved = transition(record.status as RecordStatus, action);
    if (!moved.ok) throw problems.conflict(moved.reason);
    const now = new Date();
    const version = record.version + 1;
    const next: RecordDocument = {
      ...record,
      status: moved.to,
      version,
      ...(action === 'submit' ? { submittedAt: now, ...(await this.duplicateFlags(record.cadreId, record.evidenceHashes, id)) } : {}),
      ...(action === 'assess:confirm'
        ? { verifiedAt: now, rating: extra.rating ?? null, confirmedImpactLevel: extra.confirmedImpactLevel ?? record.impactLevel }
        : {}),
    };
    const event = createEnvelope<RecordTransitionV1>(EVENT_OF[action], 'records', transitionFacts(next, record.status, action, who, comment, now));
    const entry = historyEntry(action, record.status, moved.to, who, comment, version, now);
    const pending = outboxEntry(EVENT_OF[action], event);
    const result = await this.records.updateOne(
      { _id: id, version: record.version, status: record.status },
      {
        $set: {
          status: next.status,
          version,
          submittedAt: next.submittedAt,
          verifiedAt: next.verifiedAt,
          rating: next.rating,
          confirmedImpactLevel: next.confirmedImpactLevel,
          duplicateEvidence: next.duplicateEvidence,
          duplicateOf: next.duplicateOf,
        },
        $push: { history: entry, outbox: pending },
      },
    );
    if (result.matchedCount === 0) throw problems.conflict('The record changed meanwhile; reload and try again.');
    void this.relay.notify(this.records, id, [pending]);
    return { ...next, history: [...record.history, entry], updatedAt: now };
  }

  /** Read-check-write of one record, serialised in this process (see DocumentLocks). */
  private exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.relay.locks.run(this.records.collection.collectionName, id, work);
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  async get(caller: Caller | undefined, payload: unknown): Promise<RecordDetailView> {
    const who = requireCaller(caller);
    const { id } = splitId(payload);
    return detailView(await this.visible(who, id));
  }

  async list(caller: Caller | undefined, payload: unknown): Promise<Page<RecordDetailView> | { csv: string; filename: string }> {
    const who = requireCaller(caller);
    const query = validate(recordListQuery, payload ?? {});
    const filter: Record<string, unknown> = {};
    const scope = listScope(who);
    if (!scope.all) {
      filter.$or = [{ cadreId: scope.userId }, { participantIds: scope.userId }, ...(scope.departmentId ? [{ departmentPath: scope.departmentId }] : [])];
    }
    if (query.status) filter.status = query.status;
    if (query.itemCode) filter[query.itemCode.includes('-') ? 'itemCode' : 'firstLevelCode'] = query.itemCode;
    if (query.cadreId) filter.cadreId = query.cadreId;
    if (query.departmentId) filter.departmentPath = query.departmentId;
    if (query.from) filter.periodEnd = mongoose.trusted({ $gte: query.from });
    if (query.to) filter.periodStart = mongoose.trusted({ $lte: query.to });
    if (query.duplicateEvidence) filter.duplicateEvidence = query.duplicateEvidence === 'true';
    const sortField = query.sort.replace(/^-/, '');
    const sort: Record<string, 1 | -1> = { [sortField]: query.sort.startsWith('-') ? -1 : 1, _id: 1 };
    const projection = { outbox: 0 };
    if (query.format === 'csv') {
      const rows = await this.records.find(filter, projection).sort(sort).limit(10_000).lean<RecordDocument[]>();
      return { csv: recordsCsv(rows), filename: `records-${new Date().toISOString().slice(0, 10)}.csv` };
    }
    const [total, rows] = await Promise.all([
      this.records.countDocuments(filter),
      this.records.find(filter, projection).sort(sort).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<RecordDocument[]>(),
    ]);
    return { items: rows.map(detailView), total, page: query.page, pageSize: query.pageSize };
  }

  // ── rules that need data ───────────────────────────────────────────────────────────────────────

  private async visible(who: Caller, id: string): Promise<RecordDocument> {
    // No projection: FerretDB filters fields after loading the whole document anyway, at a cost; the views drop it.
    const record = await this.records.findById(id).lean<RecordDocument>();
    if (!record || !canSee(who, record)) throw problems.notFound('No such record.');
    return record;
  }

  /**
   * Parses with the contract schema and checks the rules that need data (taxonomy, period order, shares, known
   * cadres) in the same pass, so one 400 names every offending field.
   */
  private async validateWithRules<S extends z.ZodType>(schema: S, payload: unknown, filerId: string, taxonomyVersion?: number): Promise<z.infer<S>> {
    const parsed = schema.safeParse(payload);
    const schemaErrors = parsed.success ? [] : fieldErrors(parsed.error);
    const raw = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const participants = Array.isArray(raw.participants) ? (raw.participants as ParticipantShare[]) : undefined;
    const ruleErrors = await this.ruleProblems(
      filerId,
      { itemCode: raw.itemCode, periodStart: raw.periodStart, periodEnd: raw.periodEnd, participants: participants ? normaliseParticipants(filerId, participants) : undefined },
      taxonomyVersion,
    );
    const taken = new Set(schemaErrors.map((e) => e.path));
    const errors = [...schemaErrors, ...ruleErrors.filter((e) => !taken.has(e.path) && ![...taken].some((path) => path.startsWith(`${e.path}.`)))];
    if (errors.length || !parsed.success) throw problems.invalid(errors);
    return parsed.data;
  }

  /** Rules that need data; each is checked only when its inputs are well-formed (the schema names the rest). */
  private async ruleProblems(
    filerId: string,
    content: { itemCode?: unknown; periodStart?: unknown; periodEnd?: unknown; participants?: ParticipantShare[] },
    taxonomyVersion?: number,
  ): Promise<ProblemFieldError[]> {
    const errors: ProblemFieldError[] = [];
    if (typeof content.itemCode === 'string' && /^[A-Z]+-\d{2}$/.test(content.itemCode) && !(await this.taxonomy.hasItem(content.itemCode, taxonomyVersion))) {
      errors.push({ path: 'itemCode', message: 'is not a second-level item of the taxonomy' });
    }
    const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    if (isDate(content.periodStart) && isDate(content.periodEnd) && content.periodEnd < content.periodStart) {
      errors.push({ path: 'periodEnd', message: 'must not be before periodStart' });
    }
    const participants = content.participants?.filter((p) => p && typeof p.userId === 'string' && typeof p.share === 'number');
    if (participants && participants.length === content.participants!.length) {
      errors.push(...participantProblems(filerId, participants));
      for (const [index, p] of participants.entries()) {
        if (p.userId === filerId) continue;
        const user = await this.directory.user(p.userId);
        if (!user || !user.active || !user.roles.includes('cadre')) errors.push({ path: `participants.${index}.userId`, message: 'must be an active cadre' });
      }
    }
    return errors;
  }

  private async nameParticipants(who: Caller, participants: ParticipantShare[]): Promise<Participant[]> {
    return Promise.all(
      participants.map(async (p) => ({
        userId: p.userId,
        name: p.userId === who.userId ? who.name : ((await this.directory.user(p.userId))?.name ?? ''),
        role: p.role,
        share: p.share,
        confirmation: p.userId === who.userId ? ('confirmed' as const) : ('pending' as const),
        comment: '',
      })),
    );
  }

  /**
   * The same evidence (by SHA-256) on records of different filers flags both to the reviewer: this record gets
   * the others' ids, and each other record gets this one's (under its own lock).
   */
  private async duplicateFlags(filerId: string, hashes: string[], selfId: string): Promise<{ duplicateEvidence: boolean; duplicateOf: string[] }> {
    if (hashes.length === 0) return { duplicateEvidence: false, duplicateOf: [] };
    const others = await this.records
      .find({ evidenceHashes: mongoose.trusted({ $in: hashes }), cadreId: mongoose.trusted({ $ne: filerId }), _id: mongoose.trusted({ $ne: selfId }) }, { _id: 1 })
      .limit(20)
      .lean<{ _id: string }[]>();
    // The other records are flagged under their own locks, which the caller awaits (`flagged`) only once it has
    // released this record's: two records flagging each other at once never wait on each other.
    const work = Promise.all(
      others.map(({ _id }) =>
        this.exclusive(_id, async () => {
          const other = await this.records.findById(_id, { duplicateOf: 1 }).lean<{ duplicateOf: string[] }>();
          if (other && !other.duplicateOf.includes(selfId)) {
            await this.records.updateOne({ _id }, { $set: { duplicateEvidence: true, duplicateOf: [...other.duplicateOf, selfId] } });
          }
        }),
      ),
    );
    const all = Promise.all([this.flagging.get(selfId), work]).finally(() => {
      if (this.flagging.get(selfId) === all) this.flagging.delete(selfId);
    });
    this.flagging.set(selfId, all);
    return { duplicateEvidence: others.length > 0, duplicateOf: others.map((o) => o._id) };
  }

  /** Waits until the records `id` found sharing its evidence carry the flag too (so the answer implies it). */
  private async flagged(id: string): Promise<void> {
    // A failed flag must not fail the request whose write has happened; the next submission flags again.
    await this.flagging.get(id)?.catch(() => undefined);
  }
}

function splitId(payload: unknown): { id: string } & Record<string, unknown> {
  const body = (payload ?? {}) as Record<string, unknown>;
  idFrom(body, 'record');
  return body as { id: string } & Record<string, unknown>;
}

function firstLevel(itemCode: string): string {
  return itemCode.split('-')[0];
}

function historyEntry(action: string, from: string | null, to: string, who: Caller, comment: string, version: number, at = new Date()): HistoryEntry {
  return { action, from, to, actorId: who.userId, actorName: who.name, at, comment, version };
}

function transitionFacts(record: RecordDocument, fromStatus: string, action: string, who: Caller, comment: string, at: Date): RecordTransitionV1 {
  return {
    recordId: record._id,
    version: record.version,
    status: record.status,
    fromStatus,
    action,
    actorId: who.userId,
    comment,
    cadreId: record.cadreId,
    departmentId: record.departmentId,
    departmentPath: record.departmentPath,
    itemCode: record.itemCode,
    firstLevelCode: record.firstLevelCode,
    taxonomyVersion: record.taxonomyVersion,
    title: record.title,
    periodStart: record.periodStart,
    periodEnd: record.periodEnd,
    claimedImpactLevel: record.impactLevel,
    confirmedImpactLevel: record.confirmedImpactLevel,
    rating: record.rating,
    participants: record.participants.map((p) => ({ userId: p.userId, role: p.role, share: p.share })),
    submittedAt: record.submittedAt ? new Date(record.submittedAt).toISOString() : null,
    verifiedAt: record.verifiedAt ? new Date(record.verifiedAt).toISOString() : null,
    createdAt: new Date(record.createdAt).toISOString(),
    occurredAt: at.toISOString(),
  };
}

export function detailView(record: RecordDocument): RecordDetailView {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    id: record._id,
    version: record.version,
    status: record.status as RecordStatus,
    cadreId: record.cadreId,
    cadreName: record.cadreName,
    departmentId: record.departmentId,
    departmentPath: record.departmentPath,
    itemCode: record.itemCode,
    firstLevelCode: record.firstLevelCode,
    taxonomyVersion: record.taxonomyVersion,
    title: record.title,
    description: record.description,
    periodStart: record.periodStart,
    periodEnd: record.periodEnd,
    impactLevel: record.impactLevel as RecordDetailView['impactLevel'],
    confirmedImpactLevel: record.confirmedImpactLevel as RecordDetailView['confirmedImpactLevel'],
    rating: record.rating as RecordDetailView['rating'],
    results: record.results,
    evidence: record.evidence,
    duplicateEvidence: record.duplicateEvidence,
    duplicateOf: record.duplicateOf,
    participants: record.participants,
    history: record.history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    submittedAt: iso(record.submittedAt),
    verifiedAt: iso(record.verifiedAt),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

