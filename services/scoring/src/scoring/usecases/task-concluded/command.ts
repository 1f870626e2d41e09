import type { EventEnvelope, TaskConcludedV1 } from '@cadre/contracts';

/** `tasks.task.concluded`, as the tasks service publishes it. */
export interface TaskConcludedCommand {
  event: EventEnvelope<TaskConcludedV1>;
}
