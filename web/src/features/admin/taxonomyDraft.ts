import type { TaxonomyView } from '@cadre/contracts';
import type { FieldProblem } from './rules';

/** What the editor's form holds: first-level items, each with its second-level children (fields may be empty while typed). */
export interface TaxonomyDraft {
  items: { code?: string; name?: string; children?: { code?: string; name?: string }[] }[];
}

export type TaxonomyBody = { items: { code: string; name: string; children: { code: string; name: string }[] }[] };

/** The form's values from a taxonomy version (an empty first item when there is none yet). */
export function draftOf(current: Pick<TaxonomyView, 'items'> | null): TaxonomyDraft {
  if (!current?.items.length) return { items: [{ code: '', name: '', children: [{ code: '', name: '' }] }] };
  return { items: current.items.map((item) => ({ code: item.code, name: item.name, children: item.children.map((c) => ({ code: c.code, name: c.name })) })) };
}

/** The body of `PUT /taxonomy` from the form: codes trimmed and upper-cased, names trimmed. */
export function bodyOf(draft: TaxonomyDraft): TaxonomyBody {
  const code = (value?: string) => (value ?? '').trim().toUpperCase();
  return {
    items: (draft.items ?? []).map((item) => ({
      code: code(item?.code),
      name: (item?.name ?? '').trim(),
      children: (item?.children ?? []).map((child) => ({ code: code(child?.code), name: (child?.name ?? '').trim() })),
    })),
  };
}

/** One change between the current version and the draft, by code. */
export type TaxonomyChange =
  | { kind: 'added'; code: string; name: string; parent?: string }
  | { kind: 'removed'; code: string; name: string; parent?: string }
  | { kind: 'renamed'; code: string; from: string; to: string; parent?: string }
  | { kind: 'moved'; code: string; name: string; from: string; to: string };

/**
 * What publishing the draft changes (first levels, then their children, in the draft's order; removals last).
 * A second-level item is matched by code: under another parent it is `moved`.
 */
export function taxonomyChanges(current: Pick<TaxonomyView, 'items'> | null, next: TaxonomyBody): TaxonomyChange[] {
  const before = current?.items ?? [];
  const firstBefore = new Map(before.map((item) => [item.code, item]));
  const childBefore = new Map(before.flatMap((item) => item.children.map((child) => [child.code, { ...child, parent: item.code }] as const)));
  const firstAfter = new Set(next.items.map((item) => item.code));
  const childAfter = new Set(next.items.flatMap((item) => item.children.map((child) => child.code)));
  const changes: TaxonomyChange[] = [];
  for (const item of next.items) {
    const old = firstBefore.get(item.code);
    if (!old) changes.push({ kind: 'added', code: item.code, name: item.name });
    else if (old.name !== item.name) changes.push({ kind: 'renamed', code: item.code, from: old.name, to: item.name });
    for (const child of item.children) {
      const was = childBefore.get(child.code);
      if (!was) changes.push({ kind: 'added', code: child.code, name: child.name, parent: item.code });
      else if (was.parent !== item.code) changes.push({ kind: 'moved', code: child.code, name: child.name, from: was.parent, to: item.code });
      else if (was.name !== child.name) changes.push({ kind: 'renamed', code: child.code, from: was.name, to: child.name, parent: item.code });
    }
  }
  for (const item of before) {
    if (!firstAfter.has(item.code)) changes.push({ kind: 'removed', code: item.code, name: item.name });
    for (const child of item.children) if (!childAfter.has(child.code) && firstAfter.has(item.code)) changes.push({ kind: 'removed', code: child.code, name: child.name, parent: item.code });
  }
  return changes;
}

/** An API field path (`items.1.children.0.code`) as an antd form name (`['items', 1, 'children', 0, 'code']`). */
export function fieldNameOf(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The problems that have a field in the form (the rest are shown above it). */
export function splitProblems(problems: FieldProblem[]): { onFields: FieldProblem[]; general: FieldProblem[] } {
  const onField = (p: FieldProblem) => /^items\.\d+\.(code|name|children)$|^items\.\d+\.children\.\d+\.(code|name)$/.test(p.path);
  return { onFields: problems.filter(onField), general: problems.filter((p) => !onField(p)) };
}
