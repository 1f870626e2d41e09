import { rankingQuery, type Caller, type RankingQuery, type RpcRequest } from '@cadre/contracts';
import { problems, validate } from '@cadre/platform';

/** `GET /rankings?period=&scope=&page=&pageSize=&format=`: anyone signed in. */
export interface ListRankingsCommand {
  caller: Caller;
  query: RankingQuery;
}

/** The query first (400), then a caller (403 without one). */
export function listRankingsCommand(r: RpcRequest): ListRankingsCommand {
  const query = validate(rankingQuery, r.payload ?? {});
  if (!r.caller) throw problems.forbidden();
  return { caller: r.caller, query };
}
