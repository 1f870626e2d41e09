import { useState } from 'react';
import { Card, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { OutcomeView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useDepartments } from '../insights/data';
import { selectionApi, type OutcomeFilters } from './api';
import { OUTCOME_KIND_LIST, periodChoices, pointsText } from './rules';
import { Stack, formatTime, useLabels, usePhone } from './shared';
import { ResponsiveTable } from '../../components/ResponsiveTable';

const roundLink = (o: OutcomeView) => `/selection/rounds/${encodeURIComponent(o.roundId)}`;

function Points({ outcome }: { outcome: OutcomeView }) {
  const { t } = useLabels();
  return (
    <Space size={4}>
      {pointsText(outcome.points)}
      {outcome.topDecile && <Tag color="gold">{t('selection.topDecile')}</Tag>}
    </Space>
  );
}

/** 选任结果: the outcomes of concluded rounds (year, department, kind filters) exported as CSV or Excel. */
export function OutcomesPage() {
  const { t, outcomeKind } = useLabels();
  const phone = usePhone();
  const departments = useDepartments();
  const [filters, setFilters] = useState<OutcomeFilters>({});
  const outcomes = useApiQuery(() => selectionApi.outcomes(filters), [filters.period, filters.departmentId, filters.kind]);
  const items = outcomes.data?.items ?? [];
  const set = (next: Partial<OutcomeFilters>) => setFilters((f) => ({ ...f, ...next }));

  return (
    <Card title={t('selection.outcomes.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            aria-label={t('selection.field.period')}
            allowClear
            placeholder={t('selection.filterPeriod')}
            style={{ width: 120 }}
            value={filters.period}
            options={periodChoices().map((y) => ({ value: y, label: t('selection.yearSuffix', { year: y }) }))}
            onChange={(period?: string) => set({ period })}
          />
          <TreeSelect
            aria-label={t('selection.field.department')}
            allowClear
            placeholder={t('selection.filterDepartment')}
            style={{ width: 200 }}
            treeData={departments.tree}
            showSearch
            treeNodeFilterProp="title"
            value={filters.departmentId}
            onChange={(departmentId?: string) => set({ departmentId })}
          />
          <Select
            aria-label={t('selection.field.kind')}
            allowClear
            placeholder={t('selection.filterKind')}
            style={{ width: 140 }}
            value={filters.kind}
            options={OUTCOME_KIND_LIST.map((k) => ({ value: k, label: outcomeKind(k) }))}
            onChange={(kind?: string) => set({ kind })}
          />
          <ExportButton path="/selection/outcomes" query={{ ...filters }} name="选任结果" />
        </Space>
        <ProblemAlert error={outcomes.error} />
        {phone ? (
          <Stack<OutcomeView>
            loading={outcomes.loading}
            items={items}
            empty={t('selection.outcomes.empty')}
            render={(o) => (
              <Card size="small" data-testid="outcome-card">
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{o.name}</Typography.Text>
                    <Tag color="green">{o.kindLabel}</Tag>
                  </Space>
                  <span>
                    {o.position} · {o.departmentName}
                  </span>
                  <Link to={roundLink(o)}>{o.roundName}</Link>
                  <Typography.Text type="secondary">
                    {t('selection.field.points')} <Points outcome={o} /> · {formatTime(o.concludedAt, true)}
                  </Typography.Text>
                </Space>
              </Card>
            )}
          />
        ) : (
          <ResponsiveTable<OutcomeView>
            rowKey={(o) => `${o.roundId}:${o.candidateId}`}
            loading={outcomes.loading}
            dataSource={items}
            scroll={{ x: true }}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            locale={{ emptyText: t('selection.outcomes.empty') }}
            columns={[
              { title: t('selection.field.person'), key: 'name', render: (_, o) => <Typography.Text strong>{o.name}</Typography.Text> },
              { title: t('selection.field.department'), key: 'department', dataIndex: 'departmentName' },
              { title: t('selection.field.kind'), key: 'kind', render: (_, o) => <Tag color="green">{o.kindLabel}</Tag> },
              { title: t('selection.field.position'), key: 'position', dataIndex: 'position' },
              { title: t('selection.field.round'), key: 'round', render: (_, o) => <Link to={roundLink(o)}>{o.roundName}</Link> },
              { title: t('selection.field.points'), key: 'points', render: (_, o) => <Points outcome={o} /> },
              { title: t('selection.field.openedAt'), key: 'openedAt', render: (_, o) => formatTime(o.openedAt, true) },
              { title: t('selection.field.decidedAt'), key: 'decidedAt', render: (_, o) => formatTime(o.decidedAt, true) },
              { title: t('selection.field.concludedAt'), key: 'concludedAt', render: (_, o) => formatTime(o.concludedAt, true) },
              { title: t('selection.field.decidedBy'), key: 'decidedBy', render: (_, o) => o.decidedBy.name },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}
