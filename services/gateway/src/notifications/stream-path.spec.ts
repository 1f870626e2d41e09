import { isLiveStream, redactedUrl } from './stream-path';

describe('the live stream’s path and token', () => {
  it('recognises the stream with or without a query, and nothing else', () => {
    expect(isLiveStream('/api/v1/notifications/stream')).toBe(true);
    expect(isLiveStream('/api/v1/notifications/stream?access_token=x')).toBe(true);
    expect(isLiveStream('/api/v1/notifications/streams')).toBe(false);
    expect(isLiveStream('/api/v1/notifications')).toBe(false);
  });

  it('keeps the token out of what is recorded', () => {
    expect(redactedUrl('/api/v1/notifications/stream?access_token=eyJ.abc.def')).toBe('/api/v1/notifications/stream?access_token=REDACTED');
    expect(redactedUrl('/x?a=1&access_token=t&b=2')).toBe('/x?a=1&access_token=REDACTED&b=2');
    expect(redactedUrl('/x?a=1')).toBe('/x?a=1');
  });
});
