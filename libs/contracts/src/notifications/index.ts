export * from './events';
export * from './requests';
export * from './views';
export * from './view-schemas';
