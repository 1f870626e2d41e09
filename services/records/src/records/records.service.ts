import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { z } from 'zod';
import {
  RECORD_EVENTS,
  createEnvelope,
  type Caller,
  type CreateRecordPayload,
  type RecordCreatedV1,
  type RecordView,
} from '@cadre/contracts';
import { ensureIndexes, problems, validate, ProblemException } from '@cadre/platform';
import { OutboxRelay, outboxEntry } from '@cadre/messaging';
import { RECORD_MODEL, type RecordDocument } from './record.schema';

const createRecordInput = z.strictObject({
  itemCode: z.string().regex(/^[A-Z]+-\d{2}$/, 'must be a second-level item code such as INVEST-03'),
  title: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(20_000).optional(),
});

const getRecordInput = z.strictObject({ id: z.string().min(1).max(64) });

@Injectable()
export class RecordsService implements OnModuleInit {
  constructor(
    @Inject(RECORD_MODEL) private readonly records: Model<RecordDocument>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.records]);
    this.relay.register(this.records);
  }

  async create(caller: Caller | undefined, payload: CreateRecordPayload): Promise<RecordView> {
    const who = requireCaller(caller);
    const input = validate(createRecordInput, payload);
    const id = randomUUID();
    const now = new Date();
    const event = createEnvelope<RecordCreatedV1>(RECORD_EVENTS.created, 'records', {
      recordId: id,
      version: 1,
      cadreId: who.userId,
      departmentPath: who.departmentPath,
      itemCode: input.itemCode,
      title: input.title,
      status: 'draft',
      createdAt: now.toISOString(),
    });
    const created = await this.records.create({
      _id: id,
      version: 1,
      cadreId: who.userId,
      departmentPath: who.departmentPath,
      itemCode: input.itemCode,
      title: input.title,
      description: input.description ?? '',
      status: 'draft',
      outbox: [outboxEntry(RECORD_EVENTS.created, event)],
    });
    void this.relay.notify(this.records, id);
    return toView(created.toObject());
  }

  async get(caller: Caller | undefined, payload: { id: string }): Promise<RecordView> {
    const who = requireCaller(caller);
    const { id } = validate(getRecordInput, payload);
    const record = await this.records.findById(id).lean<RecordDocument>();
    if (!record || record.cadreId !== who.userId) throw problems.notFound('No such record.');
    return toView(record);
  }
}

function requireCaller(caller: Caller | undefined): Caller {
  if (!caller) throw new ProblemException(401, 'This request needs an authenticated caller.');
  return caller;
}

function toView(record: RecordDocument): RecordView {
  return {
    id: record._id,
    version: record.version,
    cadreId: record.cadreId,
    itemCode: record.itemCode,
    title: record.title,
    description: record.description,
    status: record.status,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
