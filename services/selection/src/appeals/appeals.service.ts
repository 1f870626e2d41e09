import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  APPEAL_SUBJECT_TYPES,
  SELECTION_EVENTS,
  appealBody,
  appealListQuery,
  decideAppealBody,
  idSchema,
  isId,
  type AppealStatus,
  type AppealSubjectSnapshot,
  type AppealView,
  type Caller,
  type Page,
  type ProblemFieldError,
  type SelectionAppealV1,
} from '@cadre/contracts';
import { fieldErrors, problems, validate } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import type { AggregateStore, PendingEvent } from '@cadre/messaging';
import { config } from '../config';
import { PeopleIndex } from '../people/people-index';
import type { AppealDocument } from './appeal.schema';
import { AppealIndex } from './appeal-index';
import { AppealKeys } from './appeal-keys';
import { maySeeAppeal, mayDecide, mayDecideAppeals, seesAll } from './domain/access';
import { decideAppeal, fileAppeal, newestFirst, type AppealState } from './domain/appeal';
import { assertAppealable } from './domain/eligibility';
import { appealKey } from './domain/keys';
import { appealView } from './views';

export type AppealStore = AggregateStore<AppealDocument>;
export const APPEAL_STORE = Symbol('APPEAL_STORE');

/** What the gateway read of the subject from its owner, as the appellant. */
const subjectSnapshot = z.object({
  type: z.enum(APPEAL_SUBJECT_TYPES),
  id: z.string().min(1).max(300),
  title: z.string(),
  decision: z.string(),
  decidedAt: z.iso.datetime({ offset: true }),
  link: z.string(),
  state: z.string(),
  entitled: z.boolean(),
  departmentId: idSchema,
  departmentPath: z.array(idSchema),
});

const READ_BATCH = 16;

