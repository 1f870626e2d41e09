export * from './events';
export * from './requests';
export * from './standard';
export * from './views';
