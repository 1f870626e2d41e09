import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import {
  APPRAISAL_EVENTS,
  CYCLE_KIND_LABELS,
  GRADE_LABELS,
  APPRAISAL_STATUS_LABELS,
  cadreAppraisalQuery,
  createCycleBody,
  cycleListQuery,
  gradeBody,
  isId,
  labelOf,
  periodYear,
  reviewGradeBody,
  type AppraisalCycleV1,
  type AppraisalGradeV1,
  type AppraisalView,
  type CadreAppraisalPart,
  type Caller,
  type CycleDepartmentView,
  type CycleView,
  type Page,
  type ProblemFieldError,
  type SheetView,
} from '@cadre/contracts';
import { problems, validate } from '@cadre/platform';
import { DirectoryReplica, type ReplicaUser } from '@cadre/directory';
import { MONGO, type PendingEvent } from '@cadre/messaging';
import { SURVEY_PORT, type RosterCadre, type SurveyPort } from '../survey/survey.port';
import { CADRE_APPRAISALS_MODEL, sheetId, type CadreAppraisalsDocument, type CycleDepartment, type CycleDocument, type SheetDocument } from './cycle.schema';
import { CYCLE_STORE, Cycles, SHEET_STORE, type CycleStore, type SheetStore } from './cycle-data.module';
import { CycleProgress } from './progress';
import { GradingRefusal, gradeEntry, pendingEntry, reviewEntry, type SheetEntry } from './domain/sheet';
import { beijingYear, periodFits, periodMatches, periodMessage } from './domain/period';
import { mayGrade, maySeeCadre, maySeeDepartment, maySeeSheets, mayReview } from './domain/access';
import { appraisalView, cycleView, departmentView, gradesList, historyView, peopleOf, progressView } from './views';

const isAdmin = (caller: Caller) => caller.roles.includes('admin');

/** The appraisal cycles and their grades (评定): opening, listing, closing, the sheets, grading and review, the cadre's view. */
@Injectable()
export class AppraisalCycles {
  constructor(
    @Inject(CYCLE_STORE) private readonly cycleStore: CycleStore,
    @Inject(SHEET_STORE) private readonly sheets: SheetStore,
    @Inject(CADRE_APPRAISALS_MODEL) private readonly cadreCycles: Model<CadreAppraisalsDocument>,
    @Inject(Cycles) private readonly cycles: Cycles,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(SURVEY_PORT) private readonly survey: SurveyPort,
    @Inject(MONGO) private readonly mongo: Connection,
    @Inject(CycleProgress) private readonly progress: CycleProgress,
  ) {}

  // ---------------------------------------------------------------- cycles

