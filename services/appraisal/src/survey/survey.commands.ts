import { ballotBody, idSchema, ratersBody, surveyQuery, type BallotBody, type Caller, type RatersBody, type RpcRequest } from '@cadre/contracts';
import { idFrom, problems, requireCaller, validate, withoutId } from '@cadre/platform';

/**
 * The survey's request payloads as the gateway sends them (docs/API.md "Appraisal"): the path's `:id` (the cycle) as
 * `id`, `:cadreId` as `cadreId` for the raters edit, the body's or query's fields beside them.
 */
export interface CycleCommand {
  caller: Caller;
  cycleId: string;
}

/** `POST /appraisal/cycles/:id/ballots` → `{ id, cadreId, scores, satisfaction }`. */
export function ballotCommand(r: RpcRequest): CycleCommand & { body: BallotBody } {
  const caller = requireCaller(r.caller);
  const cycleId = idFrom(r.payload, 'survey');
  return { caller, cycleId, body: validate(ballotBody, withoutId(r.payload)) };
}

/** `PUT /appraisal/cycles/:id/survey/raters/:cadreId` → `{ id, cadreId, raters }`. */
export function ratersCommand(r: RpcRequest): CycleCommand & { cadreId: string; body: RatersBody } {
  const caller = requireCaller(r.caller);
  const cycleId = idFrom(r.payload, 'survey');
  const { cadreId, ...body } = withoutId(r.payload);
  const parsedId = idSchema.safeParse(cadreId);
  if (!parsedId.success) throw problems.notFound('No such cadre in this survey.');
  return { caller, cycleId, cadreId: parsedId.data, body: validate(ratersBody, body) };
}

/** `GET /appraisal/cycles/:id/survey?departmentId=&format=` → `{ id, departmentId, format? }`. */
export function surveyViewCommand(r: RpcRequest): CycleCommand & { departmentId: string; format: 'json' | 'csv' } {
  const caller = requireCaller(r.caller);
  const cycleId = idFrom(r.payload, 'survey');
  const query = validate(surveyQuery, withoutId(r.payload));
  return { caller, cycleId, departmentId: query.departmentId, format: query.format };
}

/** `POST /appraisal/cycles/:id/survey/close` → `{ id }`. */
export function surveyCloseCommand(r: RpcRequest): CycleCommand {
  return { caller: requireCaller(r.caller), cycleId: idFrom(r.payload, 'survey') };
}

/** `GET /appraisal/ballots/mine` → `{}`. */
export function ballotsMineCommand(r: RpcRequest): { caller: Caller } {
  return { caller: requireCaller(r.caller) };
}
