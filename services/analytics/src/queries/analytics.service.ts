import type { Redis } from 'ioredis';
import {
  candidatesQuery,
  departmentsQuery,
  overviewQuery,
  portraitQuery,
  type CandidatesView,
  type Caller,
  type DepartmentsView,
  type OverviewView,
  type PortraitView,
  type RebuildView,
} from '@cadre/contracts';
import { idFrom, problems, requireCaller, validate, withoutId } from '@cadre/platform';
import type { PeopleDirectory } from '../directory/people-directory';
import type { ModelGenerations } from '../projection/models.service';
import { candidates, portrait } from './cadres';
import { candidatesCsv, departmentsCsv, overviewCsv, portraitCsv, type CsvReply } from './csv';
import { departments, overview } from './dashboards';
import { AnswerCache } from './answer-cache';
import { dashboardScope, mayReadPortrait, shortlistScope, type Scope } from './scope';

/** The analytics API: validation, the access rules of scope.ts, then the read (through the answer cache). */
export class AnalyticsService {
  private readonly cache = new AnswerCache();

  constructor(
    private readonly models: ModelGenerations,
    private readonly directory: PeopleDirectory,
    private readonly redis: Redis,
  ) {}

  async overview(caller: Caller | undefined, payload: unknown): Promise<OverviewView | CsvReply> {
    const who = requireCaller(caller);
    const query = validate(overviewQuery, payload ?? {});
    const scope = dashboardScope(this.directory, who, query.departmentId);
    const view = await this.cached(`overview|${scopeKey(scope)}|${query.period}`, () => overview(this.models.store, this.directory, scope, query.period, this.models.asOf()));
    return query.format === 'csv' ? overviewCsv(view) : view;
  }

  async departments(caller: Caller | undefined, payload: unknown): Promise<DepartmentsView | CsvReply> {
    const who = requireCaller(caller);
    const query = validate(departmentsQuery, payload ?? {});
    const scope = dashboardScope(this.directory, who, query.departmentId);
    const view = await this.cached(`departments|${scopeKey(scope)}|${query.period}`, () => departments(this.models.store, this.directory, scope, query.period));
    return query.format === 'csv' ? departmentsCsv(view) : view;
  }

  async portrait(caller: Caller | undefined, payload: unknown): Promise<PortraitView | CsvReply> {
    const who = requireCaller(caller);
    const id = idFrom(payload, 'cadre');
    const query = validate(portraitQuery, withoutId(payload));
    const person = this.directory.person(id);
    if (!person) throw problems.notFound('No such cadre.');
    if (!mayReadPortrait(who, person)) throw problems.forbidden('A portrait is for the cadre, reviewers of their department, assessors and administrators.');
    const view = await this.cached(`portrait|${person.id}|${query.period}`, () => portrait(this.models.store, this.directory, person, query.period));
    return query.format === 'csv' ? portraitCsv(view) : view;
  }

  async candidates(caller: Caller | undefined, payload: unknown): Promise<CandidatesView | CsvReply> {
    const who = requireCaller(caller);
    const query = validate(candidatesQuery, payload ?? {});
    const scope = shortlistScope(this.directory, who, query.departmentId);
    const view = await this.cached(`candidates|${scopeKey(scope)}|${query.rankLevel ?? ''}|${query.period}|${query.limit}`, () =>
      candidates(this.models.store, this.redis, this.directory, scope, query),
    );
    return query.format === 'csv' ? candidatesCsv(view) : view;
  }

  /** Answers stay valid while the models (and the directory they are read with) have not moved. */
  private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const signature = `${this.models.store.generation}|${JSON.stringify(this.models.positions())}|${this.directory.version}|${new Date().toISOString().slice(0, 10)}`;
    return this.cache.get(key, signature, compute);
  }

  rebuild(caller: Caller | undefined, payload: unknown): RebuildView {
    const who = requireCaller(caller);
    if (!who.roles.includes('admin')) throw problems.forbidden('Only an administrator rebuilds the analytics models.');
    if (payload && typeof payload === 'object' && Object.keys(payload).length) {
      throw problems.invalid(Object.keys(payload).map((path) => ({ path, message: 'is not allowed' })));
    }
    if (!this.models.requestRebuild()) throw problems.conflict('A rebuild is already running.');
    return this.models.status();
  }

  rebuildStatus(caller: Caller | undefined): RebuildView {
    const who = requireCaller(caller);
    if (!who.roles.includes('admin')) throw problems.forbidden('Only an administrator follows a rebuild.');
    return this.models.status();
  }
}

const scopeKey = (scope: Scope) => scope.roots.map((root) => root.id).join(',');
