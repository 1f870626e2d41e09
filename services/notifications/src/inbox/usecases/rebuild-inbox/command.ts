import { z } from 'zod';
import type { Caller, RpcRequest } from '@cadre/contracts';
import { problems, requireCaller, validate } from '@cadre/platform';

/** `POST /inbox/rebuild` (admin, an empty body). */
export interface RebuildInboxCommand {
  caller: Caller;
}

export function rebuildInboxCommand(r: RpcRequest): RebuildInboxCommand {
  const caller = requireCaller(r.caller);
  validate(z.strictObject({}), r.payload ?? {});
  if (!caller.roles.includes('admin')) throw problems.forbidden('Only an administrator may rebuild the inbox.');
  return { caller };
}
