export * from './directory-replica.schema';
export * from './directory-replica';
export * from './directory-replica.module';
