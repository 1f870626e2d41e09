import { SCORING_CONSUMER } from './scoring-consumer';

describe('scoring’s consumer order keys', () => {
  it('keeps each record’s, task’s and appraisal’s events in order (a return after its confirmation), apart from the others', () => {
    expect(SCORING_CONSUMER.orderKey({ recordId: 'r1', cadreId: 'u1' })).toBe('record:r1');
    expect(SCORING_CONSUMER.orderKey({ taskId: 't1' })).toBe('task:t1');
    expect(SCORING_CONSUMER.orderKey({ appraisalId: 'c1:u1', cycleId: 'c1', cadreId: 'u1' })).toBe('appraisal:c1:u1');
    expect(SCORING_CONSUMER.orderKey({ cycleId: 'c1' })).toBeUndefined();
    expect(SCORING_CONSUMER.orderKey(null)).toBeUndefined();
  });
});
