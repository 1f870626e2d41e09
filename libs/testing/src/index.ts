export * from './wait';
export * from './nats-server';
export * from './services';
export * from './tokens';
export * from './tracing';
export * from './http';
export * from './otlp-receiver';
export * from './platform';
