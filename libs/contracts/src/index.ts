export * from './envelope';
export * from './streams';
export * from './caller';
export * from './rpc';
export * from './records';
export * from './analytics';
export * from './directory';
export * from './tasks';
