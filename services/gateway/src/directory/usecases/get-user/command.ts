import type { Caller } from '@cadre/contracts';

export interface GetUserCommand {
  caller: Caller;
  id: string;
}
