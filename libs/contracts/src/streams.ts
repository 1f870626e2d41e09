/**
 * JetStream streams, one per producing service. Event subjects are `<service>.<aggregate>.<event>`.
 * Request-reply subjects live under `rpc.` so that no stream ever captures a request.
 */
export const STREAMS = {
  DIRECTORY: { name: 'DIRECTORY', subjects: ['directory.>'] },
  RECORDS: { name: 'RECORDS', subjects: ['records.>'] },
  TASKS: { name: 'TASKS', subjects: ['tasks.>'] },
  SCORING: { name: 'SCORING', subjects: ['scoring.>'] },
  NOTIFICATIONS: { name: 'NOTIFICATIONS', subjects: ['notifications.>'] },
  APPRAISAL: { name: 'APPRAISAL', subjects: ['appraisal.>'] },
  SELECTION: { name: 'SELECTION', subjects: ['selection.>'] },
} as const;


export interface StreamSpec {
  name: string;
  subjects: readonly string[];
}

/** Poison messages of every consumer, kept for inspection and replay: `deadletter.<consumer>.<original subject>`. */
export const DEAD_LETTER_STREAM: StreamSpec = { name: 'DEADLETTER', subjects: ['deadletter.>'] };

export function deadLetterSubject(consumer: string, subject: string): string {
  return `deadletter.${consumer}.${subject}`;
}

/** The stream whose subjects cover `subject`, among `streams`. */
export function streamForSubject(subject: string, streams: readonly StreamSpec[] = Object.values(STREAMS)): StreamSpec | undefined {
  return streams.find((stream) => stream.subjects.some((pattern) => subjectMatches(pattern, subject)));
}

/** NATS subject matching with `*` (one token) and `>` (the rest). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
