import { pinyin } from 'pinyin-pro';

interface NameKeys {
  initials: string;
  full: string;
}

/** Pinyin keys by name: a search reads every name of a scope, so each is converted once (≈ 7 µs a name otherwise). */
const keysByName = new Map<string, NameKeys>();
const MAX_CACHED_NAMES = 50_000;

function keysOf(name: string): NameKeys {
  const cached = keysByName.get(name);
  if (cached) return cached;
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  const keys = { initials: syllables.map((s) => s[0]).join(''), full: syllables.join('') };
  if (keysByName.size >= MAX_CACHED_NAMES) keysByName.clear();
  keysByName.set(name, keys);
  return keys;
}

/**
 * Finding a cadre in a ranking by `q`: the name contains it (case-insensitive), or — for a `q` of Latin letters —
 * the name's pinyin initials (`whj` for 王海军) or full pinyin (`wanghaijun`) start with it, as `GET /people` finds
 * people. `q` is compared as text, never as a pattern.
 */
export function nameMatcher(q: string): (name: string) => boolean {
  const query = q.trim().toLowerCase();
  if (!query) return () => true;
  const latin = /^[a-z]+$/.test(query);
  return (name) => {
    if (name.toLowerCase().includes(query)) return true;
    if (!latin) return false;
    const keys = keysOf(name);
    return keys.initials.startsWith(query) || keys.full.startsWith(query);
  };
}
