/// <reference types="jest" />
// The assertions below use jest's global `expect` when they are called (in a test), never when this module loads:
// the library builds and loads without jest.
import type { Problem } from '@cadre/contracts';
import type { Reply } from './http';

/** The content type of an RFC 9457 problem answer. */
export const PROBLEM_CONTENT_TYPE = /^application\/problem\+json/;

const shown = (body: unknown, length: number) => JSON.stringify(body)?.slice(0, length);

/** The sorted `path`s of a 400 problem's `errors`. */
export const errorPaths = (problem: Problem) => (problem.errors ?? []).map((error) => error.path).sort();

/** Expects `status` and answers the body; a wrong status fails with the reply's body in the message, so it explains itself. */
export function expectStatus<T = any>(reply: Reply<T>, status: number): T {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${shown(reply.body, 1_000)}`);
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status });
  return reply.body;
}

/** Expects a problem answer (`application/problem+json` with `type` and `title`) of `status`; answers the problem. */
export function expectProblem(reply: Reply, status: number): Problem {
  if (reply.status !== status) throw new Error(`expected a ${status} problem, got ${reply.status}: ${shown(reply.body, 600)}`);
  expect({ status: reply.status, contentType: reply.headers.get('content-type'), body: reply.body }).toMatchObject({
    status,
    contentType: expect.stringMatching(PROBLEM_CONTENT_TYPE),
  });
  const problem = reply.body as Problem;
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  return problem;
}

/** A 400 problem that names `paths` in its errors: at least those, or exactly those when `exact`. */
/** 403 or 404: the caller may not see or act on it (which one is the owning service's choice). */
export function expectRefused(reply: Reply, what: string): Problem {
  if (reply.status !== 403 && reply.status !== 404) throw new Error(`${what}: expected 403 or 404, got ${reply.status} ${shown(reply.body, 400)}`);
  return expectProblem(reply, reply.status);
}

export function expectInvalid(reply: Reply, paths: string[], exact = false): Problem {
  const problem = expectProblem(reply, 400);
  if (exact) expect(errorPaths(problem)).toEqual([...paths].sort());
  else expect(errorPaths(problem)).toEqual(expect.arrayContaining(paths));
  return problem;
}

/** Runs `work` over `items` with at most `workers` at a time; answers the results in the items' order. */
export async function pool<T, R>(items: readonly T[], workers: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
