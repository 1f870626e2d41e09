import { useMemo, useState } from 'react';
import { Alert, Card, Col, Form, Row, Space, Spin, Statistic, Tabs, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import type { AnalyticsAppraisalView, AnalyticsSelectionView, DepartmentRowView, DepartmentsView, OverviewView } from '@cadre/contracts';
import { AppraisalAnalytics } from './AppraisalAnalytics';
import { SelectionAnalytics } from './SelectionAnalytics';
import { api, ApiError } from '../../api/client';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Chart, type ChartOption } from './Chart';
import { useDepartments, useItemNames } from './data';
import { currentYear, exportName, formatDateTime, formatMinutes, formatPoints, formatShare, itemName, labelOf, sortedEntries, type Translate } from './format';
import { DepartmentSelect, PeriodSelect } from './parts';
import { useApiQuery } from '../../api/useApiQuery';

const bar = (labels: string[], values: number[], name: string, horizontal = false): ChartOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: horizontal ? 120 : 40, right: 16, top: 16, bottom: horizontal ? 24 : 60, containLabel: false },
  xAxis: horizontal ? { type: 'value' } : { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 40 : 0, interval: 0 } },
  yAxis: horizontal ? { type: 'category', data: labels, inverse: true } : { type: 'value' },
  series: [{ type: 'bar', name, data: values }],
});

const pie = (data: { name: string; value: number }[]): ChartOption => ({
  tooltip: { trigger: 'item' },
  legend: { bottom: 0, type: 'scroll' },
  series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}: {c}' } }],
});

/** The overview's charts as ECharts options (pure: labels come through `t` and the item names). */
export function overviewCharts(t: Translate, names: Map<string, string>, overview: OverviewView) {
  const byItem = sortedEntries(overview.records.byItem);
  const months = [...new Set([...Object.keys(overview.records.byMonth), ...Object.keys(overview.review.verifiedByMonth)])].sort();
  const departments = [...overview.records.byDepartment].sort((a, b) => b.total - a.total).slice(0, 20);
  return {
    byItem: bar(byItem.map(([code]) => names.get(code) ?? code), byItem.map(([, n]) => n), t('insights.analytics.count'), true),
    byStatus: pie(sortedEntries(overview.records.byStatus).map(([status, value]) => ({ name: labelOf(t, 'insights.recordStatus', status), value }))),
    byMonth: {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value' },
      series: [
        { type: 'line', name: t('insights.analytics.filed'), data: months.map((m) => overview.records.byMonth[m] ?? 0) },
        { type: 'line', name: t('insights.analytics.verifications'), data: months.map((m) => overview.review.verifiedByMonth[m] ?? 0) },
      ],
    } as ChartOption,
    byDepartment: {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 120, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: departments.map((d) => d.departmentName), inverse: true },
      series: [
        { type: 'bar', name: t('insights.analytics.filed'), data: departments.map((d) => d.total) },
        { type: 'bar', name: t('insights.analytics.verifications'), data: departments.map((d) => d.verified) },
      ],
    } as ChartOption,
    tasksByDomain: pie(sortedEntries(overview.tasks.byDomain).map(([domain, value]) => ({ name: labelOf(t, 'insights.domain', domain), value }))),
    tasksByStatus: bar(
      sortedEntries(overview.tasks.byStatus).map(([status]) => labelOf(t, 'insights.taskStatus', status)),
      sortedEntries(overview.tasks.byStatus).map(([, n]) => n),
      t('insights.analytics.count'),
    ),
    histogram: bar(
      overview.points.histogram.map((bin) => t('insights.analytics.bin', { from: bin.from, to: bin.to })),
      overview.points.histogram.map((bin) => bin.cadres),
      t('insights.analytics.cadres'),
    ),
  };
}

function ChartCard({ title, option, testId }: { title: string; option: ChartOption; testId: string }) {
  return (
    <Col xs={24} lg={12}>
      <Card title={title} size="small">
        <Chart option={option} label={title} testId={testId} />
      </Card>
    </Col>
  );
}

