import { RANK_LEVEL_LABELS, beijingDateTime, labelOf, type ExportPage, type RankingItemView } from '@cadre/contracts';
import { exportPage, toCsv, type CsvColumn } from '@cadre/platform';

/** A change of rank in words: 上升 2, 下降 1, 持平, 新上榜. */
export function changeLabel(change: number | null): string {
  if (change === null) return '新上榜';
  if (change > 0) return `上升 ${change}`;
  if (change < 0) return `下降 ${-change}`;
  return '持平';
}

function columns(calculatedAt: string): CsvColumn<RankingItemView>[] {
  const at = beijingDateTime(calculatedAt);
  return [
    ['名次', (r) => r.rank],
    ['姓名', (r) => r.name],
    ['单位', (r) => r.departmentName ?? ''],
    ['职级', (r) => labelOf(RANK_LEVEL_LABELS, r.rankLevel)],
    ['积分', (r) => Math.round(r.points * 100) / 100],
    ['百分位', (r) => r.percentile],
    ['名次变化', (r) => changeLabel(r.change)],
    ['计算时间', () => at],
    ['编号', (r) => r.cadreId],
  ];
}

/**
 * A ranking as a spreadsheet (UTF-8 with a BOM): Chinese headers, names of cadres and departments, rank levels and
 * changes in words, the calculation's time in Beijing time (`YYYY-MM-DD HH:mm`); the cadre's id last, as 编号, for machines.
 */
export function rankingsCsv(items: RankingItemView[], calculatedAt = ''): string {
  return toCsv(columns(calculatedAt), items);
}

/** A page of a ranking's export: the same columns as `rankingsCsv`. */
export function rankingsExportPage(items: RankingItemView[], calculatedAt: string, filename: string, next: string | null): ExportPage {
  return exportPage(columns(calculatedAt), items, filename, next);
}

/** `rankings-<period>-<scope>.csv`, the scope's punctuation replaced. */
export function rankingsFilename(period: string, scope: string): string {
  return `rankings-${period}-${scope.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
}
