import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger } from './logger';

describe('structured logs', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));
      done();
    },
  });
  const manager = new AsyncLocalStorageContextManager();

  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    manager.disable();
    context.disable();
  });
  beforeEach(() => (lines.length = 0));

  it('writes JSON lines with the service, level and the active trace and span ids', async () => {
    const logger = createLogger('records', 'info', sink);
    const span = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED });
    await context.with(trace.setSpan(context.active(), span), async () => {
      await Promise.resolve();
      logger.warn({ recordId: 'r1' }, 'something to look at');
    });
    logger.info('outside any request');
    expect(lines).toEqual([
      expect.objectContaining({ service: 'records', level: 'warn', msg: 'something to look at', recordId: 'r1', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' }),
      expect.objectContaining({ service: 'records', level: 'info', msg: 'outside any request' }),
    ]);
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
