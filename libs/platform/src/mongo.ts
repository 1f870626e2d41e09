import mongoose, { type Connection, type Model } from 'mongoose';

/**
 * Settings of the MongoDB subset (ARCHITECTURE.md): no automatic index or collection builds (indexes are
 * created explicitly at start), filters sanitised (an object whose keys start with `$` from a request is
 * wrapped in `$eq`; our own operators are marked with `mongoose.trusted`), unknown paths in filters rejected.
 */
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);

export interface MongoOptions {
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

/** Mongo's duplicate-key error (a unique index said no). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

export { mongoose };
