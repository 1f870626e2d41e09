import { waitUntil } from '@cadre/testing';

/** A test client of `GET /notifications/stream` (Server-Sent Events) over a real connection. */
export interface SseEvent {
  event: string;
  data: string;
}

/** A client of the stream: every event and comment as it arrives, and ways to wait for them. */
export interface StreamClient {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  next(event: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
  body?: string;
}

export async function openStream(port: number, options: { token?: string; query?: string } = {}): Promise<StreamClient> {
  const abort = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream${options.query ?? ''}`, {
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    signal: abort.signal,
  });
  const client: StreamClient = {
    status: response.status,
    headers: response.headers,
    events: [],
    comments: [],
    ended: Promise.resolve(),
    isEnded: () => ended,
    next: () => Promise.reject(new Error('no stream')),
    close: () => abort.abort(),
  };
  let ended = false;
  if (response.status !== 200) {
    client.body = await response.text();
    ended = true;
    return client;
  }
  let seen = 0;
  client.next = (event, timeoutMs = 2_000) =>
    waitUntil(
      () => {
        const index = client.events.findIndex((e, i) => i >= seen && e.event === event);
        if (index < 0) return undefined;
        seen = index + 1;
        return client.events[index];
      },
      { timeoutMs, intervalMs: 10, what: `event: ${event}` },
    );
  client.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split('\n');
          const comment = lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).trim());
          client.comments.push(...comment);
          const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
          const data = lines.find((l) => l.startsWith('data: '))?.slice('data: '.length);
          if (event) client.events.push({ event, data: data ?? '' });
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  return client;
}
