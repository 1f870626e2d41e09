import type { Key, ReactNode } from 'react';
import { Card, Checkbox, Empty, Grid, Pagination, Select, Space, Spin, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { ColumnType, SorterResult, TablePaginationConfig } from 'antd/es/table/interface';

/** Under this width (antd's `sm` breakpoint, 576 px) a list is a column of cards: a table would squeeze to one character a line. */
export const PHONE_MAX_WIDTH = 575;

/** True on a phone-sized screen (narrower than 576 px). */
export function useIsPhone(): boolean {
  // `xs` is the max-width query, true only when a phone-sized screen is measured: before the first measurement (every
  // breakpoint undefined) and where no media query matches (jsdom's default in tests) a list stays a table.
  return Grid.useBreakpoint().xs === true;
}

type Column<T> = ColumnType<T> & { dataIndex?: string | number | readonly (string | number)[] };

function cellValue<T>(record: T, dataIndex: Column<T>['dataIndex']): unknown {
  if (dataIndex === undefined) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let value: unknown = record;
  for (const part of path) value = value === null || value === undefined ? undefined : (value as Record<string | number, unknown>)[part as string | number];
  return value;
}

function renderCell<T>(column: Column<T>, record: T, index: number): ReactNode {
  const value = cellValue(record, column.dataIndex);
  if (column.render) return column.render(value, record, index) as ReactNode;
  return value === null || value === undefined || value === '' ? '—' : (value as ReactNode);
}

function titleOf<T>(column: Column<T>): ReactNode {
  return typeof column.title === 'function' ? null : (column.title as ReactNode);
}

const keyOf = <T,>(column: Column<T>, index: number): string => String(column.key ?? (Array.isArray(column.dataIndex) ? column.dataIndex.join('.') : column.dataIndex) ?? index);

function rowKeyOf<T>(rowKey: TableProps<T>['rowKey'], record: T, index: number): Key {
  if (typeof rowKey === 'function') return rowKey(record, index) as Key;
  if (typeof rowKey === 'string') return (record as Record<string, Key>)[rowKey];
  return (record as { key?: Key }).key ?? index;
}

export interface ResponsiveTableProps<T> extends TableProps<T> {
  /** The column keys shown in a card's title line (default: the first column). */
  cardTitleKeys?: string[];
  /** The column key whose cell becomes the card's footer of buttons (default: `actions`). */
  cardActionsKey?: string;
}

/**
 * A list that is a table on a desktop and a column of cards on a phone (under 576 px): each card shows the row's
 * first column as its title, every other column as "label: value", and the `actions` column at its foot. It takes
 * antd Table's props (columns, dataSource, rowKey, pagination, onChange, rowSelection, loading, locale) so a page
 * swaps `Table` for it and nothing else; sorting on a phone is a picker of the sortable columns.
 */
export function ResponsiveTable<T extends object>(props: ResponsiveTableProps<T>) {
  const phone = useIsPhone();
  if (!phone) {
    // The card-only props are not Table's (antd would pass them on to the DOM).
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { cardTitleKeys, cardActionsKey, ...tableProps } = props;
    return <Table<T> {...tableProps} />;
  }
  return <CardList<T> {...props} />;
}

function CardList<T extends object>({ columns = [], dataSource = [], rowKey, pagination, onChange, rowSelection, loading, locale, cardTitleKeys, cardActionsKey = 'actions', rowClassName, onRow, ...rest }: ResponsiveTableProps<T>) {
  // A column the table would hide on a phone (`responsive` without 'xs') is left out of the cards too.
  const flat = (columns as Column<T>[]).filter((column) => !('children' in column && column.children) && (!column.responsive || column.responsive.includes('xs')));
  const keyed = flat.map((column, index) => ({ column, key: keyOf(column, index) }));
  const titleKeys = new Set(cardTitleKeys ?? (keyed[0] ? [keyed[0].key] : []));
  const titleColumns = keyed.filter(({ key }) => titleKeys.has(key));
  const actionColumn = keyed.find(({ key }) => key === cardActionsKey);
  const bodyColumns = keyed.filter(({ key }) => !titleKeys.has(key) && key !== cardActionsKey);
  const sortable = keyed.filter(({ column }) => column.sorter);
  const current = sortable.find(({ column }) => column.sortOrder);
  const pager = pagination === false ? null : (pagination ?? {});
  const emit = (nextPagination: TablePaginationConfig, sorter: SorterResult<T>) =>
    onChange?.(nextPagination, {}, sorter, { action: sorter.order !== undefined ? 'sort' : 'paginate', currentDataSource: [...dataSource] });
  const selected = new Set(rowSelection?.selectedRowKeys ?? []);
  const testId = (rest as Record<string, unknown>)['data-testid'] as string | undefined;

  return (
    <div data-testid={testId} className="responsive-cards">
      {sortable.length > 0 && (
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text type="secondary">排序</Typography.Text>
          <Select
            size="small"
            style={{ minWidth: 160 }}
            aria-label="排序"
            value={current ? `${current.key}:${current.column.sortOrder}` : undefined}
            placeholder="默认顺序"
            allowClear
            options={sortable.flatMap(({ column, key }) => [
              { value: `${key}:ascend`, label: <>{titleOf(column)} ↑</> },
              { value: `${key}:descend`, label: <>{titleOf(column)} ↓</> },
            ])}
            onChange={(value?: string) => {
              const [key, order] = value ? value.split(':') : [undefined, undefined];
              const column = sortable.find((entry) => entry.key === key)?.column;
              emit({ current: 1, pageSize: pager?.pageSize }, { column, columnKey: key, order: order as SorterResult<T>['order'] });
            }}
          />
        </Space>
      )}
      <Spin spinning={Boolean(typeof loading === 'object' ? loading.spinning : loading)}>
        {dataSource.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={(locale?.emptyText as ReactNode) ?? undefined} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }} size={8}>
            {dataSource.map((record, index) => {
              const key = rowKeyOf(rowKey, record, index);
              const className = typeof rowClassName === 'function' ? rowClassName(record, index, 0) : rowClassName;
              // What the table would put on the row (a colour, data-* marks, a click) goes on the card.
              const { className: rowPropsClassName, ...rowProps } = onRow?.(record, index) ?? {};
              return (
                <Card
                  {...(rowProps as Record<string, unknown>)}
                  key={key}
                  size="small"
                  className={[className, rowPropsClassName].filter(Boolean).join(' ') || undefined}
                  data-row-key={String(key)}
                  title={
                    <Space align="start" style={{ whiteSpace: 'normal' }}>
                      {rowSelection && (
                        <Checkbox
                          aria-label="选择"
                          checked={selected.has(key)}
                          disabled={rowSelection.getCheckboxProps?.(record)?.disabled}
                          onChange={(event) => {
                            const keys = event.target.checked ? [...selected, key] : [...selected].filter((k) => k !== key);
                            const rows = dataSource.filter((row, i) => keys.includes(rowKeyOf(rowKey, row, i)));
                            rowSelection.onChange?.(keys, rows, { type: 'multiple' });
                          }}
                        />
                      )}
                      <span>
                        {titleColumns.map(({ column, key: columnKey }) => (
                          <span key={columnKey} style={{ marginRight: 8 }}>
                            {renderCell(column, record, index)}
                          </span>
                        ))}
                      </span>
                    </Space>
                  }
                  actions={actionColumn ? [<div key="actions" style={{ padding: '0 8px', textAlign: 'left' }}>{renderCell(actionColumn.column, record, index)}</div>] : undefined}
                >
                  <dl className="responsive-card-fields">
                    {bodyColumns.map(({ column, key: columnKey }) => (
                      <div key={columnKey} className="responsive-card-field">
                        <dt>{titleOf(column)}</dt>
                        <dd>{renderCell(column, record, index)}</dd>
                      </div>
                    ))}
                  </dl>
                </Card>
              );
            })}
          </Space>
        )}
      </Spin>
      {pager && (pager.total ?? dataSource.length) > (pager.pageSize ?? 10) && (
        <Pagination
          style={{ marginTop: 12, textAlign: 'center' }}
          simple
          current={pager.current}
          pageSize={pager.pageSize}
          total={pager.total}
          showTotal={pager.showTotal}
          onChange={(page, pageSize) => {
            pager.onChange?.(page, pageSize);
            emit({ current: page, pageSize, total: pager.total }, { column: current?.column, columnKey: current?.key, order: current?.column.sortOrder ?? undefined });
          }}
        />
      )}
    </div>
  );
}
