import { Card, Col, Collapse, Empty, Row, Select, Space, Statistic, Tag, Timeline, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { CadreAppraisalView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../app/session';
import { appraisalApi, appraisalPaths } from './api';
import { beijingNow, STATUS_COLORS } from './rules';
import { formatTime, useLabels } from './shared';
import { SurveyResult } from './SurveyPage';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type Entry = CadreAppraisalView['points']['entries'][number];
type GradeRow = CadreAppraisalView['grades'][number];

/** A console path from an entry's link (never another origin). */
function safePath(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') ? link : null;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

function GradeHistory({ row }: { row: GradeRow }) {
  const { grade } = useLabels();
  return (
    <Timeline
      items={row.history.map((h, i) => ({
        key: i,
        color: h.action === 'return' ? 'red' : h.action === 'confirm' ? 'green' : 'blue',
        children: (
          <span>
            {h.actionLabel} {h.grade ? grade(h.grade) : ''} · {h.by.name} · {formatTime(h.at)}
            {h.comment ? ` · ${h.comment}` : ''}
          </span>
        ),
      }))}
    />
  );
}

/** 综合考评 of one cadre and year: points with their entries, grades with history, 测评 results, tasks; CSV or Excel. */
function CadreAppraisal({ cadreId, mine }: { cadreId: string; mine: boolean }) {
  const { t, period: periodLabel } = useLabels();
  const [params, setParams] = useSearchParams();
  const thisYear = beijingNow().year;
  const period = params.get('period') || String(thisYear);
  const view = useApiQuery(() => appraisalApi.cadre(cadreId, period), [cadreId, period]);
  const data = view.data;
  const years = Array.from({ length: 5 }, (_, i) => String(thisYear - i));

  return (
    <Card
      title={
        <Space wrap>
          {mine ? t('appraisal.cadre.mineTitle') : t('appraisal.cadre.title')}
          {data && !mine && <Typography.Text type="secondary">{[data.cadre.name, data.cadre.departmentName, data.cadre.title].filter(Boolean).join(' · ')}</Typography.Text>}
        </Space>
      }
      extra={
        <Space wrap>
          <Select
            aria-label={t('appraisal.field.year')}
            value={period}
            style={{ width: 110 }}
            options={years.map((y) => ({ value: y, label: t('appraisal.yearSuffix', { year: y }) }))}
            onChange={(next: string) => setParams({ period: next }, { replace: true })}
          />
          <ExportButton path={appraisalPaths.cadre(cadreId)} query={{ period }} name={['综合考评', data?.cadre.id === cadreId ? data.cadre.name : null, period].filter(Boolean).join('-')} />
        </Space>
      }
    >
      <ProblemAlert error={view.error} />
      {data && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Row gutter={[16, 16]} data-testid="points">
            <Col xs={12} md={6}>
              <Statistic title={t('appraisal.cadre.total')} value={fmt(data.points.total)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('appraisal.cadre.participation')} value={fmt(data.points.participation)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('appraisal.cadre.contribution')} value={fmt(data.points.contribution)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('appraisal.cadre.appraisalPoints')} value={fmt(data.points.appraisal)} />
            </Col>
          </Row>

          <section>
            <Typography.Title level={5}>{t('appraisal.cadre.grades')}</Typography.Title>
            {data.grades.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appraisal.cadre.noGrades')} />
            ) : (
              <Collapse
                items={data.grades.map((g) => ({
                  key: g.cycleId,
                  label: (
                    <Space wrap data-testid={`grade-${g.cycleId}`}>
                      <span>{g.cycleName}</span>
                      <Typography.Text type="secondary">
                        {g.kindLabel} · {periodLabel(g.period)}
                      </Typography.Text>
                      <Typography.Text strong>{g.gradeLabel || '—'}</Typography.Text>
                      <Tag color={STATUS_COLORS[g.status]}>{g.statusLabel}</Tag>
                    </Space>
                  ),
                  children: (
                    <>
                      {g.comment && <Typography.Paragraph>{g.comment}</Typography.Paragraph>}
                      <GradeHistory row={g} />
                    </>
                  ),
                }))}
              />
            )}
          </section>

          <section>
            <Typography.Title level={5}>{t('appraisal.cadre.surveys')}</Typography.Title>
            {data.surveys.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appraisal.cadre.noSurveys')} />
            ) : (
              <Row gutter={[16, 16]}>
                {data.surveys.map((s) => (
                  <Col xs={24} md={12} key={s.cycleId}>
                    <Card size="small" title={`${s.cycleName} · ${periodLabel(s.period)}`}>
                      <SurveyResult result={s} />
                    </Card>
                  </Col>
                ))}
              </Row>
            )}
          </section>

          <section>
            <Typography.Title level={5}>{t('appraisal.cadre.entries')}</Typography.Title>
            <ResponsiveTable<Entry>
              rowKey={(e) => `${e.source.type}:${e.source.id}:${e.item}`}
              size="small"
              dataSource={data.points.entries}
              pagination={data.points.entries.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              scroll={{ x: true }}
              locale={{ emptyText: t('appraisal.cadre.noEntries') }}
              columns={[
                {
                  title: t('appraisal.cadre.source'),
                  key: 'source',
                  render: (_, e) => {
                    const path = safePath(e.link);
                    return path ? <Link to={path}>{e.source.title}</Link> : e.source.title;
                  },
                },
                { title: t('appraisal.cadre.item'), key: 'item', render: (_, e) => e.itemName || e.item },
                { title: t('appraisal.cadre.pointsColumn'), key: 'points', render: (_, e) => fmt(e.points) },
                { title: t('appraisal.cadre.explanation'), key: 'explanation', render: (_, e) => <Typography.Text type="secondary">{e.explanation}</Typography.Text> },
              ]}
            />
          </section>

          <section>
            <Typography.Title level={5}>{t('appraisal.cadre.tasks')}</Typography.Title>
            {data.tasks.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appraisal.cadre.noTasks')} />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {data.tasks.map((task) => (
                  <div key={task.taskId} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                    {safePath(task.link) ? <Link to={safePath(task.link)!}>{task.title}</Link> : <span>{task.title}</span>}
                    <Space>
                      {task.verdictLabel && <Tag>{task.verdictLabel}</Tag>}
                      <Typography.Text>{t('appraisal.cadre.pointsValue', { points: fmt(task.points) })}</Typography.Text>
                    </Space>
                  </div>
                ))}
              </Space>
            )}
          </section>
        </Space>
      )}
    </Card>
  );
}

/** 我的考评: the signed-in cadre's own. */
export function MyAppraisalPage() {
  const { user } = useSession();
  return user ? <CadreAppraisal cadreId={user.id} mine /> : null;
}

/** 综合考评 of another cadre (from the portrait, the people pages): the API decides who may see it. */
export function CadreAppraisalPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  return <CadreAppraisal cadreId={id} mine={id === user?.id} />;
}
