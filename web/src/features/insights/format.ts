import { beijingTime } from '../../components/beijing';
import type { LedgerEntryView, UserView } from '@cadre/contracts';
import type { MessageKey } from '../../i18n/i18n';

/** `t` of `useI18n()`, passed into the pure functions so they stay testable. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const ROLLING = 'rolling3';
export const RANK_LEVELS = ['division', 'section', 'staff'] as const;

/** The calendar year (`YYYY`) at UTC+8, as the platform counts periods. */
export function currentYear(now: Date = new Date()): string {
  return String(new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear());
}

/** The years a period selector offers, newest first (`count` years up to the current one). */
export function yearOptions(now: Date = new Date(), count = 5): string[] {
  const year = Number(currentYear(now));
  return Array.from({ length: count }, (_, i) => String(year - i));
}

/** Periods of scores and rankings: the years, then the rolling three years. */
export function scorePeriodOptions(now: Date = new Date(), count = 5): string[] {
  return [...yearOptions(now, count), ROLLING];
}

export function periodLabel(t: Translate, period: string): string {
  return period === ROLLING ? t('insights.period.rolling3') : t('insights.period.year', { year: period });
}

const RANK_LEVEL_NAMES: Record<(typeof RANK_LEVELS)[number], string> = { division: '处级', section: '科级', staff: '科员' };

/**
 * An export's file name (without extension), in the words people read: the list's name and, of what was chosen,
 * the period (`2026`, 近三年), a department's name, a rank level (科级); what is not chosen is left out.
 */
export function exportName(list: string, { period, departmentName, rankLevel, extra }: { period?: string; departmentName?: string; rankLevel?: string; extra?: string } = {}): string {
  const periodName = period === ROLLING ? '近三年' : period;
  const rankName = rankLevel ? (RANK_LEVEL_NAMES[rankLevel as keyof typeof RANK_LEVEL_NAMES] ?? rankLevel) : undefined;
  return [list, extra, periodName, departmentName, rankName].filter(Boolean).join('-');
}

/** A message for a value of an enumeration (`insights.rating.good`), or the value itself when there is none. */
export function labelOf(t: Translate, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}

/** Points with two decimals (`19.2` → `19.20`). */
export function formatPoints(points: number | null | undefined): string {
  if (points === null || points === undefined || !Number.isFinite(points)) return '—';
  return (Math.round(points * 100) / 100).toFixed(2);
}

/** A share 0–1 as a percentage (`0.3333` → `33.3%`). */
export function formatShare(fraction: number): string {
  return `${(Math.round(fraction * 1000) / 10).toString()}%`;
}

/** A review time in minutes, in the unit that reads best. */
export function formatMinutes(t: Translate, minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return t('insights.duration.none');
  if (minutes < 60) return t('insights.duration.minutes', { n: Math.round(minutes) });
  if (minutes < 24 * 60) return t('insights.duration.hours', { n: Math.round((minutes / 60) * 10) / 10 });
  return t('insights.duration.days', { n: Math.round((minutes / 1440) * 10) / 10 });
}

/** `YYYY-MM-DD HH:mm` in Beijing time, or the date only (components/beijing.ts). */
export function formatDateTime(iso: string | null | undefined, dateOnly = false): string {
  return beijingTime(iso, dateOnly);
}

/** Where a source of points is shown: the record's or the task's page; a grade's (`<cycleId>:<cadreId>`) 综合考评. */
export function sourcePath(source: { type: string; id: string }): string {
  if (source.type === 'appraisal') return `/appraisal/cadres/${encodeURIComponent(source.id.slice(source.id.lastIndexOf(':') + 1))}`;
  return source.type === 'task' ? `/tasks/${encodeURIComponent(source.id)}` : `/records/${encodeURIComponent(source.id)}`;
}

export function cadrePath(cadreId: string, tab?: 'score' | 'portrait'): string {
  return `/cadres/${encodeURIComponent(cadreId)}${tab ? `?tab=${tab}` : ''}`;
}

/** Whether the console offers a link to another cadre's score and portrait (the API checks again). */
export function mayOpenCadre(user: Pick<UserView, 'id' | 'roles'> | null, cadreId: string): boolean {
  if (!user) return false;
  return user.id === cadreId || user.roles.some((role) => role === 'reviewer' || role === 'assessor' || role === 'admin');
}

/** Which dashboards the console offers a user. */
export function insightsAccess(user: Pick<UserView, 'roles'> | null) {
  const has = (...roles: string[]) => !!user && roles.some((role) => user.roles.includes(role));
  return { dashboards: has('reviewer', 'assessor', 'admin'), candidates: has('assessor', 'admin'), ownScore: has('cadre') };
}

