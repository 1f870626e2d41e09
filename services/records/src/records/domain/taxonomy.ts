import type { ProblemFieldError, TaxonomyItem } from '@cadre/contracts';

/** Codes are unique across both levels, and a child's code starts with its parent's (INVEST → INVEST-03). */
export function taxonomyProblems(items: TaxonomyItem[]): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.code)) errors.push({ path: `items.${i}.code`, message: 'is used twice' });
    seen.add(item.code);
    item.children.forEach((child, j) => {
      if (!child.code.startsWith(`${item.code}-`)) errors.push({ path: `items.${i}.children.${j}.code`, message: `must start with ${item.code}-` });
      if (seen.has(child.code)) errors.push({ path: `items.${i}.children.${j}.code`, message: 'is used twice' });
      seen.add(child.code);
    });
  });
  return errors;
}

/** The second-level codes a record may be filed under. */
export function fileableCodes(items: TaxonomyItem[]): Set<string> {
  return new Set(items.flatMap((item) => item.children.map((child) => child.code)));
}
