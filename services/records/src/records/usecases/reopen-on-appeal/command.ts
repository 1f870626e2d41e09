import type { SelectionAppealV1 } from '@cadre/contracts';

/** `selection.appeal.decided`, as the selection service publishes it. */
export interface ReopenOnAppealCommand {
  appeal: SelectionAppealV1;
}
