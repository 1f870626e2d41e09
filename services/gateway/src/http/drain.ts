import type { IncomingMessage } from 'node:http';

/** How much of an oversized body the gateway reads and throws away so that its client can read the 413. */
export const DRAIN_LIMIT_BYTES = 16 * 1_048_576;
/** Gives up when the client sends nothing for this long, */
const DRAIN_IDLE_MS = 2_000;
/** or takes longer than this in all. */
const DRAIN_MAX_MS = 20_000;

/**
 * Reads the rest of a request body into nothing, then calls `done`: a client that is still sending when the
 * answer comes would otherwise see the connection reset instead of the answer (most clients read the response
 * only once their body is out). Gives up after `limitBytes`, after DRAIN_IDLE_MS without data or DRAIN_MAX_MS in
 * all, so a client cannot hold the gateway with an endless or stalled body; the answer then closes the connection
 * anyway.
 */
export function drainBody(request: IncomingMessage, done: () => void, limitBytes = DRAIN_LIMIT_BYTES): void {
  if (request.readableEnded || request.destroyed) return done();
  let read = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    clearTimeout(cap);
    request.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
    done();
  };
  const onData = (chunk: Buffer | string) => {
    read += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (read > limitBytes) finish();
    else idle.refresh();
  };
  const idle = setTimeout(finish, DRAIN_IDLE_MS);
  const cap = setTimeout(finish, DRAIN_MAX_MS);
  idle.unref();
  cap.unref();
  request.on('data', onData).on('end', finish).on('error', finish).on('close', finish);
  // A body parser may still be piping it somewhere that no longer reads (and so holds it paused).
  request.unpipe();
  request.resume();
}
