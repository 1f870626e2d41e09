import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  createRoundBody,
  decisionBody,
  inspectionBody,
  publishNoticeBody,
  roundListQuery,
  type Caller,
  type Page,
  type ProblemFieldError,
  type RoundSummaryView,
  type RoundView,
} from '@cadre/contracts';
import { problems, validate } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { config } from '../config';
import { PeopleIndex } from '../people/people-index';
import { APPLICATIONS_PORT, type ApplicationsPort } from '../applications/applications.port';
import type { Actor, RoundDocument } from './round.schema';
import { RoundsReader } from './rounds-data.module';
import { RoundWriter } from './round-writer';
import { requireOrganisation } from './domain/access';
import { concludeRound, decideCandidate, drawCandidates, inspectCandidate, openRound, publishNotice, type DrawSource } from './domain/round';
import { noticeWindow } from './domain/notice-window';
import { noticePublished, roundConcluded, roundOpened } from './events';
import { roundSummaryView, roundView } from './views';
import type { DrawCommand } from './rounds.commands';

export const actorOf = (caller: Caller): Actor => ({ id: caller.userId, name: caller.name });

/** The organisation department's work on rounds: open, list, read, draw, inspect, decide, publish the notice, conclude. */
@Injectable()
export class RoundsService {
  constructor(
    @Inject(RoundsReader) private readonly rounds: RoundsReader,
    @Inject(RoundWriter) private readonly writer: RoundWriter,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(PeopleIndex) private readonly people: PeopleIndex,
    @Inject(APPLICATIONS_PORT) private readonly applications: ApplicationsPort,
  ) {}

  async create(caller: Caller, payload: unknown): Promise<RoundView> {
    requireOrganisation(caller, '发起选任工作');
    const body = validate(createRoundBody, payload ?? {});
    const listed = await Promise.all(body.departmentIds.map((id) => this.directory.department(id)));
    const errors: ProblemFieldError[] = listed.flatMap((d, i) => (d ? [] : [{ path: `departmentIds.${i}`, message: 'no such department' }]));
    if (errors.length) throw problems.invalid(errors);
    const now = new Date();
    const round: RoundDocument = { ...openRound(randomUUID(), body, [...new Set(body.departmentIds)], actorOf(caller), now), outbox: [] };
    await this.writer.create(round, [roundOpened(round, now)]);
    return this.view(round);
  }

  async list(caller: Caller, payload: unknown): Promise<Page<RoundSummaryView>> {
    requireOrganisation(caller, '查看选任工作');
    const query = validate(roundListQuery, payload ?? {});
    const rows = (await this.rounds.all()).filter((r) => (!query.status || r.status === query.status) && (!query.kind || r.kind === query.kind));
    const page = rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const names = await this.departmentNames(page.flatMap((r) => r.departmentIds));
    const items = await Promise.all(page.map(async (r) => roundSummaryView(r, names, await this.applications.count(r._id))));
    return { items, total: rows.length, page: query.page, pageSize: query.pageSize };
  }

  async get(caller: Caller, roundId: string): Promise<RoundView> {
    requireOrganisation(caller, '查看选任工作');
    return this.view(await this.rounds.get(roundId));
  }

  async draw(caller: Caller, command: DrawCommand): Promise<RoundView> {
    requireOrganisation(caller, '确定考察对象');
    const round = await this.writer.write(command.roundId, (current, now) => ({ step: drawCandidates(current, command.source as DrawSource, command.candidates, actorOf(caller), now) }));
    // After the round's write (every listed candidate is in it now, new or kept): both are idempotent, and a retry of
    // the draw repeats them, so a crash in between leaves nothing wrong for good.
    const cadres = command.candidates.filter((c) => c.type === 'cadre').map((c) => c.candidateId);
    await Promise.all(cadres.map((id) => this.people.add(id, 'candidacies', round._id)));
    const applicationIds = command.candidates.flatMap((c) => (c.applicationId ? [c.applicationId] : []));
    if (applicationIds.length) await this.applications.markDrawn(round._id, applicationIds);
    return this.view(round);
  }

  async inspect(caller: Caller, roundId: string, candidateId: string, payload: unknown): Promise<RoundView> {
    requireOrganisation(caller, '记录考察情况');
    const body = validate(inspectionBody, payload);
    return this.view(await this.writer.write(roundId, (round, now) => ({ step: inspectCandidate(round, candidateId, body.note, actorOf(caller), now) })));
  }

  async decide(caller: Caller, roundId: string, candidateId: string, payload: unknown): Promise<RoundView> {
    requireOrganisation(caller, '作出决定');
    const body = validate(decisionBody, payload);
    return this.view(await this.writer.write(roundId, (round, now) => ({ step: decideCandidate(round, candidateId, body, actorOf(caller), now) })));
  }

  async publishNotice(caller: Caller, roundId: string, payload: unknown): Promise<RoundView> {
    requireOrganisation(caller, '发布任前公示');
    const body = validate(publishNoticeBody, payload);
    const rule = { calendar: { holidays: config.WORK_CALENDAR_HOLIDAYS, workdays: config.WORK_CALENDAR_WORKDAYS }, fixed: config.SELECTION_NOTICE_WINDOW };
    const round = await this.writer.write(roundId, (current, now) => {
      const days = body.noticeDays ?? current.noticeDays;
      return { step: publishNotice(current, { ...noticeWindow(now, days, rule), days }, actorOf(caller)), events: (after, at) => [noticePublished(after, at)] };
    });
    return this.view(round);
  }

  async conclude(caller: Caller, roundId: string): Promise<RoundView> {
    requireOrganisation(caller, '办结选任工作');
    const round = await this.writer.write(roundId, (current, now) => ({ step: concludeRound(current, actorOf(caller), now), events: (after, at) => [roundConcluded(after, at)] }));
    return this.view(round);
  }

  async view(round: RoundDocument): Promise<RoundView> {
    const [names, applications] = await Promise.all([this.departmentNames(round.departmentIds), this.applications.count(round._id)]);
    return roundView(round, names, applications);
  }

  private async departmentNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const rows = await Promise.all(unique.map((id) => this.directory.department(id)));
    return new Map(unique.map((id, i) => [id, rows[i]?.name ?? '']));
  }
}
