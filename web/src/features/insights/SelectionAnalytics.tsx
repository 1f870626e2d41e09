import { useMemo } from 'react';
import { Card, Col, Empty, Row, Statistic, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import type { AnalyticsSelectionView } from '@cadre/contracts';
import { useI18n } from '../../i18n/i18n';
import { Chart, type ChartOption } from './Chart';
import type { Translate } from './format';

const KINDS = ['promoted', 'advanced', 'awarded'] as const;

/** The departments' outcomes as stacked bars, one series per kind (the 20 with the most). */
export function selectionChart(t: Translate, data: AnalyticsSelectionView): ChartOption {
  const rows = [...data.byDepartment].sort((a, b) => b.total - a.total).slice(0, 20);
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 120, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((d) => d.departmentName), inverse: true },
    series: KINDS.map((kind) => ({ type: 'bar', stack: 'outcomes', name: t(`insights.selection.${kind}`), data: rows.map((d) => d[kind]) })),
  } as ChartOption;
}

const days = (value: number | null) => (value === null ? '—' : value);

/** 选人用人 of the analytics page (`GET /analytics/selection`): outcomes per kind and department, 凭实绩, time to decision. */
export function SelectionAnalytics({ data }: { data: AnalyticsSelectionView }) {
  const { t } = useI18n();
  const chart = useMemo(() => selectionChart(t, data), [t, data]);
  if (data.outcomes.total === 0 && data.rounds.concluded === 0)
    return (
      <div data-testid="selection-analytics">
        <Empty description={t('insights.selection.empty')} />
      </div>
    );

  return (
    <Row gutter={[16, 16]} data-testid="selection-analytics">
      <Col xs={24}>
        <Card size="small" data-testid="selection-figures">
          <Row gutter={[16, 16]}>
            {[...KINDS, 'total' as const].map((kind) => (
              <Col xs={12} md={6} key={kind}>
                <Statistic title={t(`insights.selection.${kind}`)} value={data.outcomes[kind]} />
              </Col>
            ))}
            <Col xs={24} md={6}>
              <Statistic title={t('insights.selection.merit')} value={data.merit.share ?? '—'} suffix={data.merit.share === null ? undefined : '%'} />
              <Typography.Text type="secondary">{t('insights.selection.meritHint', { top: data.merit.topDecile, selected: data.merit.selected })}</Typography.Text>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('insights.selection.rounds')} value={data.rounds.concluded} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('insights.selection.averageDays')} value={days(data.rounds.averageDaysToDecision)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('insights.selection.medianDays')} value={days(data.rounds.medianDaysToDecision)} />
              <Typography.Text type="secondary">{t('insights.selection.daysHint')}</Typography.Text>
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('insights.selection.byDepartment')}>
          <Chart option={chart} label={t('insights.selection.byDepartment')} testId="chart-selection-departments" emptyText={t('insights.selection.chartEmpty')} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('insights.selection.byDepartment')}>
          <ResponsiveTable
            data-testid="selection-departments"
            rowKey="departmentId"
            size="small"
            scroll={{ x: true, y: 320 }}
            pagination={false}
            locale={{ emptyText: t('insights.empty') }}
            dataSource={data.byDepartment}
            columns={[
              { title: t('insights.selection.department'), dataIndex: 'departmentName' },
              ...KINDS.map((kind) => ({ title: t(`insights.selection.${kind}`), dataIndex: kind, align: 'right' as const })),
              { title: t('insights.selection.total'), dataIndex: 'total', align: 'right' as const },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
