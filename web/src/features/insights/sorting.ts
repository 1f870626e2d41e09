import { useState } from 'react';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';

export interface SortState {
  key: string;
  order: 'ascend' | 'descend';
}

export type Comparators<T> = Record<string, (a: T, b: T) => number>;

/** The rows in the chosen order (a stable sort; unchanged without a choice or for a key with no comparator). */
export function sortRows<T>(rows: readonly T[], state: SortState | null, compare: Comparators<T>): T[] {
  const by = state && compare[state.key];
  if (!state || !by) return [...rows];
  const sign = state.order === 'ascend' ? 1 : -1;
  return rows.map((row, index) => ({ row, index })).sort((a, b) => sign * by(a.row, b.row) || a.index - b.index).map((entry) => entry.row);
}

/** By a number; a missing one (a new entry's change) sorts as the smallest. */
export const byNumber =
  <T,>(value: (row: T) => number | null | undefined) =>
  (a: T, b: T): number =>
    (value(a) ?? Number.NEGATIVE_INFINITY) - (value(b) ?? Number.NEGATIVE_INFINITY);

const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin');
export const byText =
  <T,>(value: (row: T) => string | null | undefined) =>
  (a: T, b: T): number =>
    collator.compare(value(a) ?? '', value(b) ?? '');

/**
 * Sorting of the rows a table shows, done here (the columns say `sorter: true`, so antd and ResponsiveTable's phone
 * picker only report the choice): `column(key)` goes into a column, `onChange` into the table, `rows` sorts.
 */
export function useTableSort<T>(compare: Comparators<T>) {
  const [state, setState] = useState<SortState | null>(null);
  return {
    state,
    rows: (rows: readonly T[]) => sortRows(rows, state, compare),
    column: (key: string) => ({ key, sorter: true, sortOrder: (state?.key === key ? state.order : null) as SortOrder, sortDirections: ['descend', 'ascend'] as SortOrder[] }),
    onChange: (_pagination: unknown, _filters: unknown, sorter: SorterResult<T> | SorterResult<T>[]) => {
      const chosen = Array.isArray(sorter) ? sorter[0] : sorter;
      setState(chosen?.order && chosen.columnKey !== undefined ? { key: String(chosen.columnKey), order: chosen.order } : null);
    },
  };
}
