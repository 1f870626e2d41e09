import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  SELECTION_EVENTS,
  applicationBody,
  applicationListQuery,
  applicationViewSchema,
  beijingDate,
  idSchema,
  isWithinSubtree,
  recommendBody,
  type ApplicationView,
  type Caller,
  type ProblemFieldError,
  type SelectionApplicationV1,
} from '@cadre/contracts';
import { fieldErrors, problems, validate } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import type { PendingEvent } from '@cadre/messaging';
import { PeopleIndex } from '../people/people-index';
import { ROUNDS_PORT, type RoundFacts, type RoundsPort } from '../rounds/rounds.port';
import { ApplicationSheets } from './application-sheets';
import { applicationSheetId } from './application.schema';
import { mayListApplications, mayRecommend, maySeeApplication, maySubmit, seesAll } from './domain/access';
import {
  assertTakingApplications,
  awardError,
  isWithinRound,
  newApplication,
  recommend,
  sameApplication,
  type ApplicationEntry,
  type Person,
} from './domain/application';
import { applicationView } from './views';

/** What the gateway resolved for a submission: the applicant and the applicant's records, read as the caller. */
const submissionContext = z.object({
  applicant: z.strictObject({ id: idSchema, name: z.string().trim().min(1), departmentId: idSchema, departmentPath: z.array(idSchema).min(1) }),
  records: applicationViewSchema.shape.records.default([]),
});

const personOf = (caller: Caller): Person => ({ id: caller.userId, name: caller.name });