  async create(caller: Caller, payload: unknown): Promise<CycleView> {
    if (!isAdmin(caller)) throw problems.forbidden('只有管理员可以发起考核');
    const body = validate(createCycleBody, payload);
    const errors: ProblemFieldError[] = [];
    if (!periodFits(body.kind, body.period)) errors.push({ path: 'period', message: periodMessage(body.kind) });
    const listed = await Promise.all(body.departmentIds.map((id) => this.directory.department(id)));
    listed.forEach((d, i) => {
      if (!d) errors.push({ path: `departmentIds.${i}`, message: 'no such department' });
    });
    if (errors.length) throw problems.invalid(errors);
    const departmentIds = [...new Set(body.departmentIds)];

    // The roster: every active cadre of each listed department's subtree, in their own department's sheet.
    const cadres = (await this.directory.usersWithRole('cadre', await this.subtreeOf(departmentIds))).filter((u) => u.active && departmentIds.some((d) => (u.departmentPath ?? []).includes(d)));
    if (!cadres.length) throw problems.conflict('所列单位（含下级单位）没有在职干部，无法发起考核');
    const byDepartment = new Map<string, ReplicaUser[]>();
    for (const u of cadres) byDepartment.set(u.departmentId, [...(byDepartment.get(u.departmentId) ?? []), u]);

    const cycleId = randomUUID();
    const now = new Date();
    const year = periodYear(body.period);
    const departments: CycleDepartment[] = [];
    const created: SheetDocument[] = [];
    for (const [departmentId, members] of [...byDepartment].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const dept = await this.directory.department(departmentId);
      const path = dept?.path?.length ? dept.path : members[0]!.departmentPath;
      const entries: Record<string, SheetEntry> = {};
      for (const u of members) entries[u._id] = pendingEntry({ cadreId: u._id, name: u.name, title: u.title ?? '', rankLevel: u.rankLevel ?? null });
      departments.push({ departmentId, departmentName: dept?.name ?? '', departmentPath: path, cadreIds: members.map((u) => u._id) });
      const sheet: SheetDocument = { _id: sheetId(cycleId, departmentId), version: 1, cycleId, departmentId, departmentName: dept?.name ?? '', departmentPath: path, entries, updatedAt: now, outbox: [] };
      await this.sheets.create(sheet);
      created.push(sheet);
    }
    await this.progress.record({ _id: cycleId, kind: body.kind }, created);
    const places = departments.flatMap((d) => d.cadreIds.map((cadreId) => ({ cadreId, departmentId: d.departmentId })));
    for (let i = 0; i < places.length; i += 16) {
      await Promise.all(
        places.slice(i, i + 16).map((p) => this.cadreCycles.updateOne({ _id: p.cadreId }, { $addToSet: { cycles: { cycleId, departmentId: p.departmentId, year } } }, { upsert: true })),
      );
    }
    const cycle: CycleDocument = {
      _id: cycleId,
      version: 1,
      kind: body.kind,
      name: body.name,
      period: body.period,
      year,
      status: 'open',
      topGradeQuota: body.topGradeQuota,
      dueDate: body.dueDate ?? null,
      departmentIds,
      departments,
      survey: body.survey ?? null,
      surveyClosedAt: null,
      createdBy: { id: caller.userId, name: caller.name },
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      outbox: [],
    };
    await this.cycleStore.create(cycle, [cycleEvent(APPRAISAL_EVENTS.cycleOpened, cycle, now)]);
    if (cycle.survey) {
      const roster: RosterCadre[] = departments.flatMap((d) => d.cadreIds.map((cadreId) => ({ cadreId, departmentId: d.departmentId, departmentPath: d.departmentPath })));
      await this.survey.open({ cycleId, kind: cycle.kind, name: cycle.name, period: cycle.period, settings: cycle.survey }, roster);
    }
    return this.view(caller, cycle);
  }

  /**
   * The ids of the departments within the listed ones' subtrees, from the replica's departments (a small collection,
   * read whole), so that only the cadres of those departments are read (the role index holds `cadre|<departmentId>`).
   */
  private async subtreeOf(departmentIds: string[]): Promise<string[]> {
    const rows = await this.mongo.collection<{ _id: string; path?: string[] }>('directory_departments').find({}, { projection: { _id: 1, path: 1 } }).toArray();
    const within = rows.filter((d) => d.path?.some((id) => departmentIds.includes(id))).map((d) => d._id);
    return [...new Set([...departmentIds, ...within])];
  }

  async list(caller: Caller, payload: unknown): Promise<Page<CycleView>> {
    const query = validate(cycleListQuery, payload ?? {});
    const rows = (await this.cycles.all()).filter((c) => (!query.status || c.status === query.status) && (!query.kind || c.kind === query.kind) && periodMatches(query.period, c.period));
    const page = rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    return { items: await Promise.all(page.map((c) => this.view(caller, c, false))), total: rows.length, page: query.page, pageSize: query.pageSize };
  }

  async get(caller: Caller, cycleId: string): Promise<CycleView> {
    return this.view(caller, await this.cycles.get(cycleId));
  }

