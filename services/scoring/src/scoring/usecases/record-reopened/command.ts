import type { EventEnvelope, RecordTransitionV1 } from '@cadre/contracts';

/** `records.record.reopened`, as the records service publishes it. */
export interface RecordReopenedCommand {
  event: EventEnvelope<RecordTransitionV1>;
}
