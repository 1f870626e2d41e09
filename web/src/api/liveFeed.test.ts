import { backoffMs, openLiveFeed } from './liveFeed';
import { tokenStore } from './client';
import { eventStream, message } from '../features/inbox/testing';

afterEach(() => {
  sessionStorage.clear();
});

describe('backoffMs', () => {
  it('doubles from 1 s and stops growing at 60 s, with ±20 % jitter', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1_000);
    expect(backoffMs(3, () => 0.5)).toBe(8_000);
    expect(backoffMs(20, () => 0.5)).toBe(60_000);
    expect(backoffMs(0, () => 0)).toBe(800);
    expect(backoffMs(0, () => 1)).toBe(1_200);
  });
});

describe('openLiveFeed', () => {
  const handlers = () => ({ onNotification: vi.fn(), onInbox: vi.fn(), onOpen: vi.fn(), onStatus: vi.fn() });

  it('reconnects after a busy answer and a dropped stream, and hands over the events', async () => {
    tokenStore.set('t1');
    const stream = eventStream();
    const answers = [() => new Response('', { status: 503 }), () => stream.response(), () => stream.response()];
    const fetch = vi.fn(async () => answers.shift()!());
    const h = handlers();
    const close = openLiveFeed(h, { fetch, backoff: () => 10 });
    await vi.waitFor(() => expect(h.onOpen).toHaveBeenCalledTimes(1));
    expect(fetch).toHaveBeenCalledTimes(2);
    stream.send('notification', message({ id: 'n9' }));
    stream.send('inbox', {});
    stream.comment();
    await vi.waitFor(() => expect(h.onInbox).toHaveBeenCalledTimes(1));
    expect(h.onNotification).toHaveBeenCalledWith(expect.objectContaining({ id: 'n9' }));
    // The server ends the stream: the feed opens it again (and the lists are read again on open).
    stream.close();
    await vi.waitFor(() => expect(h.onOpen).toHaveBeenCalledTimes(2));
    close();
    expect(h.onStatus).toHaveBeenLastCalledWith(false);
  });

  it('stops for good on 401 (signed out) and does not connect without a token', async () => {
    tokenStore.set('t1');
    const fetch = vi.fn(async () => new Response('', { status: 401 }));
    const h = handlers();
    openLiveFeed(h, { fetch, backoff: () => 10 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(h.onOpen).not.toHaveBeenCalled();

    tokenStore.set(null);
    const none = vi.fn();
    openLiveFeed(h, { fetch: none });
    expect(none).not.toHaveBeenCalled();
  });
});
