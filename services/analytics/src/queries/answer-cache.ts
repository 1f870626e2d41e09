/**
 * Answers of the read side kept while the models stay as they were: the key is the question, the signature the
 * generation and the stream positions the live models had reached. A new event makes every answer stale at
 * once; until then, a dashboard opened by fifty people is computed once, and requests arriving together share
 * one computation. Exact: never an answer older than the models.
 */
export class AnswerCache {
  private readonly answers = new Map<string, { signature: string; answer: Promise<unknown> }>();

  constructor(private readonly capacity = 500) {}

  get<T>(key: string, signature: string, compute: () => Promise<T>): Promise<T> {
    const found = this.answers.get(key);
    if (found && found.signature === signature) return found.answer as Promise<T>;
    const answer = compute();
    this.answers.delete(key);
    this.answers.set(key, { signature, answer });
    // A failed computation is not kept.
    answer.catch(() => {
      if (this.answers.get(key)?.answer === answer) this.answers.delete(key);
    });
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
    return answer;
  }
}