/** 评先评优 applications: submit, list, recommend, and the drawable ones for a draw. */
@Injectable()
export class Applications {
  constructor(
    @Inject(ApplicationSheets) private readonly sheets: ApplicationSheets,
    @Inject(ROUNDS_PORT) private readonly rounds: RoundsPort,
    @Inject(PeopleIndex) private readonly people: PeopleIndex,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  private async round(roundId: string): Promise<RoundFacts> {
    const round = await this.rounds.find(roundId);
    if (!round) throw problems.notFound('没有这个选任轮次');
    return round;
  }

  /** `applicationSubmit` `{roundId, body, applicant, records}` → the application (201). */
  async submit(caller: Caller, roundId: string, payload: { body?: unknown; applicant?: unknown; records?: unknown }): Promise<ApplicationView> {
    const round = await this.round(roundId);
    const errors: ProblemFieldError[] = [];
    const parsedBody = applicationBody.safeParse(payload.body ?? {});
    if (!parsedBody.success) errors.push(...fieldErrors(parsedBody.error));
    // The award is named with the other fields' errors whenever it is a name at all.
    const named = parsedBody.success ? parsedBody.data.award : (payload.body as { award?: unknown } | undefined)?.award;
    const award = typeof named === 'string' && !errors.some((e) => e.path === 'award') ? awardError(round, named.trim()) : null;
    if (award) errors.push(award);
    const context = submissionContext.safeParse({ applicant: payload.applicant, records: payload.records });
    if (!context.success) errors.push(...fieldErrors(context.error));
    if (errors.length || !parsedBody.success || !context.success) throw problems.invalid(errors);
    const body = parsedBody.data;
    const { applicant, records } = context.data;
    if (body.applicantType === 'department' && body.departmentId !== applicant.id) throw problems.invalid([{ path: 'departmentId', message: 'must be the department applied for' }]);

    const refusal = maySubmit(caller, body.applicantType, applicant);
    if (refusal) throw problems.forbidden(refusal);
    if (!isWithinRound(round, applicant.departmentPath)) throw problems.forbidden(`申报对象不在《${round.name}》的范围内`);
    assertTakingApplications(round, beijingDate(new Date()));

    const departmentName = (await this.directory.department(applicant.departmentId))?.name ?? (body.applicantType === 'department' ? applicant.name : '');
    const sheetId = await this.sheets.ensureSheet(round.roundId, applicant.departmentId);
    const applicationId = randomUUID();
    let earlier: ApplicationEntry | undefined;
    let written: ApplicationEntry | undefined;
    try {
      const { after } = await this.sheets.store.change(sheetId, async (sheet) => {
        // The round is read again under the sheet's lock: applications close with a draw meanwhile.
        const current = await this.round(round.roundId);
        const now = new Date();
        assertTakingApplications(current, beijingDate(now));
        earlier = sameApplication(Object.values(sheet.entries ?? {}), applicant.id, body.award);
        if (earlier) throw problems.conflict(`${applicant.name} 已申报「${body.award}」，不能重复申报`);
        const created = newApplication({ id: applicationId, round: current, body, applicant, departmentName, records, by: personOf(caller), now });
        return { set: { entries: { ...sheet.entries, [applicationId]: created } }, events: [applicationEvent(SELECTION_EVENTS.applicationSubmitted, created, now)] };
      });
      written = after.entries[applicationId];
    } catch (error) {
      // A retry after a crash between the sheet's write and the indexes finds its application: the indexes heal.
      if (earlier && earlier.submittedBy.id === caller.userId) await this.indexed(earlier);
      throw error;
    }
    if (!written) throw problems.conflict('申报未能保存，请重试');
    await this.indexed(written);
    return applicationView(written, departmentName);
  }

  /** The round's index and the people index (the submitter's, and a cadre applicant's); idempotent. */
  private async indexed(entry: ApplicationEntry): Promise<void> {
    await this.sheets.register(entry.roundId, entry.departmentId, [entry.id]);
    const key = `${entry.roundId}:${entry.id}`;
    const persons = new Set([entry.submittedBy.id, ...(entry.applicantType === 'cadre' ? [entry.applicantId] : [])]);
    for (const person of persons) await this.people.add(person, 'applications', key);
  }

  /** `applicationList` `{roundId, query}`: reviewers their subtree, assessors and admins all. */
  async list(caller: Caller, roundId: string, payload: unknown): Promise<{ items: ApplicationView[]; total: number }> {
    const query = validate(applicationListQuery, payload ?? {});
    await this.round(roundId);
    if (!mayListApplications(caller)) throw problems.forbidden('只有审核人、考核部门和管理员可以查看申报');
    if (query.departmentId && !seesAll(caller)) {
      const path = (await this.directory.department(query.departmentId))?.path ?? [];
      if (!isWithinSubtree(path, caller.departmentId)) throw problems.forbidden('只能查看本单位（含下级单位）的申报');
    }
    const entries = (await this.sheets.entriesOf(roundId)).filter(
      (e) =>
        maySeeApplication(caller, e.departmentPath) &&
        (!query.departmentId || isWithinSubtree(e.departmentPath, query.departmentId)) &&
        (!query.status || e.status === query.status),
    );
    return { items: await this.sheets.views(entries), total: entries.length };
  }

  /** `applicationRecommend` `{roundId, applicationId, body}`: 推荐 / 不推荐 with the comment. */
  async recommend(caller: Caller, roundId: string, applicationId: string, payload: unknown): Promise<ApplicationView> {
    const body = validate(recommendBody, payload ?? {});
    await this.round(roundId);
    const found = await this.sheets.find(roundId, applicationId);
    if (!found) throw problems.notFound('没有这份申报');
    const refusal = mayRecommend(caller, found);
    if (refusal) throw problems.forbidden(refusal);
    const { after } = await this.sheets.store.change(applicationSheetId(roundId, found.departmentId), async (sheet) => {
      const entry = sheet.entries?.[applicationId];
      if (!entry) throw problems.notFound('没有这份申报');
      const now = new Date();
      const next = recommend(entry, await this.round(roundId), body, personOf(caller), now);
      return { set: { entries: { ...sheet.entries, [applicationId]: next } }, events: [applicationEvent(SELECTION_EVENTS.applicationRecommended, next, now)] };
    });
    return this.sheets.view(after.entries[applicationId] ?? found);
  }

  /** `drawable` `{roundId}` (the organisation department, for a draw from applications). */
  async drawable(caller: Caller, roundId: string): Promise<ApplicationView[]> {
    if (!seesAll(caller)) throw problems.forbidden('只有考核部门和管理员可以确定考察对象');
    await this.round(roundId);
    return this.sheets.drawable(roundId);
  }
}

function applicationEvent(subject: string, entry: ApplicationEntry, at: Date): PendingEvent {
  const data: SelectionApplicationV1 = {
    applicationId: entry.id,
    roundId: entry.roundId,
    roundName: entry.roundName,
    applicantType: entry.applicantType,
    applicantId: entry.applicantId,
    applicantName: entry.applicantName,
    submittedBy: entry.submittedBy.id,
    departmentId: entry.departmentId,
    departmentPath: entry.departmentPath,
    award: entry.award,
    status: entry.status,
    ...(subject === SELECTION_EVENTS.applicationRecommended ? { comment: entry.recommendation?.comment ?? null } : {}),
    version: entry.version,
    occurredAt: at.toISOString(),
  };
  return { subject, data, occurredAt: at };
}

