import { ballotBody, isId, ratersBody, type BallotBody, type Caller, type RatersBody, type RpcRequest } from '@cadre/contracts';
import { problems, requireCaller, validate } from '@cadre/platform';

/**
 * The survey's request payloads as the gateway sends them (libs/contracts rpc.ts, RPC.appraisal): `ballot`
 * `{cycleId, body}`, `ballotsMine` `{}`, `survey` `{cycleId, departmentId}`, `raters` `{cycleId, cadreId, body}`,
 * `surveyClose` `{cycleId}`. A malformed id names nothing that exists (404); a body is validated (400 naming fields).
 */
export interface CycleCommand {
  caller: Caller;
  cycleId: string;
}

type Payload = { cycleId?: unknown; cadreId?: unknown; departmentId?: unknown; body?: unknown };

function idOf(payload: unknown, key: 'cycleId' | 'cadreId' | 'departmentId', what: string): string {
  const value = ((payload ?? {}) as Payload)[key];
  if (!isId(value)) throw problems.notFound(`No such ${what}.`);
  return value;
}

const bodyOf = (payload: unknown) => ((payload ?? {}) as Payload).body ?? {};

/** `POST /appraisal/cycles/:id/ballots`. */
export function ballotCommand(r: RpcRequest): CycleCommand & { body: BallotBody } {
  const caller = requireCaller(r.caller);
  const cycleId = idOf(r.payload, 'cycleId', 'survey');
  return { caller, cycleId, body: validate(ballotBody, bodyOf(r.payload)) };
}

/** `PUT /appraisal/cycles/:id/survey/raters/:cadreId`. */
export function ratersCommand(r: RpcRequest): CycleCommand & { cadreId: string; body: RatersBody } {
  const caller = requireCaller(r.caller);
  const cycleId = idOf(r.payload, 'cycleId', 'survey');
  const cadreId = idOf(r.payload, 'cadreId', 'cadre in this survey');
  return { caller, cycleId, cadreId, body: validate(ratersBody, bodyOf(r.payload)) };
}

/** `GET /appraisal/cycles/:id/survey?departmentId=` (the gateway renders `?format=csv` from this view). */
export function surveyViewCommand(r: RpcRequest): CycleCommand & { departmentId: string } {
  const caller = requireCaller(r.caller);
  return { caller, cycleId: idOf(r.payload, 'cycleId', 'survey'), departmentId: idOf(r.payload, 'departmentId', 'department') };
}

/** `POST /appraisal/cycles/:id/survey/close`. */
export function surveyCloseCommand(r: RpcRequest): CycleCommand {
  return { caller: requireCaller(r.caller), cycleId: idOf(r.payload, 'cycleId', 'survey') };
}

/** `GET /appraisal/ballots/mine`. */
export function ballotsMineCommand(r: RpcRequest): { caller: Caller } {
  return { caller: requireCaller(r.caller) };
}
