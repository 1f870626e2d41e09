import { useMemo } from 'react';
import { Card, Col, Descriptions, Empty, Row, Space, Spin, Statistic, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { PortraitView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { beijingTime } from '../../components/beijing';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Chart, wrapLabel, type ChartOption } from './Chart';
import { SimpleList } from './parts';
import { useItemNames } from './data';
import { cadrePath, formatDateTime, formatPoints, itemName, labelOf, mayOpenCadre, sourcePath, type Translate } from './format';
import { useApiQuery } from '../../api/useApiQuery';

export function radarOption(t: Translate, portrait: PortraitView): ChartOption {
  const max = Math.max(1, ...portrait.radar.map((p) => p.points)) * 1.1;
  return {
    tooltip: { confine: true },
    // Names wrapped and the radius kept small enough that the longest stays inside a phone-wide chart.
    radar: {
      indicator: portrait.radar.map((p) => ({ name: wrapLabel(p.item === 'TASK' ? t('insights.item.TASK') : p.name), max })),
      radius: '58%',
      center: ['50%', '52%'],
      axisName: { fontSize: 12, color: '#434343' },
    },
    series: [{ type: 'radar', data: [{ value: portrait.radar.map((p) => p.points), name: portrait.cadre.name, areaStyle: { opacity: 0.2 } }] }],
  };
}

export function trendOption(t: Translate, portrait: PortraitView): ChartOption {
  const months = portrait.trend.map((p) => p.month);
  return {
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', name: t('insights.points') },
    series: [
      { type: 'line', name: t('insights.portrait.trendCadre'), data: portrait.trend.map((p) => p.cadre), smooth: true },
      { type: 'line', name: t('insights.portrait.trendDepartment'), data: portrait.trend.map((p) => p.department), smooth: true, lineStyle: { type: 'dashed' } },
      { type: 'line', name: t('insights.portrait.trendCity'), data: portrait.trend.map((p) => p.city), smooth: true, lineStyle: { type: 'dotted' } },
    ],
  };
}

/** A cadre's portrait (画像) for a year: radar, strengths, trend against averages, timeline, teams, collaborators. */
export function PortraitPanel({ cadreId, period }: { cadreId: string; period: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const names = useItemNames();
  const portrait = useApiQuery(() => api.get<PortraitView>(`/analytics/cadres/${encodeURIComponent(cadreId)}/portrait`, { period }), [cadreId, period]);
  const data = portrait.data;
  const radar = useMemo(() => (data ? radarOption(t, data) : null), [data, t]);
  const trend = useMemo(() => (data ? trendOption(t, data) : null), [data, t]);

  if (portrait.error) return <ProblemAlert error={portrait.error} onRetry={portrait.reload} />;
  if (!data || !radar || !trend) return <Spin spinning><div style={{ minHeight: 120 }} /></Spin>;

  const person = (userId: string, name: string) => (mayOpenCadre(user, userId) ? <Link to={cadrePath(userId, 'portrait')}>{name}</Link> : name);

  return (
    <Spin spinning={portrait.loading}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Row gutter={[16, 16]} align="middle">
            <Col xs={24} md={16}>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} title={data.cadre.name}>
                <Descriptions.Item label={t('insights.department')}>{data.cadre.departmentName}</Descriptions.Item>
                <Descriptions.Item label={t('insights.rankLevel')}>{labelOf(t, 'insights.rankLevel', data.cadre.rankLevel)}</Descriptions.Item>
                <Descriptions.Item label={t('insights.candidates.titleCol')}>{data.cadre.title || '—'}</Descriptions.Item>
              </Descriptions>
            </Col>
            <Col xs={24} md={8}>
              <Statistic title={t('insights.portrait.total')} value={formatPoints(data.total)} />
            </Col>
          </Row>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('insights.portrait.radar')}>
              <Chart option={radar} label={t('insights.portrait.radar')} testId="portrait-radar" emptyText={t('insights.portrait.radarEmpty')} />
              <Typography.Text strong>{t('insights.portrait.strengths')}：</Typography.Text>
              {data.strengths.length === 0 ? (
                <Typography.Text type="secondary">{t('insights.portrait.noStrengths')}</Typography.Text>
              ) : (
                <Space wrap data-testid="portrait-strengths">
                  {data.strengths.map((s) => (
                    <Tag color="red" key={s.item}>
                      {(s.item === 'TASK' ? t('insights.item.TASK') : s.name)} · {t('insights.pointsValue', { points: formatPoints(s.points) })}
                    </Tag>
                  ))}
                </Space>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('insights.portrait.trend')}>
              <Chart option={trend} label={t('insights.portrait.trend')} testId="portrait-trend" emptyText={t('insights.portrait.trendEmpty')} />
            </Card>
          </Col>
        </Row>
        <Card title={t('insights.portrait.timeline')}>
          {data.timeline.length === 0 ? (
            <Empty description={t('insights.portrait.noTimeline')} />
          ) : (
            <div data-testid="portrait-timeline">
              <Timeline
                items={data.timeline.map((entry) => ({
                  key: `${entry.kind}-${entry.id}`,
                  color: entry.kind === 'task' ? 'gold' : 'red',
                  content: (
                    <Space orientation="vertical" size={0}>
                      <Space wrap>
                        <Typography.Text type="secondary">{formatDateTime(entry.at, true)}</Typography.Text>
                        <Tag>{t(`insights.source.${entry.kind}`)}</Tag>
                        <Link to={sourcePath({ type: entry.kind, id: entry.id })}>{entry.title}</Link>
                        <Typography.Text strong>{entry.points === null ? t('insights.portrait.pointsPending') : t('insights.pointsValue', { points: formatPoints(entry.points) })}</Typography.Text>
                      </Space>
                      <Typography.Text type="secondary">
                        {[
                          entry.kind === 'record' ? itemName(names, t, entry.category) : labelOf(t, 'insights.domain', entry.category),
                          entry.kind === 'record' ? labelOf(t, 'insights.rating', entry.rating) : labelOf(t, 'insights.verdict', entry.rating),
                          entry.impactLevel ? labelOf(t, 'insights.impact', entry.impactLevel) : null,
                          t('insights.portrait.timelineShare', { role: labelOf(t, 'insights.role', entry.role), share: entry.share }),
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Typography.Text>
                    </Space>
                  ),
                }))}
              />
            </div>
          )}
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card title={t('insights.portrait.teams')}>
              <SimpleList
                testId="portrait-teams"
                items={data.teams}
                keyOf={(team) => team.teamId}
                empty={t('insights.portrait.noTeams')}
                render={(team) => (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{team.teamName}</Typography.Text>
                    <Typography.Text type="secondary">{t('insights.portrait.teamLine', { role: labelOf(t, 'insights.role', team.role), members: team.memberIds.length, date: formatDateTime(team.formedAt, true) })}</Typography.Text>
                  </Space>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card title={t('insights.portrait.collaborators')}>
              <SimpleList
                testId="portrait-collaborators"
                items={data.collaborators}
                keyOf={(c) => c.userId}
                empty={t('insights.portrait.noCollaborators')}
                render={(c) => person(c.userId, c.name)}
                extra={(c) => t('insights.portrait.together', { count: c.together })}
              />
            </Card>
          </Col>
        </Row>
        <Card
          title={t('insights.portrait.appraisal')}
          extra={<Link to={`/appraisal/cadres/${encodeURIComponent(cadreId)}?period=${encodeURIComponent(period.slice(0, 4))}`}>{t('insights.portrait.appraisalOpen')}</Link>}
        >
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('insights.portrait.grades')}</Typography.Text>
              <SimpleList
                testId="portrait-grades"
                items={data.appraisal.grades}
                keyOf={(g) => g.cycleId}
                empty={t('insights.portrait.noGrades')}
                render={(g) => (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text>{g.cycleName}</Typography.Text>
                    <Typography.Text type="secondary">{[g.kindLabel, g.period].join(' · ')}</Typography.Text>
                  </Space>
                )}
                extra={(g) => <Tag color={g.grade === 'excellent' || g.grade === 'good' ? 'gold' : undefined}>{g.gradeLabel}</Tag>}
              />
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('insights.portrait.surveys')}</Typography.Text>
              <SimpleList
                testId="portrait-surveys"
                items={data.appraisal.surveys}
                keyOf={(s) => s.cycleId}
                empty={t('insights.portrait.noSurveys')}
                render={(s) => (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text>{s.cycleName}</Typography.Text>
                    <Typography.Text type="secondary">{s.criteria.map((c) => `${c.name} ${c.score ?? '—'}`).join(' · ')}</Typography.Text>
                  </Space>
                )}
                extra={(s) =>
                  t('insights.portrait.surveyLine', { overall: s.overall ?? '—', satisfaction: s.satisfaction === null ? '—' : `${s.satisfaction}%` })
                }
              />
            </Col>
          </Row>
        </Card>
        <Card title={t('insights.portrait.outcomes')}>
          <SimpleList
            testId="portrait-outcomes"
            items={data.outcomes ?? []}
            keyOf={(o) => `${o.roundId}:${o.position}`}
            empty={t('insights.portrait.noOutcomes')}
            render={(o) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{o.roundName}</Typography.Text>
                <Typography.Text type="secondary">{t('insights.portrait.outcomeLine', { kind: o.kindLabel, position: o.position, date: beijingTime(o.concludedAt, true) })}</Typography.Text>
              </Space>
            )}
            extra={(o) => <Tag color="red">{o.outcomeLabel}</Tag>}
          />
        </Card>
      </Space>
    </Spin>
  );
}
