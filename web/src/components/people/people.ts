import type { PersonView } from '@cadre/contracts';

/** What the console knows of a person: a name always, the rest when a search found them. */
export interface KnownPerson {
  userId: string;
  name: string;
  departmentName?: string;
  title?: string;
}

/**
 * Names of the people seen so far (search answers, what pages already show: participants, members, evaluators), so
 * a picked id always reads as a name. Kept for the tab's life; small (a person is a few short strings).
 */
const known = new Map<string, KnownPerson>();
const MAX_KNOWN = 2_000;

export function rememberPeople(people: readonly (KnownPerson | PersonView)[] | undefined): void {
  for (const person of people ?? []) {
    if (!person?.userId || !person.name) continue;
    const before = known.get(person.userId);
    // A search answer has the department and title; a page's list may have the name only: keep the fuller one.
    known.set(person.userId, { ...before, ...Object.fromEntries(Object.entries(person).filter(([, v]) => v !== undefined && v !== '')), userId: person.userId, name: person.name } as KnownPerson);
  }
  for (const oldest of known.keys()) {
    if (known.size <= MAX_KNOWN) break;
    known.delete(oldest);
  }
}

export function knownPerson(userId: string): KnownPerson | undefined {
  return known.get(userId);
}

/** `王海军 · 龙华区 · 科长`: the name with what tells two 王海军 apart. */
export function personLine(person: Pick<KnownPerson, 'name' | 'departmentName' | 'title'>): string {
  return [person.name, person.departmentName, person.title].filter(Boolean).join(' · ');
}

/**
 * How each picked person reads: the name alone, or — when two picked people share it — the name with what tells
 * them apart (department, else title): `王海军 · 龙华区`. Never the id.
 */
export function chipLabels(people: readonly Pick<KnownPerson, 'userId' | 'name' | 'departmentName' | 'title'>[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const person of people) count.set(person.name, (count.get(person.name) ?? 0) + 1);
  return new Map(people.map((person) => [person.userId, (count.get(person.name) ?? 0) > 1 ? [person.name, person.departmentName || person.title].filter(Boolean).join(' · ') : person.name]));
}

/** For tests: forget everyone. */
export function forgetPeople(): void {
  known.clear();
}