  async close(caller: Caller, cycleId: string): Promise<CycleView> {
    if (!isAdmin(caller)) throw problems.forbidden('只有管理员可以结束考核');
    const found = await this.cycles.get(cycleId);
    if (found.status === 'open') {
      const open: string[] = [];
      let total = 0;
      for (const d of found.departments) {
        const sheet = await this.sheets.model.findById(sheetId(cycleId, d.departmentId)).lean<SheetDocument>();
        const waiting = Object.values(sheet?.entries ?? {}).filter((e) => e.status !== 'confirmed').length;
        if (waiting) {
          total += waiting;
          open.push(`${(await this.departmentName(d.departmentId)) || d.departmentName} ${waiting} 份`);
        }
      }
      if (total) throw problems.conflict(`尚有 ${total} 份评定未确认，不能结束考核：${open.join('，')}`);
      const now = new Date();
      await this.cycleStore.change(cycleId, (cycle) => {
        if (cycle.status !== 'open') return null;
        const closed: CycleDocument = { ...cycle, status: 'closed', closedAt: now, version: cycle.version + 1 };
        return {
          set: { status: 'closed', closedAt: now, ...(cycle.survey && !cycle.surveyClosedAt ? { surveyClosedAt: now } : {}) },
          events: [cycleEvent(APPRAISAL_EVENTS.cycleClosed, closed, now)],
        };
      });
    }
    const cycle = await this.cycles.get(cycleId);
    if (cycle.survey) await this.survey.close(cycleId, caller);
    return this.view(caller, cycle);
  }

  /**
   * A cycle as the caller may see it (appraisers and reviewers the departments of their subtree, assessors and admins
   * all, others none). `exact`: from the sheets themselves (a cycle read alone), which also repairs the
   * kept summaries; otherwise (a page of cycles) from the summaries, one read per cycle.
   */
  private async view(caller: Caller, found: CycleDocument, exact = true): Promise<CycleView> {
    const cycle = await this.withSurveyState(found);
    const visible = cycle.departments.filter((d) => maySeeDepartment(caller, d.departmentPath));
    if (!visible.length) return cycleView(cycle, []);
    const kept = exact ? {} : await this.progress.of(cycle._id);
    const read: SheetDocument[] = [];
    const departments = await Promise.all(
      visible.map(async (d): Promise<CycleDepartmentView | null> => {
        const name = (await this.departmentName(d.departmentId)) || d.departmentName;
        const summary = kept[d.departmentId];
        if (summary) return progressView(cycle, d.departmentId, summary, name);
        const sheet = await this.sheets.model.findById(sheetId(cycle._id, d.departmentId)).lean<SheetDocument>();
        if (!sheet) return null;
        read.push(sheet);
        return departmentView(cycle, sheet, name);
      }),
    );
    if (read.length) await this.progress.record(cycle, read).catch(() => undefined);
    return cycleView(cycle, departments.filter((d): d is CycleDepartmentView => !!d));
  }

  /** A survey closed on its own (`POST …/survey/close`) is learnt from the port; the first time, the cycle records it. */
  private async withSurveyState(cycle: CycleDocument): Promise<CycleDocument> {
    if (!cycle.survey || cycle.surveyClosedAt || cycle.status !== 'open') return cycle;
    const state = await this.survey.statusOf(cycle._id).catch(() => null);
    if (state?.status !== 'closed') return cycle;
    await this.cycles.markSurveyClosed(cycle._id);
    return this.cycles.get(cycle._id);
  }

  private async departmentName(departmentId: string): Promise<string> {
    return (await this.directory.department(departmentId))?.name ?? '';
  }

  // ---------------------------------------------------------------- sheets and grades

  async sheet(caller: Caller, cycleId: string, departmentId: string): Promise<SheetView> {
    if (!maySeeSheets(caller)) throw problems.forbidden('只有考核专员、审核人、考核部门和管理员可以查看评定表');
    const cycle = await this.cycles.get(cycleId);
    const dept = cycle.departments.find((d) => d.departmentId === departmentId);
    if (!dept) throw problems.notFound('该考核没有这个单位的评定表');
    if (!maySeeDepartment(caller, dept.departmentPath)) throw problems.forbidden('只能查看本单位（含下级单位）的评定表');
    const sheet = await this.sheets.find(sheetId(cycleId, departmentId));
    return this.sheetView(cycle, sheet);
  }