export type ScopeChoice = { kind: 'all' } | { kind: 'department'; departmentId?: string } | { kind: 'rank'; rankLevel?: string };

/** The `scope` query of `GET /rankings`; null while the choice is incomplete (a department or rank not yet picked). */
export function rankingScope(choice: ScopeChoice): string | null {
  if (choice.kind === 'all') return 'all';
  if (choice.kind === 'department') return choice.departmentId ? `department:${choice.departmentId}` : null;
  return choice.rankLevel ? `rank:${choice.rankLevel}` : null;
}

/** A ranking's change since the previous calculation, in words. */
export function changeText(t: Translate, change: number | null): string {
  if (change === null) return t('insights.rankings.new');
  if (change > 0) return t('insights.rankings.up', { n: change });
  if (change < 0) return t('insights.rankings.down', { n: -change });
  return t('insights.rankings.same');
}

/** What the scoring service's explanation text says, taken apart (see services/scoring domain/entries.ts). */
interface ParsedExplanation {
  record?: { itemCode: string; impact: string; impactMultiplier: string; rating: string; ratingMultiplier: string; total: string; base: string };
  task?: { reward: string; flagMultiplier?: string; flags?: string; verdict: string; verdictMultiplier: string; total: string };
  participation?: { percent: string; count: number; points: string };
  contribution?: { percent: string; share: string; points: string };
  bonus?: { percent: string; points: string };
  reversal?: { reason?: string; part: string; points: string; original: string };
}

const NUM = '-?\\d+(?:\\.\\d+)?';
const RECORD = new RegExp(`^(\\S+) (\\w+) ×(${NUM}), rated (\\S+) ×(${NUM}) = (${NUM}) \\(base (${NUM})\\)`);
const TASK = new RegExp(`^任务 reward (${NUM})(?: ×(${NUM}) \\(([^)]*)\\))?, verdict \\S+ (\\w+) ×(${NUM}) = (${NUM})`);
const PARTICIPATION = new RegExp(`参与度 (${NUM})% (?:sole participant|split equally among (\\d+)) → (${NUM})`);
const CONTRIBUTION = new RegExp(`贡献度 (${NUM})% by (${NUM})% share → (${NUM})`);
const BONUS = new RegExp(`lead bonus (${NUM})% → (${NUM})`);
const REVERSAL = new RegExp(`^撤销 revoked(?:: ([\\s\\S]*?))?; reverses (\\w+) (${NUM}) \\(([\\s\\S]*)\\)$`);

const RATING_CODES: Record<string, string> = { 优秀: 'excellent', 良好: 'good', 合格: 'pass', 不予认定: 'none' };
const FLAG_CODES: Record<string, string> = { 急: 'urgent', 难: 'hard', 险: 'risky', 重: 'heavy' };

export function parseExplanation(text: string): ParsedExplanation {
  const parsed: ParsedExplanation = {};
  const reversal = REVERSAL.exec(text);
  if (reversal) {
    parsed.reversal = { reason: reversal[1]?.trim() || undefined, part: reversal[2], points: reversal[3], original: reversal[4] };
    return parsed;
  }
  const record = RECORD.exec(text);
  if (record) parsed.record = { itemCode: record[1], impact: record[2], impactMultiplier: record[3], rating: RATING_CODES[record[4]] ?? record[4], ratingMultiplier: record[5], total: record[6], base: record[7] };
  const task = TASK.exec(text);
  if (task) parsed.task = { reward: task[1], flagMultiplier: task[2], flags: task[3], verdict: task[4], verdictMultiplier: task[5], total: task[6] };
  const participation = PARTICIPATION.exec(text);
  if (participation) parsed.participation = { percent: participation[1], count: participation[2] ? Number(participation[2]) : 1, points: participation[3] };
  const contribution = CONTRIBUTION.exec(text);
  if (contribution) parsed.contribution = { percent: contribution[1], share: contribution[2], points: contribution[3] };
  const bonus = BONUS.exec(text);
  if (bonus) parsed.bonus = { percent: bonus[1], points: bonus[2] };
  return parsed;
}

