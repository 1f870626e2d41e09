import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { answerObjectionBody, investigateBody, objectionBody, type Caller, type RoundView } from '@cadre/contracts';
import { validate } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { PeopleIndex } from '../people/people-index';
import { RoundWriter } from './round-writer';
import { RoundsService, actorOf } from './rounds.service';
import { requireOrganisation } from './domain/access';
import { answerObjection, fileObjection, investigateObjection } from './domain/objections';
import { objectionEvent } from './events';

/** 异议: filed by anyone signed in (but the candidate) while the notice runs; investigated and answered by the organisation department. */
@Injectable()
export class ObjectionsService {
  constructor(
    @Inject(RoundWriter) private readonly writer: RoundWriter,
    @Inject(RoundsService) private readonly rounds: RoundsService,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(PeopleIndex) private readonly people: PeopleIndex,
  ) {}

  async file(caller: Caller, roundId: string, payload: unknown): Promise<{ id: string; status: 'open' }> {
    const body = validate(objectionBody, payload);
    const department = await this.directory.department(caller.departmentId);
    const objector = { id: caller.userId, name: caller.name, departmentName: department?.name ?? '' };
    const id = randomUUID();
    // The objector's index first: a retry after a crash meets the open objection (409), so an entry written after the
    // round could be lost for good; one written before may name an objection never kept, which `mine` leaves out.
    await this.people.add(caller.userId, 'objections', `${roundId}:${id}`);
    await this.writer.write(roundId, (round, now) => {
      const { objection, ...step } = fileObjection(round, id, body, objector, now);
      return { step, events: (after, at) => [objectionEvent('filed', after, objection, at)] };
    });
    return { id, status: 'open' };
  }

  async investigate(caller: Caller, roundId: string, objectionId: string, payload: unknown): Promise<RoundView> {
    requireOrganisation(caller, '核查异议');
    const body = validate(investigateBody, payload);
    const round = await this.writer.write(roundId, (current, now) => ({ step: investigateObjection(current, objectionId, body.note, actorOf(caller), now) }));
    return this.rounds.view(round);
  }

  async answer(caller: Caller, roundId: string, objectionId: string, payload: unknown): Promise<RoundView> {
    requireOrganisation(caller, '答复异议');
    const body = validate(answerObjectionBody, payload);
    const round = await this.writer.write(roundId, (current, now) => {
      const { objection, ...step } = answerObjection(current, objectionId, body, actorOf(caller), now);
      return { step, events: (after, at) => [objectionEvent('answered', after, objection, at)] };
    });
    return this.rounds.view(round);
  }
}
