import type { ApplicationView } from '@cadre/contracts';

/** What the rounds module reads and tells of applications (implemented by the applications module). */
export interface ApplicationsPort {
  /** The round's recommended applications not drawn yet (`rpc.selection.round.drawable` answers these). */
  drawable(roundId: string): Promise<ApplicationView[]>;
  /** Marks the applications drawn into the round's candidates (idempotent; called after the round's write). */
  markDrawn(roundId: string, applicationIds: string[]): Promise<void>;
  /** The applications by id (`<roundId>:<applicationId>` as the people index lists them), the missing left out. */
  byKeys(keys: string[]): Promise<ApplicationView[]>;
  /** How many applications the round has (for the round's counts). */
  count(roundId: string): Promise<number>;
}
export const APPLICATIONS_PORT = Symbol('APPLICATIONS_PORT');
