import { Inject, Injectable } from '@nestjs/common';
import {
  RPC,
  currentScoringYear,
  type AppealBody,
  type AppealView,
  type AppealSubjectSnapshot,
  type ApplicationBody,
  type ApplicationView,
  type Caller,
  type DrawBody,
  type DrawnCandidate,
  type RecordDetailView,
  type RoundView,
  type ScoreView,
  type TaskView,
  type TaxonomyView,
} from '@cadre/contracts';
import { RpcClient } from '@cadre/messaging';
import { inParallel, problems } from '@cadre/platform';
import { DirectoryReader } from '../directory/directory-reader';
import { recordSubject, scoreEntrySubject, verdictSubject } from './appeal-subject';
import { applicationRecords, type Applicant, type RecordRead } from './application-records';
import { drawnApplication, drawnCadre, mergeShortlists, namedCadresQuery, namedRows, shortlistQuery, type DepartmentPaths, type ShortlistAnswer, type ShortlistPayload } from './draw';
import { isProblem } from '../http/composing';

/** The shortlist reads the most of analytics: the same allowance as `GET /analytics/candidates`. */
const SHORTLIST_TIMEOUT_MS = 30_000;
/** A draw writes up to 300 candidates with their evidence in one document. */
const DRAW_TIMEOUT_MS = 30_000;
/** How many departments' shortlists (or records) are read at once. */
const PARALLEL_READS = 4;

/**
 * What the gateway composes for the selection service from the services that own the facts (docs/ARCHITECTURE.md
 * "Selection"): a draw's frozen evidence (analytics' shortlist), an application's records (records, read as the
 * caller) and an appeal's subject (its owner, read as the appellant). Every read is made as the caller, so what the
 * caller may not see is refused by its owner before the selection service is asked.
 */
@Injectable()
export class SelectionComposer {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(DirectoryReader) private readonly directory: DirectoryReader,
  ) {}

  /** `POST /selection/rounds/:id/candidates/draw`. */
  async draw(roundId: string, body: DrawBody, caller: Caller): Promise<RoundView> {
    // As the caller: a non-member of the organisation department gets the service's 403, an unknown round its 404.
    const round = await this.rpc.request<RoundView>(RPC.selection.roundGet, { roundId }, caller);
    const capturedAt = new Date().toISOString();
    const paths = await this.departmentPaths();
    let candidates: DrawnCandidate[];
    if (body.source === 'applications') {
      const applications = await this.rpc.request<ApplicationView[]>(RPC.selection.drawable, { roundId }, caller);
      const cadreIds = [...new Set(applications.filter((a) => a.applicantType === 'cadre').map((a) => a.applicantId))];
      const answer: ShortlistAnswer = cadreIds.length
        ? await this.shortlist(namedCadresQuery(round, cadreIds), caller)
        : { period: round.criteria.period ?? currentScoringYear(), items: [] };
      const rows = new Map(answer.items.map((row) => [row.cadreId, { period: answer.period, row }]));
      candidates = applications.map((application) =>
        drawnApplication(application, application.applicantType === 'cadre' ? rows.get(application.applicantId) : undefined, paths, capturedAt, answer.period),
      );
    } else if (body.cadreIds) {
      const answer = await this.shortlist(namedCadresQuery(round, body.cadreIds), caller);
      candidates = namedRows(body.cadreIds, answer).map((row) => drawnCadre(row, paths, capturedAt));
    } else {
      const answers = await inParallel(round.departments, PARALLEL_READS, (department) => this.shortlist(shortlistQuery(round, department.id), caller));
      candidates = mergeShortlists(answers, round.criteria.limit).map((row) => drawnCadre(row, paths, capturedAt));
    }
    return this.rpc.request<RoundView>(RPC.selection.draw, { roundId, source: body.source, candidates }, caller, DRAW_TIMEOUT_MS);
  }

  /** `POST /selection/rounds/:id/applications`: the applicant resolved, the records read as the caller and checked. */
  async submitApplication(roundId: string, body: ApplicationBody, caller: Caller): Promise<ApplicationView> {
    const applicant = await this.applicantOf(body, caller);
    const [reads, names] = await Promise.all([
      inParallel(body.recordIds, PARALLEL_READS, (id) => this.readRecord(id, caller)),
      body.recordIds.length ? this.itemNames(caller) : Promise.resolve(undefined),
    ]);
    const records = applicationRecords(reads, body.applicantType, applicant, names);
    return this.rpc.request<ApplicationView>(RPC.selection.applicationSubmit, { roundId, body, applicant, records }, caller);
  }

  /** `POST /selection/appeals`: the subject read from its owner as the appellant, then filed. */
  async fileAppeal(body: AppealBody, caller: Caller): Promise<AppealView> {
    const subject = await this.appealSubject(body, caller);
    return this.rpc.request<AppealView>(RPC.selection.appealFile, { body, subject }, caller);
  }

  private async appealSubject(body: AppealBody, caller: Caller): Promise<AppealSubjectSnapshot> {
    switch (body.subjectType) {
      case 'record':
        return recordSubject(await this.rpc.request<RecordDetailView>(RPC.records.get, { id: body.subjectId }, caller), caller);
      case 'verdict':
        return verdictSubject(await this.rpc.request<TaskView>(RPC.tasks.get, { id: body.subjectId }, caller), caller);
      case 'score_entry':
        // The last three years: an entry of December is still appealable in January.
        return scoreEntrySubject(await this.rpc.request<ScoreView>(RPC.scoring.score, { id: caller.userId, period: 'rolling3' }, caller), body.subjectId, caller);
    }
  }

  private async applicantOf(body: ApplicationBody, caller: Caller): Promise<Applicant> {
    if (body.applicantType === 'cadre') return { id: caller.userId, name: caller.name, departmentId: caller.departmentId, departmentPath: caller.departmentPath };
    const department = body.departmentId ? await this.directory.department(body.departmentId) : null;
    if (!department) throw problems.invalid([{ path: 'departmentId', message: 'no such department' }]);
    return { id: department._id, name: department.name, departmentId: department._id, departmentPath: department.path };
  }

  /** A record as the caller may read it: hidden or unknown ones are named by the application's check, not answered. */
  private async readRecord(id: string, caller: Caller): Promise<RecordRead> {
    try {
      return { record: await this.rpc.request<RecordDetailView>(RPC.records.get, { id }, caller) };
    } catch (error) {
      if (isProblem(error) && (error.status === 404 || error.status === 403)) return { missing: true };
      throw error;
    }
  }

  /** The taxonomy's item names (the records' items as people read them); the default names if it cannot be read. */
  private async itemNames(caller: Caller): Promise<ReadonlyMap<string, string> | undefined> {
    try {
      const taxonomy = await this.rpc.request<TaxonomyView>(RPC.records.taxonomyGet, {}, caller);
      return new Map(taxonomy.items.flatMap((item) => [[item.code, item.name] as const, ...item.children.map((child) => [child.code, child.name] as const)]));
    } catch {
      return undefined;
    }
  }

  private async shortlist(payload: ShortlistPayload, caller: Caller): Promise<ShortlistAnswer> {
    return this.rpc.request<ShortlistAnswer>(RPC.analytics.candidates, payload, caller, SHORTLIST_TIMEOUT_MS);
  }

  private async departmentPaths(): Promise<DepartmentPaths> {
    return new Map((await this.directory.departmentList()).map((department) => [department.id, department.path]));
  }
}
