import type { EventEnvelope, RecordTransitionV1 } from '@cadre/contracts';

/** `records.record.verified`, as the records service publishes it. */
export interface RecordVerifiedCommand {
  event: EventEnvelope<RecordTransitionV1>;
}
