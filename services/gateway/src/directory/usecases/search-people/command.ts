import type { Caller, PeopleQuery } from '@cadre/contracts';

/** `GET /people`: any signed-in caller (the console's people pickers); the query parsed by `peopleQuery`. */
export interface SearchPeopleCommand {
  caller: Caller;
  query: PeopleQuery;
}
