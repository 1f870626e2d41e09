import type { Queue } from 'bullmq';
import { JOBS, ScoringJobs } from './scoring-jobs';

/** A job as BullMQ hands it out: a snapshot of its hash, with its state read separately. */
function snapshot(finishedOn: number | undefined, state: string) {
  return { id: '7', name: JOBS.recalculateRankings, progress: 100, processedOn: 1_000, finishedOn, returnvalue: finishedOn ? { cadres: 3, rankings: 3 } : undefined, getState: async () => state };
}

describe('ScoringJobs.status', () => {
  it('reads a job again when it finished between the read of the job and the read of its state', async () => {
    // First read: still running (no finish time); by the state read it has completed; the second read has it all.
    const reads = [snapshot(undefined, 'completed'), snapshot(2_000, 'completed')];
    const queue = { getJob: jest.fn(async () => reads.shift()) } as unknown as Queue;
    const view = await new ScoringJobs(queue).status('7');
    expect(view).toMatchObject({ state: 'completed', progress: 100, finishedAt: new Date(2_000).toISOString(), result: { cadres: 3, rankings: 3 } });
    expect(queue.getJob).toHaveBeenCalledTimes(2);
  });

  it('reads a running job once', async () => {
    const queue = { getJob: jest.fn(async () => snapshot(undefined, 'active')) } as unknown as Queue;
    expect(await new ScoringJobs(queue).status('7')).toMatchObject({ state: 'active', finishedAt: null });
    expect(queue.getJob).toHaveBeenCalledTimes(1);
  });
});
