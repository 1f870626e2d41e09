import type { ProblemFieldError } from '@cadre/contracts';

/**
 * Paths of keys that could act as MongoDB operators or field paths (`$gt`, `a.b`) anywhere in a body or query.
 * No field of the API is named like that, so such a request is refused before it reaches any service.
 */
export function operatorKeyErrors(value: unknown, base = '', out: ProblemFieldError[] = [], depth = 0): ProblemFieldError[] {
  if (depth > 32 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((item, index) => operatorKeyErrors(item, base ? `${base}.${index}` : String(index), out, depth + 1));
    return out;
  }
  for (const [key, child] of Object.entries(value)) {
    const path = base ? `${base}.${key}` : key;
    if (key.startsWith('$') || key.includes('.') || key.includes('[') || key === '__proto__' || key === 'constructor') {
      out.push({ path, message: 'is not an accepted field name (operators and dotted paths are refused)' });
    } else {
      operatorKeyErrors(child, path, out, depth + 1);
    }
  }
  return out;
}
