import { pinyin } from 'pinyin-pro';
import { RANK_LEVEL_LABELS, labelOf, type PersonView, type RankLevel } from '@cadre/contracts';

/**
 * Finding people by name (`GET /people`): the search keys of a name and the ranking of the matches. Pure: the
 * keys are stored on each user at every write of a name, the reader asks the database with them.
 */

/** What a name is found by besides its characters: pinyin initials (`whj`) and full pinyin without tones (`wanghaijun`). */
export interface NameKeys {
  pinyinInitials: string;
  pinyinFull: string;
}

const keep = (syllable: string) => syllable.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The name's pinyin keys, lower case, letters and digits only. Surnames read as surnames (单 shan, 曾 zeng);
 * ü is written v (吕 lv); characters that are not Chinese are kept as they are (letters, digits).
 */
export function nameKeysOf(name: string): NameKeys {
  const options = { toneType: 'none', type: 'array', surname: 'head', v: true } as const;
  const full = pinyin(name, options).map(keep).filter(Boolean);
  return { pinyinInitials: full.map((syllable) => syllable[0]).join(''), pinyinFull: full.join('') };
}

/** The query as it is compared: trimmed, lower case (pinyin keys are stored lower case). */
export function normalizedQuery(q: string): string {
  return q.trim().toLowerCase();
}

/** A regular expression matching `text` literally (it is user input). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PersonCandidate extends NameKeys {
  _id: string;
  name: string;
}

/**
 * How well a person matches `q` (lower case): 0 the name or its initials are `q` exactly, 1 the name, its initials or
 * its full pinyin start with `q`, 2 the name contains `q`, null no match. An empty `q` matches everyone alike (2).
 */
export function matchTier(person: PersonCandidate, q: string): 0 | 1 | 2 | null {
  if (q === '') return 2;
  const name = person.name.toLowerCase();
  if (name === q || person.pinyinInitials === q || person.pinyinFull === q) return 0;
  if (name.startsWith(q) || person.pinyinInitials.startsWith(q) || person.pinyinFull.startsWith(q)) return 1;
  if (name.includes(q)) return 2;
  return null;
}

const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin');

/** The matches of `q` best first (exact, then prefix, then the rest), then by name in pinyin order; at most `limit`. */
export function rankPeople<T extends PersonCandidate>(candidates: readonly T[], q: string, limit: number): T[] {
  const query = normalizedQuery(q);
  const seen = new Set<string>();
  const ranked: { person: T; tier: number }[] = [];
  for (const person of candidates) {
    if (seen.has(person._id)) continue;
    seen.add(person._id);
    const tier = matchTier(person, query);
    if (tier !== null) ranked.push({ person, tier });
  }
  ranked.sort((a, b) => a.tier - b.tier || collator.compare(a.person.name, b.person.name) || a.person._id.localeCompare(b.person._id));
  return ranked.slice(0, limit).map((entry) => entry.person);
}

/** The person as colleagues see them: no username, staff number or contact data. */
export function personView(
  user: { _id: string; name: string; departmentId: string; title: string; rankLevel: string },
  departmentName: (id: string) => string | undefined,
): PersonView {
  return {
    userId: user._id,
    name: user.name,
    departmentId: user.departmentId,
    departmentName: departmentName(user.departmentId) ?? '（未知单位）',
    title: user.title,
    rankLevel: user.rankLevel as RankLevel,
    rankLabel: labelOf(RANK_LEVEL_LABELS, user.rankLevel),
  };
}
