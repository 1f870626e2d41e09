import { z } from 'zod';
import { inboxQuery, type Caller, type InboxQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `GET /inbox?kind=&limit=&offset=&format=`. */
export interface ListInboxCommand {
  caller: Caller;
  query: InboxQuery;
  format: 'json' | 'csv';
}

const withFormat = inboxQuery.extend({ format: z.enum(['json', 'csv']).default('json') });

export function listInboxCommand(r: RpcRequest): ListInboxCommand {
  const caller = requireCaller(r.caller);
  const { format, ...query } = validate(withFormat, r.payload ?? {});
  return { caller, query, format };
}
