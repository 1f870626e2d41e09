import type { PeopleDirectory } from '../directory/people-directory';
import type { ModelGenerations } from '../projection/models.service';
import { AnswerCache } from './answer-cache';

/** Answers stay valid while the models (and the directory they are read with) have not moved. */
export class CachedAnswers {
  private readonly cache = new AnswerCache();

  constructor(
    private readonly models: ModelGenerations,
    private readonly directory: PeopleDirectory,
  ) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const signature = `${this.models.store.generation}|${JSON.stringify(this.models.positions())}|${this.directory.version}|${new Date().toISOString().slice(0, 10)}`;
    return this.cache.get(key, signature, compute);
  }
}
