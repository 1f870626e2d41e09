import { STREAMS, streamForSubject, subjectMatches } from './streams';
import { createEnvelope, parseEnvelope } from './envelope';

describe('subjects', () => {
  it('matches NATS wildcards', () => {
    expect(subjectMatches('records.>', 'records.record.verified')).toBe(true);
    expect(subjectMatches('records.>', 'records')).toBe(false);
    expect(subjectMatches('records.*.verified', 'records.record.verified')).toBe(true);
    expect(subjectMatches('records.*', 'records.record.verified')).toBe(false);
    expect(subjectMatches('tasks.>', 'records.record.verified')).toBe(false);
  });

  it('finds the producing stream of an event, and none for a request subject', () => {
    expect(streamForSubject('tasks.task.concluded')).toBe(STREAMS.TASKS);
    expect(streamForSubject('rpc.records.record.create')).toBeUndefined();
  });
});

describe('envelope', () => {
  it('round-trips and rejects what is not an envelope', () => {
    const envelope = createEnvelope('records.record.created', 'records', { id: 'r1' });
    expect(parseEnvelope(JSON.parse(JSON.stringify(envelope)))).toEqual({ envelope });
    expect(parseEnvelope({ type: 'x' })).toEqual({ error: 'missing eventId, version, occurredAt, producer' });
  });
});
