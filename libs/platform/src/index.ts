export * from './config';
export * from './logger';
export * from './mongo';
export * from './problem';
export * from './health';
export * from './rpc-problem.filter';
export * from './validation';
export * from './document-locks';
