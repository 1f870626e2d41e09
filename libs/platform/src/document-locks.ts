/**
 * Serialises work on one document inside this process. FerretDB v1 applies an update as "read the document,
 * change it, write it back" without isolation, so two concurrent updates of one document can lose one of them
 * (MongoDB applies single-document updates atomically). Every read-check-write of an aggregate, and the outbox
 * relay's removal of published events, runs under the document's lock; different documents never wait on
 * each other. (With several replicas on FerretDB the race remains across processes; production runs MongoDB.)
 */
export class DocumentLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(collection: string, id: unknown, work: () => Promise<T>): Promise<T> {
    const key = `${collection}:${String(id)}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.finally(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
