/** Facts held in memory: most keys are met again soon (a record's next step, a cadre's next score). */
const CAPACITY = 50_000;

/**
 * The projector's facts as it last wrote or read them, least recently used dropped first. `null` is a fact known
 * to be absent; `undefined` is one not held. Only the one projector of a generation writes its facts, so what it
 * holds is what the store holds.
 */
export class FactCache {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly capacity = CAPACITY) {}

  get(key: string): unknown {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
