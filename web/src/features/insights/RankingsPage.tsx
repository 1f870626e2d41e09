import { useState } from 'react';
import { Alert, Card, Form, Input, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { RankingItemView, RankingView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDepartments } from './data';
import { cadrePath, changeText, currentYear, exportName, formatDateTime, formatPoints, labelOf, mayOpenCadre, rankingScope, type ScopeChoice } from './format';
import { DepartmentSelect, PeriodSelect, RankLevelSelect } from './parts';
import { useApiQuery } from '../../api/useApiQuery';
import { byNumber, useTableSort } from './sorting';

const RANKING_ORDER = { rank: byNumber((r: RankingItemView) => r.rank), points: byNumber((r: RankingItemView) => r.points), change: byNumber((r: RankingItemView) => r.change) };

/** 积分排名: the published rankings by period and scope, paged by the server, exportable. */
export function RankingsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const departments = useDepartments();
  const [period, setPeriod] = useState(currentYear());
  const [choice, setChoice] = useState<ScopeChoice>({ kind: 'all' });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const sort = useTableSort(RANKING_ORDER);
  const scope = rankingScope(choice);
  const rankings = useApiQuery(scope ? () => api.get<RankingView>('/rankings', { period, scope, page, pageSize, q: q || undefined }) : null, [period, scope, page, pageSize, q]);
  const data = rankings.data;

  const setScopeKind = (kind: ScopeChoice['kind']) => {
    setChoice(kind === 'all' ? { kind } : kind === 'department' ? { kind, departmentId: user?.departmentId } : { kind, rankLevel: user?.rankLevel || 'section' });
    setPage(1);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('insights.rankings.title')}
      </Typography.Title>
      <Form layout="inline" style={{ rowGap: 8 }}>
        <PeriodSelect id="rankings-period" value={period} onChange={(next) => (setPeriod(next), setPage(1))} rolling />
        <Form.Item label={t('insights.rankings.scope')} htmlFor="rankings-scope">
          <Select
            id="rankings-scope"
            value={choice.kind}
            onChange={setScopeKind}
            style={{ minWidth: 120 }}
            options={(['all', 'department', 'rank'] as const).map((kind) => ({ value: kind, label: t(`insights.rankings.scope.${kind}`) }))}
          />
        </Form.Item>
        {choice.kind === 'department' && (
          <DepartmentSelect
            id="rankings-department"
            value={choice.departmentId}
            onChange={(departmentId) => (setChoice({ kind: 'department', departmentId }), setPage(1))}
            tree={departments.tree}
            allowClear={false}
            placeholder={t('insights.rankings.pickDepartment')}
          />
        )}
        {choice.kind === 'rank' && <RankLevelSelect id="rankings-rank" value={choice.rankLevel} allowAny={false} onChange={(rankLevel) => (setChoice({ kind: 'rank', rankLevel }), setPage(1))} />}
        <Form.Item label={t('insights.rankings.search')} htmlFor="rankings-q">
          <Input.Search
            id="rankings-q"
            allowClear
            maxLength={50}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder={t('insights.rankings.searchPlaceholder')}
            onSearch={(value) => (setQ(value.trim()), setPage(1))}
            style={{ width: 200, maxWidth: '100%' }}
          />
        </Form.Item>
        <Form.Item>
          <ExportButton
            path="/rankings"
            query={{ period, scope, q: q || undefined }}
            name={exportName('积分排名', {
              period,
              departmentName: choice.kind === 'department' ? departments.items.find((d) => d.id === choice.departmentId)?.name : undefined,
              rankLevel: choice.kind === 'rank' ? choice.rankLevel : undefined,
            })}
            disabled={!scope || !data?.total}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={rankings.error} />
      {data && (data.calculatedAt ? (
        <Typography.Text type="secondary">{t('insights.rankings.calculatedAt', { at: formatDateTime(data.calculatedAt), version: data.standardVersion })}</Typography.Text>
      ) : (
        <Alert type="info" showIcon title={t('insights.rankings.notCalculated')} />
      ))}
      <Card>
        <ResponsiveTable<RankingItemView>
          data-testid="rankings-table"
          rowKey="cadreId"
          loading={rankings.loading}
          dataSource={rankings.error ? [] : sort.rows(data?.items ?? [])}
          scroll={{ x: true }}
          locale={{ emptyText: q ? t('insights.rankings.noMatch', { q }) : t('insights.rankings.empty') }}
          cardTitleKeys={['rank', 'name']}
          onChange={sort.onChange}
          rowClassName={(row) => (row.cadreId === user?.id ? 'ant-table-row-selected' : '')}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            onChange: (next, size) => {
              setPage(size !== pageSize ? 1 : next);
              setPageSize(size);
            },
          }}
          columns={[
            { title: t('insights.rankings.rank'), dataIndex: 'rank', width: 88, ...sort.column('rank'), render: (rank: number) => t('insights.rankings.rankValue', { rank }) },
            { title: t('insights.rankings.name'), key: 'name', dataIndex: 'name', render: (name: string, row) => (mayOpenCadre(user, row.cadreId) ? <Link to={cadrePath(row.cadreId)}>{name}</Link> : name) },
            { title: t('insights.department'), key: 'department', render: (_, row) => row.departmentName || '—' },
            { title: t('insights.rankLevel'), dataIndex: 'rankLevel', render: (level: string) => labelOf(t, 'insights.rankLevel', level) },
            { title: t('insights.points'), dataIndex: 'points', align: 'right', ...sort.column('points'), render: (points: number) => formatPoints(points) },
            { title: t('insights.rankings.percentile'), dataIndex: 'percentile', render: (value: number) => t('insights.rankings.percentileValue', { value }) },
            {
              title: t('insights.rankings.change'),
              dataIndex: 'change',
              ...sort.column('change'),
              render: (change: number | null) => (
                <span style={{ color: change && change > 0 ? '#389e0d' : change && change < 0 ? '#cf1322' : undefined }}>
                  {change !== null && change > 0 && <ArrowUpOutlined />} {change !== null && change < 0 && <ArrowDownOutlined />} {changeText(t, change)}
                </span>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