function Overview({ data }: { data: OverviewView }) {
  const { t } = useI18n();
  const names = useItemNames();
  const charts = useMemo(() => overviewCharts(t, names, data), [t, names, data]);
  const asOf = Object.values(data.asOf).filter((v): v is string => !!v).sort()[0];
  const figures: [string, string | number][] = [
    [t('insights.analytics.records'), data.records.total],
    [t('insights.analytics.verified'), data.review.verified],
    [t('insights.analytics.returned'), data.review.returned],
    [t('insights.analytics.rejected'), data.review.rejected],
    [t('insights.analytics.backlog'), data.review.backlog.count],
    [t('insights.analytics.oldest'), data.review.backlog.oldestAgeDays === null ? t('insights.duration.none') : t('insights.analytics.days', { n: data.review.backlog.oldestAgeDays })],
    [t('insights.analytics.medianReview'), formatMinutes(t, data.review.submissionToVerification.medianMinutes)],
    [t('insights.analytics.p90Review'), formatMinutes(t, data.review.submissionToVerification.p90Minutes)],
    [t('insights.analytics.tasksPublished'), data.tasks.published],
    [t('insights.analytics.claimed'), formatShare(data.tasks.shareClaimed)],
    [t('insights.analytics.concluded'), formatShare(data.tasks.shareConcluded)],
    [t('insights.analytics.cadres'), data.points.cadres],
    [t('insights.analytics.scored'), data.points.scored],
    [t('insights.analytics.averagePoints'), formatPoints(data.points.average)],
    [t('insights.analytics.overdue'), data.overdue?.total ?? 0],
  ];
  const kinds = (byKind: Record<string, number>) =>
    sortedEntries(byKind)
      .map(([kind, n]) => `${labelOf(t, 'insights.inboxKind', kind)} ${n}`)
      .join('、');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('insights.analytics.scope', { name: data.scope.departmentName })}
        {asOf ? ` · ${t('insights.analytics.asOf', { at: formatDateTime(asOf) })}` : ''}
      </Typography.Text>
      <Card size="small" data-testid="overview-figures">
        <Row gutter={[16, 16]}>
          {figures.map(([title, value]) => (
            <Col xs={12} sm={8} lg={6} xl={4} key={title}>
              <Statistic title={title} value={value} />
            </Col>
          ))}
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <ChartCard title={t('insights.analytics.byItem')} option={charts.byItem} testId="chart-by-item" />
        <ChartCard title={t('insights.analytics.byStatus')} option={charts.byStatus} testId="chart-by-status" />
        <ChartCard title={t('insights.analytics.byMonth')} option={charts.byMonth} testId="chart-by-month" />
        <ChartCard title={t('insights.analytics.byDepartment')} option={charts.byDepartment} testId="chart-by-department" />
        <ChartCard title={t('insights.analytics.tasksByDomain')} option={charts.tasksByDomain} testId="chart-tasks-domain" />
        <ChartCard title={t('insights.analytics.tasksByStatus')} option={charts.tasksByStatus} testId="chart-tasks-status" />
        <ChartCard title={t('insights.analytics.histogram')} option={charts.histogram} testId="chart-histogram" />
        <Col xs={24} lg={12}>
          <Card title={t('insights.analytics.overdueTitle')} size="small">
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('insights.analytics.overdueHint')}
              {data.overdue?.total ? ` ${kinds(data.overdue.byKind)}` : ''}
            </Typography.Paragraph>
            <ResponsiveTable
              data-testid="overview-overdue"
              size="small"
              rowKey="departmentId"
              pagination={false}
              scroll={{ x: true, y: 260 }}
              dataSource={data.overdue?.byDepartment ?? []}
              locale={{ emptyText: t('insights.analytics.overdueNone') }}
              columns={[
                { title: t('insights.analytics.overdueDepartment'), dataIndex: 'departmentName' },
                { title: t('insights.analytics.overdueTotal'), dataIndex: 'total', align: 'right' },
                { title: t('insights.analytics.overdueKinds'), key: 'kinds', render: (_, row) => kinds(row.byKind) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('insights.analytics.byItem')} size="small">
            <ResponsiveTable
              data-testid="overview-by-item"
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ x: true, y: 260 }}
              dataSource={sortedEntries(data.records.byItem).map(([code, count]) => ({ code, count }))}
              locale={{ emptyText: t('insights.empty') }}
              columns={[
                { title: t('insights.score.item'), dataIndex: 'code', render: (code: string) => itemName(names, t, code) },
                { title: t('insights.analytics.count'), dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

function Departments({ data }: { data: DepartmentsView }) {
  const { t } = useI18n();
  const both = (own: number | string, subtree: number | string) => (
    <span>
      {own}
      <Typography.Text type="secondary"> / {subtree}</Typography.Text>
    </span>
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {t('insights.analytics.scope', { name: data.scope.departmentName })} · {t('insights.departments.own')} / {t('insights.departments.subtree')}
      </Typography.Text>
      <ResponsiveTable<DepartmentRowView>
        data-testid="departments-table"
        rowKey="departmentId"
        size="small"
        dataSource={data.items}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('insights.empty') }}
        columns={[
          { title: t('insights.departments.name'), dataIndex: 'departmentName', render: (name: string, row) => <span style={{ paddingLeft: row.depth * 16 }}>{name}</span> },
          { title: t('insights.departments.cadres'), key: 'cadres', align: 'right', render: (_, r) => both(r.cadres, r.subtree.cadres) },
          { title: t('insights.departments.records'), key: 'records', align: 'right', render: (_, r) => both(r.records, r.subtree.records) },
          { title: t('insights.departments.verified'), key: 'verified', align: 'right', render: (_, r) => both(r.verified, r.subtree.verified) },
          { title: t('insights.departments.verifiedPerCadre'), key: 'vpc', align: 'right', render: (_, r) => both(r.verifiedPerCadre, r.subtree.verifiedPerCadre) },
          { title: t('insights.departments.points'), key: 'points', align: 'right', render: (_, r) => both(formatPoints(r.points), formatPoints(r.subtree.points)) },
          { title: t('insights.departments.averagePoints'), key: 'avg', align: 'right', render: (_, r) => both(formatPoints(r.averagePoints), formatPoints(r.subtree.averagePoints)) },
          { title: t('insights.departments.backlog'), key: 'backlog', align: 'right', render: (_, r) => both(r.backlog, r.subtree.backlog) },
          { title: t('insights.departments.oldest'), key: 'oldest', render: (_, r) => (r.oldestBacklogAgeDays === null ? '—' : t('insights.analytics.days', { n: r.oldestBacklogAgeDays })) },
        ]}
      />
    </Space>
  );
}

type Tab = 'overview' | 'departments' | 'appraisal' | 'selection';
/** What each tab's export is called (the tabs' Chinese names). */
const TAB_FILE_NAMES: Record<Tab, string> = { overview: '概览', departments: '单位对比', appraisal: '考评情况', selection: '选人用人' };

/** 统计分析: the overview and the departments table of the caller's scope (reviewers: their subtree). */
export function AnalyticsPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const departments = useDepartments();
  const [period, setPeriod] = useState(currentYear());
  const [departmentId, setDepartmentId] = useState<string>();
  const [tab, setTab] = useState<Tab>('overview');
  const query = { period, departmentId };
  const key = `${period}|${departmentId ?? ''}`;
  const overview = useApiQuery(tab === 'overview' ? () => api.get<OverviewView>('/analytics/overview', query) : null, [key, tab]);
  const table = useApiQuery(tab === 'departments' ? () => api.get<DepartmentsView>('/analytics/departments', query) : null, [key, tab]);
  const appraisal = useApiQuery(tab === 'appraisal' ? () => api.get<AnalyticsAppraisalView>('/analytics/appraisal', query) : null, [key, tab]);
  const selection = useApiQuery(tab === 'selection' ? () => api.get<AnalyticsSelectionView>('/analytics/selection', query) : null, [key, tab]);
  const current = { overview, departments: table, appraisal, selection }[tab];
  const exportPath = `/analytics/${tab}`;
  const outsideScope = current.error instanceof ApiError && current.error.status === 403 && hasRole('reviewer') && !hasRole('assessor', 'admin');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('insights.analytics.title')}
      </Typography.Title>
      <Form layout="inline" style={{ rowGap: 8 }}>
        <PeriodSelect id="analytics-period" value={period} onChange={setPeriod} />
        <DepartmentSelect id="analytics-department" value={departmentId} onChange={setDepartmentId} tree={departments.tree} />
        <Form.Item>
          <ExportButton
            path={exportPath}
            query={query}
            name={exportName('统计分析', { extra: TAB_FILE_NAMES[tab], period, departmentName: departments.items.find((d) => d.id === departmentId)?.name })}
            disabled={!!current.error}
          />
        </Form.Item>
      </Form>
      {outsideScope && <Alert type="warning" showIcon title={t('insights.analytics.reviewerScope')} />}
      <ProblemAlert error={current.error} />
      <Tabs
        activeKey={tab}
        onChange={(next) => setTab(next as Tab)}
        items={[
          {
            key: 'overview',
            label: t('insights.analytics.overview'),
            children: overview.data && !overview.error ? <Spin spinning={overview.loading}><Overview data={overview.data} /></Spin> : overview.loading ? <Spin><div style={{ minHeight: 160 }} /></Spin> : null,
          },
          {
            key: 'departments',
            label: t('insights.analytics.departments'),
            children: table.data && !table.error ? <Spin spinning={table.loading}><Departments data={table.data} /></Spin> : table.loading ? <Spin><div style={{ minHeight: 160 }} /></Spin> : null,
          },
          {
            key: 'appraisal',
            label: t('insights.appraisal.tab'),
            children: appraisal.data && !appraisal.error ? <Spin spinning={appraisal.loading}><AppraisalAnalytics data={appraisal.data} /></Spin> : appraisal.loading ? <Spin><div style={{ minHeight: 160 }} /></Spin> : null,
          },
          {
            key: 'selection',
            label: t('insights.selection.tab'),
            children: selection.data && !selection.error ? <Spin spinning={selection.loading}><SelectionAnalytics data={selection.data} /></Spin> : selection.loading ? <Spin><div style={{ minHeight: 160 }} /></Spin> : null,
          },
        ]}
      />
    </Space>
  );
}