/** 申诉: filing (one pending per subject and person, within the window), listing, reading, deciding. */
@Injectable()
export class Appeals {
  constructor(
    @Inject(APPEAL_STORE) private readonly store: AppealStore,
    @Inject(AppealKeys) private readonly keys: AppealKeys,
    @Inject(AppealIndex) private readonly index: AppealIndex,
    @Inject(PeopleIndex) private readonly people: PeopleIndex,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  /** `appealFile` `{body, subject}` → the appeal (201). */
  async file(caller: Caller, payload: { body?: unknown; subject?: unknown }): Promise<AppealView> {
    const errors: ProblemFieldError[] = [];
    const body = appealBody.safeParse(payload.body ?? {});
    if (!body.success) errors.push(...fieldErrors(body.error));
    const subject = subjectSnapshot.safeParse(payload.subject);
    if (!subject.success) errors.push(...fieldErrors(subject.error).map((e) => ({ ...e, path: e.path === '(body)' ? 'subject' : `subject.${e.path}` })));
    if (!body.success || !subject.success) throw problems.invalid(errors);
    if (subject.data.type !== body.data.subjectType || subject.data.id !== body.data.subjectId) throw problems.invalid([{ path: 'subjectId', message: 'does not name the subject read' }]);
    const snapshot: AppealSubjectSnapshot = subject.data;

    const now = new Date();
    const deadline = assertAppealable(snapshot, now, config.APPEAL_WINDOW_DAYS);
    const appellant = { id: caller.userId, name: caller.name };
    const appeal: AppealDocument = { ...fileAppeal({ id: randomUUID(), body: body.data, subject: snapshot, appellant, deadline, now }), updatedAt: now, outbox: [] };
    await this.keys.filing(appealKey(caller.userId, snapshot.type, snapshot.id), appeal._id, (id) => this.statusOf(id), async () => {
      // The indexes first: a failed filing leaves an id that reads as nothing, never an appeal nobody lists.
      await this.index.add(appeal._id, now);
      await this.people.add(caller.userId, 'appeals', appeal._id);
      await this.store.create(appeal, [appealEvent(SELECTION_EVENTS.appealFiled, appeal, now)]);
    });
    return this.view(appeal);
  }

  /** `appealList` AppealListQuery: assessors and admins every appeal (`mine=true`: their own); anyone else their own. */
  async list(caller: Caller, payload: unknown): Promise<Page<AppealView>> {
    const query = validate(appealListQuery, payload ?? {});
    const everyone = seesAll(caller) && query.mine !== 'true';
    const ids = everyone ? await this.index.all() : (await this.people.of(caller.userId)).appeals;
    const appeals = (await this.read([...new Set(ids)]))
      .filter((a) => (everyone || a.appellant.id === caller.userId) && (!query.status || a.status === query.status))
      .sort(newestFirst);
    const page = appeals.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    return { items: await this.views(page), total: appeals.length, page: query.page, pageSize: query.pageSize };
  }

  /** `appealGet` `{appealId}`: the appellant, assessors, admins (404 for anyone else). */
  async get(caller: Caller, appealId: string): Promise<AppealView> {
    const appeal = await this.find(appealId);
    if (!appeal || !maySeeAppeal(caller, appeal)) throw problems.notFound('没有这条申诉');
    return this.view(appeal);
  }

  /** `appealDecide` `{appealId, body}`: an assessor, not the appellant; a pending appeal only. */
  async decide(caller: Caller, appealId: string, payload: unknown): Promise<AppealView> {
    const body = validate(decideAppealBody, payload ?? {});
    const denied = mayDecideAppeals(caller);
    if (denied) throw problems.forbidden(denied);
    const found = await this.find(appealId);
    if (!found) throw problems.notFound('没有这条申诉');
    const refusal = mayDecide(caller, found);
    if (refusal) throw problems.forbidden(refusal);
    const { after } = await this.store.change(appealId, (appeal) => {
      const now = new Date();
      const { step, ...decided } = decideAppeal(appeal, body, { id: caller.userId, name: caller.name }, now);
      const next: AppealState = { ...appeal, ...decided, version: appeal.version + 1 };
      return { set: decided, push: { history: step }, events: [appealEvent(SELECTION_EVENTS.appealDecided, next, now)] };
    });
    // Decided: the subject may be appealed again (a key left by a crash here is released by the next filing).
    await this.keys.release(appealKey(after.appellant.id, after.subject.type, after.subject.id), appealId).catch(() => undefined);
    return this.view(after);
  }

  private async find(appealId: string): Promise<AppealDocument | null> {
    if (!isId(appealId)) return null;
    return this.store.model.findById(appealId).lean<AppealDocument>();
  }

  private async statusOf(appealId: string): Promise<AppealStatus | null> {
    return (await this.find(appealId))?.status ?? null;
  }

  private async read(ids: string[]): Promise<AppealDocument[]> {
    const out: AppealDocument[] = [];
    for (let i = 0; i < ids.length; i += READ_BATCH) {
      const rows = await Promise.all(ids.slice(i, i + READ_BATCH).map((id) => this.find(id)));
      out.push(...rows.filter((a): a is AppealDocument => !!a));
    }
    return out;
  }

  private async view(appeal: AppealState): Promise<AppealView> {
    return appealView(appeal, (await this.directory.department(appeal.appellant.departmentId))?.name ?? '');
  }

  private async views(appeals: AppealState[]): Promise<AppealView[]> {
    const ids = [...new Set(appeals.map((a) => a.appellant.departmentId))];
    const names = new Map((await Promise.all(ids.map((id) => this.directory.department(id)))).flatMap((d) => (d ? [[d._id, d.name] as const] : [])));
    return appeals.map((a) => appealView(a, names.get(a.appellant.departmentId) ?? ''));
  }
}

function appealEvent(subject: string, appeal: AppealState, at: Date): PendingEvent {
  const data: SelectionAppealV1 = {
    appealId: appeal._id,
    subjectType: appeal.subject.type,
    subjectId: appeal.subject.id,
    subjectTitle: appeal.subject.title,
    appellantId: appeal.appellant.id,
    departmentId: appeal.appellant.departmentId,
    departmentPath: appeal.appellant.departmentPath,
    status: appeal.status,
    answer: appeal.answer,
    decidedBy: appeal.decidedBy?.id ?? null,
    subjectState: appeal.subject.state,
    version: appeal.version,
    occurredAt: at.toISOString(),
  };
  return { subject, data, occurredAt: at };
}
