import type { EventEnvelope, RecordTransitionV1 } from '@cadre/contracts';

/** `records.record.revoked`, as the records service publishes it. */
export interface RecordRevokedCommand {
  event: EventEnvelope<RecordTransitionV1>;
}
