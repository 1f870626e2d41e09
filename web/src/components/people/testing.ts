import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { PersonView } from '@cadre/contracts';
import type { Answer } from '../../test-utils';
import { personLine } from './people';

/** A person of the directory as `GET /people` answers it. */
export function person(overrides: Partial<PersonView> & Pick<PersonView, 'userId' | 'name'>): PersonView {
  return { departmentId: 'd-longhua', departmentName: '龙华区', title: '科员', rankLevel: 'staff', rankLabel: '科员级', ...overrides };
}

/** Answers `GET /people?q=` from `people` (a name containing q; every one for an empty q); undefined for other paths. */
export function answerPeople(people: readonly PersonView[], method: string, path: string): Answer | undefined {
  if (method !== 'GET' || !path.startsWith('/people')) return undefined;
  const q = new URL(path, 'http://localhost').searchParams.get('q') ?? '';
  return { body: { items: people.filter((p) => p.name.includes(q)) } };
}

/** Picks a person in the PersonPicker labelled `label` (or the element): types `query`, chooses the option of `who`. */
export async function pickPerson(label: string | HTMLElement, query: string, who: PersonView) {
  const input = typeof label === 'string' ? screen.getByLabelText(label) : label;
  await waitFor(() => expect((input as HTMLInputElement).disabled).toBe(false));
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: query } });
  const options = await screen.findAllByTitle(personLine(who));
  fireEvent.click(options[options.length - 1]!);
}
