export * from './sniff';
export * from './range';
export * from './disposition';
export * from './limits';
export * from './file-store';
export * from './cleanup';
