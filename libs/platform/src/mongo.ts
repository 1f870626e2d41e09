import mongoose, { type Connection, type Model } from 'mongoose';

/**
 * Settings of the MongoDB subset (docs/ARCHITECTURE.md): no automatic index or collection builds (indexes are
 * created explicitly at start), filters sanitised (an object whose keys start with `$` from a request is
 * wrapped in `$eq`; our own operators are marked with `mongoose.trusted`), unknown paths in filters rejected.
 */
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);

interface MongoOptions {
  uri: string;
  dbName: string;
  /** Connections in the pool; FerretDB's SQLite backend gains nothing past a handful. */
  maxPoolSize?: number;
}

export async function connectMongo(options: MongoOptions): Promise<Connection> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    autoIndex: false,
    autoCreate: false,
    maxPoolSize: options.maxPoolSize ?? 20,
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  return connection;
}

/** Creates each model's collection and declared indexes; run once at start, before serving. */
export async function ensureIndexes(models: Model<any>[]): Promise<void> {
  for (const model of models) {
    await model.createCollection().catch((error: { codeName?: string; code?: number }) => {
      if (error.codeName !== 'NamespaceExists' && error.code !== 48) throw error;
    });
    await model.createIndexes();
  }
}

export async function pingMongo(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) throw new Error('MongoDB is not connected');
  await db.command({ ping: 1 });
}

/**
 * A unique index said no. MongoDB answers 11000; FerretDB v1.24.2 does so on insert, but an update that breaks a
 * unique index comes back as InternalError (code 1) carrying its backend's message.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: number; message?: string };
  if (code === 11000 || code === 11001) return true;
  return code === 1 && /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(message ?? '');
}

export { mongoose };
