import type { Problem } from '@cadre/contracts';

/** Helpers of the gateway's composed reads (selection, 实绩档案): many owners asked as the caller. */

/** Whether an owner's refusal came back as a problem (an RPC error carries its status). */
export function isProblem(error: unknown): error is Problem {
  return typeof error === 'object' && error !== null && typeof (error as Problem).status === 'number';
}

/** `items.map(read)` with at most `limit` reads under way. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, read: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await read(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
