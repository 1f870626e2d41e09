import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import type { NotificationView } from '@cadre/contracts';
import { tokenStore } from './client';

/** Waits between reconnections: 1 s doubling to 60 s (with a little jitter so a restarted gateway is not stormed). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1_000 * 2 ** Math.min(attempt, 6));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** An answer that will not change by asking again (signed out, not allowed, no such endpoint): the feed stops. */
class FeedRefused extends Error {
  constructor(readonly status: number) {
    super(`live feed refused: ${status}`);
  }
}
/** The stream ended or could not be opened for now: reconnect after a wait. */
class FeedInterrupted extends Error {}

export interface LiveFeedHandlers {
  /** `event: notification`: a message for the signed-in user, as in `GET /notifications`. */
  onNotification(message: NotificationView): void;
  /** `event: inbox`: the user's inbox changed (fetch `/inbox` again). */
  onInbox(): void;
  /** The stream is open (first time or again): the lists may have changed meanwhile, read them again. */
  onOpen?(): void;
  /** Whether the stream is open now. */
  onStatus?(connected: boolean): void;
}

/**
 * One connection to `GET /api/v1/notifications/stream` with the session's Authorization header (fetch-event-source,
 * so the token never goes into a URL), reconnecting with backoff; stopped for good by a 401/403/404 (no crash, no
 * retries logged on every second) and by the returned `close()` (sign-out, the frame unmounted).
 */
export function openLiveFeed(handlers: LiveFeedHandlers, options: { fetch?: typeof fetch; backoff?: (attempt: number) => number } = {}): () => void {
  const controller = new AbortController();
  const token = tokenStore.get();
  if (!token) return () => undefined;
  let attempt = 0;
  const wait = options.backoff ?? backoffMs;
  void fetchEventSource('/api/v1/notifications/stream', {
    signal: controller.signal,
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    openWhenHidden: true,
    // Resolved at call time, so a test's stubbed fetch (or the page's) is the one used.
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    async onopen(response) {
      if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        attempt = 0;
        handlers.onStatus?.(true);
        handlers.onOpen?.();
        return;
      }
      if (response.status === 401 || response.status === 403 || response.status === 404) throw new FeedRefused(response.status);
      throw new FeedInterrupted(`live feed answered ${response.status}`);
    },
    onmessage(message: EventSourceMessage) {
      if (message.event === 'notification') {
        try {
          handlers.onNotification(JSON.parse(message.data) as NotificationView);
        } catch {
          // A message that is not JSON is dropped; the list is the truth and is read again on reconnect.
        }
      } else if (message.event === 'inbox') handlers.onInbox();
    },
    onclose() {
      throw new FeedInterrupted('live feed closed');
    },
    onerror(error: unknown) {
      handlers.onStatus?.(false);
      if (error instanceof FeedRefused) throw error;
      return wait(attempt++);
    },
  }).catch(() => {
    // Refused for good: the console works without the live feed (counts are read on focus and on navigation).
    handlers.onStatus?.(false);
  });
  return () => {
    controller.abort();
    handlers.onStatus?.(false);
  };
}
