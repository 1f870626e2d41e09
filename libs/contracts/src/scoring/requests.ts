import { z } from 'zod';
import { exportCursor, listFormat } from '../export';
import { RANK_LEVELS, type RankLevel } from '../caller';
import { pageQuery } from '../directory/requests';

/**
 * Queries of docs/API.md "Scoring" and the period rules they rely on.
 *
 * Periods (docs/DOMAIN.md §3 "by period (calendar year; rolling 3 years)"):
 * - `YYYY` (2000–2099): one calendar year.
 * - `rolling3`: the current calendar year and the two before it (in 2026: 2024, 2025 and 2026), whole years.
 * - Omitted: the current calendar year.
 *
 * Calendar years are those of the platform's users, China Standard Time (UTC+8, no daylight saving): a record
 * verified at 2026-12-31T17:00:00Z (01:00 on 1 January in Haikou) counts for 2027. Every year the platform
 * derives from a date-time goes through `scoringYearOf`, so the ledger, the queries and the rankings agree.
 */

/** China Standard Time: the calendar year of a ledger entry and of "the current year" is taken at UTC+8. */
export const SCORING_UTC_OFFSET_MINUTES = 8 * 60;
export const ROLLING_PERIOD = 'rolling3';
/** How many calendar years `rolling3` covers, the current one included. */
export const ROLLING_YEARS = 3;

/** The calendar year (`YYYY`, UTC+8) of an ISO 8601 date-time or date; throws on anything unparsable. */
export function scoringYearOf(at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a date-time: ${String(at)}`);
  return String(new Date(ms + SCORING_UTC_OFFSET_MINUTES * 60_000).getUTCFullYear());
}

/** The current calendar year (`YYYY`, UTC+8). */
export function currentScoringYear(now: Date = new Date()): string {
  return scoringYearOf(now);
}

/** The calendar years a period covers, oldest first: `'2026'` → `['2026']`; `rolling3` in 2026 → `['2024', '2025', '2026']`. */
export function periodYears(period: string, now: Date = new Date()): string[] {
  if (period === ROLLING_PERIOD) {
    const year = Number(currentScoringYear(now));
    return Array.from({ length: ROLLING_YEARS }, (_, i) => String(year - (ROLLING_YEARS - 1) + i));
  }
  if (!/^\d{4}$/.test(period)) throw new RangeError(`not a period: ${period}`);
  return [period];
}

export const scorePeriod = z.string().regex(/^(20\d{2}|rolling3)$/, 'must be a year (YYYY, 2000–2099) or rolling3');

/** `GET /scores/:cadreId?period=`; the period defaults to the current year. */
export const scoreQuery = z.strictObject({
  period: scorePeriod.default(() => currentScoringYear()),
});

/** Ranking scopes: everybody, a department subtree, or one rank level (职级). */
export type RankingScope = { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'rank'; rankLevel: RankLevel };

const scopePattern = new RegExp(`^(all|department:[A-Za-z0-9_-]{1,64}|rank:(${RANK_LEVELS.join('|')}))$`);
export const rankingScope = z.string().regex(scopePattern, `must be all, department:<id> or rank:<${RANK_LEVELS.join('|')}>`);

/** The structured form of a scope string the schema accepted (`department:d-1` → `{ kind: 'department', departmentId: 'd-1' }`). */
export function parseRankingScope(scope: string): RankingScope {
  if (!scopePattern.test(scope)) throw new RangeError(`not a ranking scope: ${scope}`);
  if (scope === 'all') return { kind: 'all' };
  const [kind, value] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  return kind === 'department' ? { kind: 'department', departmentId: value } : { kind: 'rank', rankLevel: value as RankLevel };
}

/** `GET /rankings?period=&scope=&q=&page=&pageSize=&format=`: `q` finds people by name or pinyin initials (a blank `q` is none). */
export const rankingQuery = pageQuery.extend({
  period: scorePeriod.default(() => currentScoringYear()),
  scope: rankingScope.default('all'),
  q: z.string().trim().max(50, 'must be at most 50 characters').optional(),
  format: listFormat,
  cursor: exportCursor,
});

export type RankingQuery = z.infer<typeof rankingQuery>;
