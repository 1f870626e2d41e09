import { Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ProblemException } from '@cadre/platform';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]

/**
 * How deeply JSON text nests objects and arrays, fed chunk by chunk as it arrives (strings and their escapes
 * skipped; UTF-8 multi-byte sequences never contain these ASCII bytes). Stops counting once past `limit`.
 */
export class JsonDepthGauge {
  private depth = 0;
  private inString = false;
  private escaped = false;
  exceeded = false;

  constructor(private readonly limit: number) {}

  feed(chunk: Uint8Array): boolean {
    for (let i = 0; i < chunk.length && !this.exceeded; i++) {
      const c = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) this.inString = true;
      else if (OPENERS.has(c)) this.exceeded = ++this.depth > this.limit;
      else if (CLOSERS.has(c)) this.depth--;
    }
    return this.exceeded;
  }
}

export function nestsDeeperThan(text: string, limit: number): boolean {
  return new JsonDepthGauge(limit).feed(Buffer.from(text));
}

/**
 * JSON bodies nested deeper than `maxDepth` are refused (400) while they stream in, before any parser builds them
 * and before a recursive walk over them could overflow the stack.
 */
export function limitJsonDepth(fastify: FastifyInstance, maxDepth: number): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!/json/i.test(String(request.headers['content-type'] ?? ''))) return payload;
    const gauge = new JsonDepthGauge(maxDepth);
    const checked = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (gauge.feed(chunk)) callback(new ProblemException(400, `The request body nests deeper than ${maxDepth} levels.`));
        else callback(null, chunk);
      },
    });
    payload.on('error', (error) => checked.destroy(error));
    return payload.pipe(checked);
  });
}