/** The calculation (base × multipliers) and the part of it this entry is, in plain words; empty when the text is not understood. */
function explainText(t: Translate, text: string): string[] {
  const parsed = parseExplanation(text);
  const lines: string[] = [];
  if (parsed.reversal) {
    lines.push(t('insights.explain.reversal', { part: labelOf(t, 'insights.part', parsed.reversal.part), points: parsed.reversal.points }));
    if (parsed.reversal.reason) lines.push(t('insights.explain.reversalReason', { reason: parsed.reversal.reason }));
    const original = explainText(t, parsed.reversal.original);
    lines.push(t('insights.explain.original', { text: original.length ? original.join('；') : parsed.reversal.original }));
    return lines;
  }
  if (parsed.record) {
    const r = parsed.record;
    lines.push(
      t('insights.explain.record', {
        base: r.base,
        impact: labelOf(t, 'insights.impact', r.impact),
        impactMultiplier: r.impactMultiplier,
        rating: labelOf(t, 'insights.rating', r.rating),
        ratingMultiplier: r.ratingMultiplier,
        total: r.total,
      }),
    );
  }
  if (parsed.task) {
    const k = parsed.task;
    const flags = k.flagMultiplier
      ? t('insights.explain.flags', { multiplier: k.flagMultiplier, flags: [...(k.flags ?? '')].map((f) => labelOf(t, 'insights.flag', FLAG_CODES[f] ?? f)).join('、') })
      : '';
    lines.push(t('insights.explain.task', { reward: k.reward, flags, verdict: labelOf(t, 'insights.verdict', k.verdict), verdictMultiplier: k.verdictMultiplier, total: k.total }));
  }
  if (parsed.participation) {
    const p = parsed.participation;
    lines.push(p.count <= 1 ? t('insights.explain.participationSole', { percent: p.percent, points: p.points }) : t('insights.explain.participationSplit', { percent: p.percent, count: p.count, points: p.points }));
  }
  if (parsed.contribution) lines.push(t('insights.explain.contribution', { ...parsed.contribution }));
  if (parsed.bonus) lines.push(t('insights.explain.bonus', { ...parsed.bonus }));
  return lines;
}

/**
 * An entry of the ledger explained in plain words: how the source's points were computed, which part of them
 * the cadre got, and whether the yearly cap cut it. Falls back to the part and points when the scoring
 * service's text has a form this console does not know (the text itself is always shown next to it).
 */
/** What an entry counts towards the score, in points (`counted` is in hundredths, like `hundredths`). */
export function countedPoints(entry: Pick<LedgerEntryView, 'points' | 'counted'>): number {
  return entry.counted === undefined ? entry.points : entry.counted / 100;
}

/** Whether the text has the older, partly English wording this console takes apart (entries the service wrote before #20). */
export function isOlderExplanation(text: string): boolean {
  return Object.keys(parseExplanation(text)).length > 0;
}

export function explainEntry(t: Translate, entry: Pick<LedgerEntryView, 'part' | 'points' | 'counted' | 'explanation' | 'standardVersion'>): string[] {
  const text = entry.explanation ?? '';
  // The service's Chinese sentence is shown as it is (one line); the older wording is taken apart here.
  const lines = isOlderExplanation(text) ? explainText(t, text) : text.trim() ? [text.trim()] : [];
  if (lines.length === 0) lines.push(t('insights.explain.fallback', { part: labelOf(t, 'insights.part', entry.part), points: formatPoints(entry.points) }));
  if (Math.abs(countedPoints(entry) - entry.points) > 0.0001) {
    lines.push(t('insights.explain.capped', { counted: formatPoints(countedPoints(entry)), points: formatPoints(entry.points) }));
  }
  lines.push(t('insights.explain.standard', { version: entry.standardVersion }));
  return lines;
}

/** Names of taxonomy items by code (first and second level), with the tasks' pseudo-item. */
export function itemName(names: Map<string, string>, t: Translate, code: string | undefined | null): string {
  if (!code) return '—';
  if (code === 'TASK') return t('insights.item.TASK');
  // The name alone where one is known: people read names, never codes (the code only when the taxonomy lacks it).
  return names.get(code) ?? code;
}

/** `{ A: 3, B: 1 }` → `[['A', 3], ['B', 1]]`, largest first. */
export function sortedEntries(map: Record<string, number> | undefined): [string, number][] {
  return Object.entries(map ?? {}).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export interface TreeNode {
  title: string;
  value: string;
  key: string;
  children: TreeNode[];
}

/** The department list (each with `parentId`) as a tree for TreeSelect; orphans become roots. */
export function departmentTree(items: { id: string; name: string; parentId: string | null }[]): TreeNode[] {
  const nodes = new Map(items.map((d) => [d.id, { title: d.name, value: d.id, key: d.id, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const d of items) {
    const node = nodes.get(d.id);
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    if (!node) continue;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
