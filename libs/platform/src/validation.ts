import type { z } from 'zod';
import type { ProblemFieldError } from '@cadre/contracts';
import { problems } from './problem';

/** Parses `input` with `schema` or throws a 400 naming every offending field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw problems.invalid(fieldErrors(result.error));
}

export function fieldErrors(error: z.ZodError): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: base ? `${base}.${key}` : key, message: 'unknown field' });
    } else {
      out.push({ path: base || '(body)', message: issue.message });
    }
  }
  return out;
}
