#!/usr/bin/env node
/**
 * Rebuilds the analytics read models: replays the RECORDS, TASKS and SCORING streams from their first message into
 * a fresh generation, lets it catch up with the live one, and swaps it in (reads never stop). Follows the progress.
 *
 *   npm run analytics:rebuild                      # against the local run (http://127.0.0.1:3000)
 *   GATEWAY_URL=https://… ADMIN_USERNAME=… ADMIN_PASSWORD=… npm run analytics:rebuild
 */
const base = (process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}`).replace(/\/$/, '');
const username = process.env.ADMIN_USERNAME ?? 'admin';
const password = process.env.ADMIN_PASSWORD ?? 'admin-dev-password';

async function call(path, { token, method = 'GET', body } = {}) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${payload.detail ?? payload.title ?? ''}`);
  return payload;
}

const { accessToken } = await call('/auth/login', { method: 'POST', body: { username, password } });
const started = await call('/analytics/rebuild', { token: accessToken, method: 'POST', body: {} });
console.log(`rebuilding generation ${started.generation} (live: ${started.liveGeneration})`);
let last = '';
for (;;) {
  const status = await call('/analytics/rebuild', { token: accessToken });
  const line = `${status.state} · events ${JSON.stringify(status.events)}${status.eventsPerSecond ? ` · ${status.eventsPerSecond} events/s` : ''}`;
  if (line !== last) console.log(line);
  last = line;
  if (status.state === 'swapped' && status.generation === started.generation) {
    console.log(`done: generation ${status.generation} is live (${status.startedAt} → ${status.finishedAt})`);
    break;
  }
  if (status.state === 'failed') {
    console.error(`rebuild failed: ${status.error}; the previous generation stays live`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
