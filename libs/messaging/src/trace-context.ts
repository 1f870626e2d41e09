import { context, propagation, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? [...carrier.keys()] : []),
  get: (carrier, key) => (carrier?.has(key) ? carrier.get(key) : undefined),
};

/** Writes the active trace context (W3C `traceparent`/`tracestate`) into NATS headers. */
export function injectTraceHeaders(target: MsgHdrs = natsHeaders(), ctx: Context = context.active()): MsgHdrs {
  propagation.inject(ctx, target, setter);
  return target;
}

/** The trace context a NATS message carries, on top of the active one. */
export function extractTraceContext(source: MsgHdrs | undefined): Context {
  return propagation.extract(context.active(), source, getter);
}

/** The active trace context as plain carrier fields, for storing beside an event (outbox) or in a job. */
export function currentTraceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}
