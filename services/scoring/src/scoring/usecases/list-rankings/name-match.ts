import { pinyin } from 'pinyin-pro';

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
    const lower = name.toLowerCase();
    if (lower.includes(query)) return true;
    if (!latin) return false;
    const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }).map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
    return syllables.map((s) => s[0]).join('').startsWith(query) || syllables.join('').startsWith(query);
  };
}
