import type { Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { FileStore } from '@cadre/files';

/** The records service's evidence files: the GridFS bucket `files` in its own database (the gateway writes uploads there too). */
export const FILE_STORE = Symbol('FILE_STORE');

export const fileStoreProvider: Provider = {
  provide: FILE_STORE,
  inject: [MONGO],
  useFactory: (connection: Connection) => {
    if (!connection.db) throw new Error('the MongoDB connection has no database');
    return new FileStore(connection.db, 'records');
  },
};
