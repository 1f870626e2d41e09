import type { ReactNode } from 'react';
import { Form, Select, TreeSelect, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { periodLabel, RANK_LEVELS, scorePeriodOptions, yearOptions, type TreeNode } from './format';

/** The period selector: calendar years, and the rolling three years where the API takes it. */
export function PeriodSelect({ id, value, onChange, rolling = false }: { id: string; value: string; onChange(value: string): void; rolling?: boolean }) {
  const { t } = useI18n();
  const options = (rolling ? scorePeriodOptions() : yearOptions()).map((period) => ({ value: period, label: periodLabel(t, period) }));
  return (
    <Form.Item label={t('insights.period')} htmlFor={id}>
      <Select id={id} value={value} onChange={onChange} options={options} style={{ minWidth: 140 }} />
    </Form.Item>
  );
}

export function DepartmentSelect({ id, value, onChange, tree, label, allowClear = true, placeholder }: { id: string; value?: string; onChange(value: string | undefined): void; tree: TreeNode[]; label?: string; allowClear?: boolean; placeholder?: string }) {
  const { t } = useI18n();
  return (
    <Form.Item label={label ?? t('insights.department')} htmlFor={id}>
      <TreeSelect
        id={id}
        value={value}
        onChange={(next) => onChange(next ?? undefined)}
        treeData={tree}
        allowClear={allowClear}
        showSearch={{ treeNodeFilterProp: 'title' }}
        treeDefaultExpandAll
        placeholder={placeholder ?? t('insights.department.all')}
        style={{ minWidth: 200, maxWidth: 320 }}
      />
    </Form.Item>
  );
}

export function RankLevelSelect({ id, value, onChange, allowAny = true }: { id: string; value?: string; onChange(value: string | undefined): void; allowAny?: boolean }) {
  const { t } = useI18n();
  return (
    <Form.Item label={t('insights.rankLevel')} htmlFor={id}>
      <Select
        id={id}
        value={value ?? (allowAny ? '' : undefined)}
        onChange={(next: string) => onChange(next || undefined)}
        options={[...(allowAny ? [{ value: '', label: t('insights.rankLevel.any') }] : []), ...RANK_LEVELS.map((level) => ({ value: level, label: t(`insights.rankLevel.${level}`) }))]}
        style={{ minWidth: 120 }}
      />
    </Form.Item>
  );
}

/** A plain list (what each item is, and a figure on the right), or a line saying it is empty. */
export function SimpleList<T>({ items, keyOf, render, extra, empty, testId }: { items: T[]; keyOf(item: T): string; render(item: T): ReactNode; extra?(item: T): ReactNode; empty: string; testId?: string }) {
  if (items.length === 0)
    return (
      <div data-testid={testId} style={{ padding: '8px 0' }}>
        <Typography.Text type="secondary">{empty}</Typography.Text>
      </div>
    );
  return (
    <ul data-testid={testId} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((item) => (
        <li key={keyOf(item)} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0', display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
          <div style={{ minWidth: 0 }}>{render(item)}</div>
          {extra && <div>{extra(item)}</div>}
        </li>
      ))}
    </ul>
  );
}
