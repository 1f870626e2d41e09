import type { z } from 'zod';

const shown = (value: unknown, length: number) => JSON.stringify(value)?.slice(0, length);

/**
 * Checks a real answer against the contract's schema of it (`recordDetailViewSchema`, `pageSchema(...)`…, the
 * schemas the OpenAPI document declares) and answers the body as it was. The views are strict objects, so a field
 * the contract does not declare fails like a missing or mistyped one; the message names every offending path.
 */
export function matchesSchema<S extends z.ZodType>(schema: S, body: unknown, what = 'the answer'): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
      return `  ${issue.path.map(String).join('.') || '(body)'}: ${issue.message}${keys}`;
    });
    throw new Error(`${what} does not match its declared schema:\n${issues.join('\n')}\nbody: ${shown(body, 1_000)}`);
  }
  return body as z.output<S>;
}
