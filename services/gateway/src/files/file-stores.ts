import mongoose from 'mongoose';
import { FILE_OWNER_OF_PURPOSE, ownerOfFileId, type FileOwner, type FilePurpose } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import { FileStore } from '@cadre/files';

export interface FileStoreTarget {
  uri: string;
  dbName: string;
}

/**
 * The narrow path to the owning services' buckets: the gateway streams upload bytes into, and download bytes out
 * of, the `files` GridFS bucket in the owning service's database (records: `cadre-records`) through `@cadre/files`,
 * and touches nothing else there. Who may read a file, attaching, cleanup and the access log are the owning
 * service's, asked over request-reply. One connection per owner, opened at the first file request.
 */
export class FileStores {
  private readonly opened = new Map<FileOwner, Promise<{ connection: mongoose.Connection; store: FileStore }>>();

  constructor(private readonly targets: Record<FileOwner, FileStoreTarget>) {}

  forPurpose(purpose: FilePurpose): Promise<FileStore> {
    return this.of(FILE_OWNER_OF_PURPOSE[purpose]);
  }

  /** The store a file id names, or null for an id no service gives out. */
  forFileId(fileId: string): Promise<FileStore> | null {
    const owner = ownerOfFileId(fileId);
    return owner ? this.of(owner) : null;
  }

  private async of(owner: FileOwner): Promise<FileStore> {
    let opening = this.opened.get(owner);
    if (!opening) {
      const { uri, dbName } = this.targets[owner];
      opening = mongoose
        .createConnection(uri, { dbName, autoIndex: false, autoCreate: false, maxPoolSize: 20 })
        .asPromise()
        .then((connection) => {
          if (!connection.db) throw new Error(`no database behind the ${owner} file store`);
          return { connection, store: new FileStore(connection.db, owner) };
        });
      opening.catch(() => this.opened.delete(owner));
      this.opened.set(owner, opening);
    }
    try {
      return (await opening).store;
    } catch {
      throw new ProblemException(503, 'File storage is unavailable; try again shortly.');
    }
  }

  async close(): Promise<void> {
    const all = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(all.map((opening) => opening.then(({ connection }) => connection.close()).catch(() => undefined)));
  }
}
