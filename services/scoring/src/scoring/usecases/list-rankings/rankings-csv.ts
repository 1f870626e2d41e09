import type { RankingItemView } from '@cadre/contracts';
import { toCsv, type CsvColumn } from '@cadre/platform';

const RANK_LEVEL: Record<string, string> = { division: '处级', section: '科级', staff: '科员' };
const CSV_COLUMNS: CsvColumn<RankingItemView>[] = [
  ['名次', (r) => r.rank],
  ['干部编号', (r) => r.cadreId],
  ['姓名', (r) => r.name],
  ['单位编号', (r) => r.departmentId],
  ['职级', (r) => RANK_LEVEL[r.rankLevel] ?? r.rankLevel],
  ['积分', (r) => r.points.toFixed(2)],
  ['百分位', (r) => r.percentile],
  ['名次变化', (r) => (r.change === null ? '新上榜' : r.change)],
];

/** A ranking as a spreadsheet (UTF-8 with a BOM, Chinese headers). */
export function rankingsCsv(items: RankingItemView[]): string {
  return toCsv(CSV_COLUMNS, items);
}

/** `rankings-<period>-<scope>.csv`, the scope's punctuation replaced. */
export function rankingsFilename(period: string, scope: string): string {
  return `rankings-${period}-${scope.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
}
