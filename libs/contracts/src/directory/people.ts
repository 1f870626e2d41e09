import { z } from 'zod';
import { RANK_LEVELS } from '../caller';
import type { PeopleView, PersonView } from '../notifications/views';

/** `GET /people`: one person as a colleague sees them (PersonView): no username, staff number or contact data. */
export const personViewSchema = z.strictObject({
  userId: z.string(),
  name: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  title: z.string(),
  rankLevel: z.enum(RANK_LEVELS),
  rankLabel: z.string(),
});

export const peopleViewSchema = z.strictObject({ items: z.array(personViewSchema) });

// The schemas describe exactly the agreed interfaces (a drift fails type checking here).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const personMatches: Same<z.infer<typeof personViewSchema>, PersonView> = true;
const peopleMatch: Same<z.infer<typeof peopleViewSchema>, PeopleView> = true;
void personMatches;
void peopleMatch;
