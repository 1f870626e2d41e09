import type { IncomingMessage } from 'node:http';

/** How much of an oversized body the gateway reads and throws away so that its client can read the 413. */
export const DRAIN_LIMIT_BYTES = 16 * 1_048_576;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Reads the rest of a request body into nothing, then calls `done`: a client that is still sending when the
 * answer comes would otherwise see the connection reset instead of the answer (most clients read the response
 * only once their body is out). Gives up after `limitBytes` or `DRAIN_TIMEOUT_MS`, so a client cannot hold the
 * gateway with an endless body; the answer then closes the connection anyway.
 */
export function drainBody(request: IncomingMessage, done: () => void, limitBytes = DRAIN_LIMIT_BYTES): void {
  if (request.readableEnded || request.destroyed) return done();
  let read = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    request.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
    done();
  };
  const onData = (chunk: Buffer | string) => {
    read += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (read > limitBytes) finish();
  };
  const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
  timer.unref();
  request.on('data', onData).on('end', finish).on('error', finish).on('close', finish);
  // A body parser may still be piping it somewhere that no longer reads (and so holds it paused).
  request.unpipe();
  request.resume();
}
