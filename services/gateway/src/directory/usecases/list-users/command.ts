import type { Caller, UserListQuery } from '@cadre/contracts';

export interface ListUsersCommand {
  caller: Caller;
  /** Filters, page, and the format (`csv`: every match, at most 10,000). */
  query: UserListQuery;
}