  private async sheetView(cycle: CycleDocument, sheet: SheetDocument): Promise<SheetView> {
    const entries = Object.values(sheet.entries ?? {});
    const people = await this.people(peopleOf(entries));
    const name = (await this.departmentName(sheet.departmentId)) || sheet.departmentName;
    const items = entries.map((e) => appraisalView(sheet, e, people, name)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a.cadreId < b.cadreId ? -1 : 1));
    return {
      cycle: { id: cycle._id, name: cycle.name, kind: cycle.kind, period: cycle.period, status: cycle.status },
      department: departmentView(cycle, sheet, name),
      grades: gradesList(cycle.kind),
      items,
    };
  }

  private async people(ids: string[]): Promise<Map<string, ReplicaUser>> {
    const users = await Promise.all(ids.map((id) => this.directory.user(id)));
    return new Map(users.filter((u): u is ReplicaUser => !!u).map((u) => [u._id, u]));
  }

  /** `PUT …/grades/:cadreId`: an appraiser of the cadre's department subtree enters or revises the grade → 待审核. */
  async grade(caller: Caller, cycleId: string, cadreId: string, payload: unknown): Promise<AppraisalView> {
    const body = validate(gradeBody, payload ?? {});
    if (!caller.roles.includes('appraiser')) throw problems.forbidden('只有考核专员可以评定等次');
    const { cycle, dept } = await this.placeOf(cycleId, cadreId);
    const refusal = mayGrade(caller, cadreId, dept.departmentPath);
    if (refusal) throw problems.forbidden(refusal.detail);
    return this.changeEntry(cycle, dept, cadreId, caller, (c, entries, now) => gradeEntry(c, entries, cadreId, body, actorOf(caller), now), APPRAISAL_EVENTS.gradeSubmitted);
  }

  /** `POST …/grades/:cadreId/review`: the assessor confirms (quota checked again) or returns (with a comment). */
  async review(caller: Caller, cycleId: string, cadreId: string, payload: unknown): Promise<AppraisalView> {
    const body = validate(reviewGradeBody, payload ?? {});
    const refusal = mayReview(caller, cadreId);
    if (refusal) throw problems.forbidden(refusal.detail);
    const { cycle, dept } = await this.placeOf(cycleId, cadreId);
    const subject = body.decision === 'confirm' ? APPRAISAL_EVENTS.gradeConfirmed : APPRAISAL_EVENTS.gradeReturned;
    return this.changeEntry(cycle, dept, cadreId, caller, (c, entries, now) => reviewEntry(c, entries, cadreId, body, actorOf(caller), now), subject);
  }

  private async placeOf(cycleId: string, cadreId: string): Promise<{ cycle: CycleDocument; dept: CycleDepartment }> {
    const cycle = await this.cycles.get(cycleId);
    const dept = isId(cadreId) ? cycle.departments.find((d) => d.cadreIds.includes(cadreId)) : undefined;
    if (!dept) throw problems.notFound('该干部不在本次考核中');
    return { cycle, dept };
  }

  /**
   * One entry of a sheet changes under the sheet's lock: the cycle's status, the version, the rules (quota included)
   * and the write with its event are one step, so two appraisers granting the last 优秀 at once cannot both win.
   */
  private async changeEntry(
    cycle: CycleDocument,
    dept: CycleDepartment,
    cadreId: string,
    caller: Caller,
    decide: (cycle: CycleDocument, entries: Record<string, SheetEntry>, now: Date) => SheetEntry,
    subject: string,
  ): Promise<AppraisalView> {
    let next: SheetEntry | undefined;
    const { after } = await this.sheets.change(sheetId(cycle._id, dept.departmentId), async (sheet) => {
      const current = await this.cycles.get(cycle._id);
      if (current.status !== 'open') throw problems.conflict('考核已结束，不能再修改评定');
      const now = new Date();
      try {
        next = decide(current, sheet.entries, now);
      } catch (error) {
        if (error instanceof GradingRefusal) {
          throw error.field ? problems.invalid([{ path: error.field, message: error.message }]) : problems.conflict(error.message);
        }
        throw error;
      }
      const event: AppraisalGradeV1 = {
        appraisalId: `${current._id}:${cadreId}`,
        cycleId: current._id,
        cycleKind: current.kind,
        cycleName: current.name,
        period: current.period,
        year: current.year,
        cadreId,
        departmentId: sheet.departmentId,
        departmentPath: sheet.departmentPath,
        grade: next.grade,
        status: next.status,
        comment: next.history.at(-1)?.comment ?? next.comment,
        byUserId: caller.userId,
        version: next.version,
        occurredAt: now.toISOString(),
      };
      return { set: { entries: { ...sheet.entries, [cadreId]: next } }, events: [{ subject, data: event, occurredAt: now }] };
    });
    const sheet = { ...after, entries: { ...after.entries, [cadreId]: next! } };
    // The page of cycles reads these counts; a write lost here is repaired when the cycle is read alone.
    await this.progress.record(cycle, [sheet]).catch(() => undefined);
    const people = await this.people(peopleOf([next!]));
    return appraisalView(sheet, next!, people, (await this.departmentName(dept.departmentId)) || dept.departmentName);
  }

  // ---------------------------------------------------------------- the cadre's view

  /** `rpc.appraisal.cadre.get` `{cadreId, period}`: the cadre, the year's grades with history, closed surveys' results. */
  async cadre(caller: Caller, payload: unknown): Promise<CadreAppraisalPart> {
    const { cadreId, ...rest } = (payload ?? {}) as { cadreId?: unknown; period?: unknown };
    if (!isId(cadreId)) throw problems.notFound('No such cadre.');
    const query = validate(cadreAppraisalQuery, rest.period === undefined || rest.period === null ? {} : { period: rest.period });
    const user = await this.directory.user(cadreId);
    if (!user) throw problems.notFound('No such cadre.');
    if (!maySeeCadre(caller, cadreId, user.departmentPath ?? [])) throw problems.forbidden('无权查看该干部的考评情况');
    const period = query.period ?? beijingYear();
    const dept = await this.directory.department(user.departmentId);
    const places = ((await this.cadreCycles.findById(cadreId).lean<CadreAppraisalsDocument>())?.cycles ?? []).filter((p) => p.year === period);
    const grades: (CadreAppraisalPart['grades'][number] & { at: number })[] = [];
    const surveyed: string[] = [];
    for (const place of places) {
      const cycle = await this.cycles.find(place.cycleId);
      if (!cycle) continue;
      if (cycle.survey) surveyed.push(cycle._id);
      const sheet = await this.sheets.model.findById(sheetId(cycle._id, place.departmentId)).lean<SheetDocument>();
      const entry = sheet?.entries?.[cadreId];
      if (!entry) continue;
      const people = await this.people(peopleOf([entry]));
      grades.push({
        at: cycle.createdAt.getTime(),
        cycleId: cycle._id,
        cycleName: cycle.name,
        kind: cycle.kind,
        kindLabel: CYCLE_KIND_LABELS[cycle.kind],
        period: cycle.period,
        grade: entry.grade ?? null,
        gradeLabel: labelOf(GRADE_LABELS, entry.grade),
        status: entry.status,
        statusLabel: APPRAISAL_STATUS_LABELS[entry.status],
        comment: entry.comment ?? '',
        history: historyView(entry.history ?? [], new Map([...people].map(([id, u]) => [id, u.name]))),
      });
    }
    grades.sort((a, b) => a.period.localeCompare(b.period) || a.at - b.at);
    const surveys = surveyed.length ? await this.survey.resultsOf(cadreId, surveyed) : [];
    return {
      cadre: { id: user._id, name: user.name, departmentId: user.departmentId, departmentName: dept?.name ?? '', title: user.title ?? '', rankLevel: rankLevel(user.rankLevel) },
      period,
      grades: grades.map(({ at: _at, ...g }) => g),
      surveys,
    };
  }
}

function rankLevel(value: string | null | undefined) {
  return value === 'division' || value === 'section' || value === 'staff' ? value : null;
}

function actorOf(caller: Caller) {
  return { userId: caller.userId, name: caller.name };
}

function cycleEvent(subject: string, cycle: CycleDocument, at: Date): PendingEvent {
  const data: AppraisalCycleV1 = {
    cycleId: cycle._id,
    kind: cycle.kind,
    name: cycle.name,
    period: cycle.period,
    year: cycle.year,
    status: cycle.status,
    departmentIds: cycle.departmentIds,
    topGradeQuota: cycle.topGradeQuota,
    hasSurvey: !!cycle.survey,
    version: cycle.version,
    occurredAt: at.toISOString(),
  };
  return { subject, data, occurredAt: at };
}
