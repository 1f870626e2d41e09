import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Grid, Progress, Select, Space, Tag, Typography } from 'antd';
import PlusOutlined from '@ant-design/icons/es/icons/PlusOutlined';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { CycleDepartmentView, CycleView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../app/session';
import { appraisalApi } from './api';
import { CycleForm } from './CycleForm';
import { CYCLE_KIND_LIST, gradesOf, progressPercent, toPercent } from './rules';
import { formatTime, useLabels } from './shared';
import { ResponsiveTable } from '../../components/ResponsiveTable';

/** The whole cycle's progress: confirmed of all cadres the caller sees. */
function cycleProgress(cycle: CycleView): { confirmed: number; cadres: number } {
  return cycle.departments.reduce((sum, d) => ({ confirmed: sum.confirmed + d.byStatus.confirmed, cadres: sum.cadres + d.cadres }), { confirmed: 0, cadres: 0 });
}

function ProgressCell({ confirmed, cadres }: { confirmed: number; cadres: number }) {
  const { t } = useLabels();
  return (
    <Space orientation="vertical" size={0} style={{ minWidth: 120 }}>
      <Progress percent={progressPercent({ cadres, byStatus: { confirmed } })} size="small" />
      <Typography.Text type="secondary">{t('appraisal.cycles.progress', { confirmed, cadres })}</Typography.Text>
    </Space>
  );
}

/** 考核管理: the cycles (kind, period, status, progress), and 发起考核 for an admin. */
export function CyclesPage() {
  const { t, kind: kindLabel, cycleStatus, period } = useLabels();
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [filters, setFilters] = useState<{ kind?: string; status?: string; page: number }>({ page: 1 });
  const [creating, setCreating] = useState(false);
  const cycles = useApiQuery(() => appraisalApi.cycles({ kind: filters.kind, status: filters.status, page: filters.page, pageSize: 20 }), [filters.kind, filters.status, filters.page]);

  return (
    <Card
      title={t('appraisal.cycles.title')}
      extra={
        hasRole('admin') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('appraisal.cycles.create')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            aria-label={t('appraisal.field.kind')}
            allowClear
            placeholder={t('appraisal.cycles.filterKind')}
            style={{ width: 140 }}
            value={filters.kind}
            options={CYCLE_KIND_LIST.map((k) => ({ value: k, label: kindLabel(k) }))}
            onChange={(kind?: string) => setFilters((f) => ({ ...f, kind, page: 1 }))}
          />
          <Select
            aria-label={t('appraisal.field.status')}
            allowClear
            placeholder={t('appraisal.cycles.filterStatus')}
            style={{ width: 140 }}
            value={filters.status}
            options={['open', 'closed'].map((s) => ({ value: s, label: cycleStatus(s) }))}
            onChange={(status?: string) => setFilters((f) => ({ ...f, status, page: 1 }))}
          />
        </Space>
        <ProblemAlert error={cycles.error} onRetry={cycles.reload} />
        <ResponsiveTable<CycleView>
          rowKey="id"
          loading={cycles.loading}
          dataSource={cycles.data?.items ?? []}
          scroll={{ x: true }}
          locale={{ emptyText: t('appraisal.cycles.empty') }}
          pagination={{ current: filters.page, pageSize: 20, total: cycles.data?.total ?? 0, showSizeChanger: false, onChange: (page) => setFilters((f) => ({ ...f, page })) }}
          columns={[
            { title: t('appraisal.field.name'), key: 'name', render: (_, c) => <Link to={`/appraisal/cycles/${encodeURIComponent(c.id)}`}>{c.name}</Link> },
            { title: t('appraisal.field.kind'), key: 'kind', render: (_, c) => c.kindLabel || kindLabel(c.kind) },
            { title: t('appraisal.field.period'), key: 'period', render: (_, c) => period(c.period) },
            {
              title: t('appraisal.field.status'),
              key: 'status',
              render: (_, c) => (
                <Space size={4} wrap>
                  <Tag color={c.status === 'open' ? 'processing' : 'default'}>{c.statusLabel || cycleStatus(c.status)}</Tag>
                  {c.survey && <Tag color={c.survey.status === 'open' ? 'blue' : 'default'}>{t(c.survey.status === 'open' ? 'appraisal.surveyStatus.open' : 'appraisal.surveyStatus.closed')}</Tag>}
                </Space>
              ),
            },
            { title: t('appraisal.field.progress'), key: 'progress', render: (_, c) => <ProgressCell {...cycleProgress(c)} /> },
            ...(screens.md ? [{ title: t('appraisal.field.dueDate'), key: 'dueDate', render: (_: unknown, c: CycleView) => c.dueDate ?? '—' }] : []),
          ]}
        />
      </Space>
      <Drawer open={creating} onClose={() => setCreating(false)} title={t('appraisal.cycles.create')} size={screens.md ? 640 : '100%'} destroyOnHidden>
        <CycleForm
          create={appraisalApi.createCycle}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/appraisal/cycles/${encodeURIComponent(id)}`);
          }}
        />
      </Drawer>
    </Card>
  );
}

/** One cycle: its departments with progress and the 优秀 quota used / max; close the cycle or its survey (admin). */
export function CycleDetailPage() {
  const { id = '' } = useParams();
  const { t, kind: kindLabel, grade, period, group } = useLabels();
  const { hasRole } = useSession();
  const { message, modal } = App.useApp();
  const cycle = useApiQuery(() => appraisalApi.cycle(id), [id]);
  const [actionError, setActionError] = useState<unknown>(null);
  const view = cycle.data;
  const open = view?.status === 'open';
  const admin = hasRole('admin');

  const confirmThen = (title: string, content: string, work: () => Promise<unknown>, done: string) =>
    modal.confirm({
      title,
      content,
      okButtonProps: { danger: true },
      onOk: async () => {
        setActionError(null);
        try {
          await work();
          // Closing the survey answers its close view; closing the cycle the cycle: either way, read the cycle again.
          cycle.reload();
          message.success(done);
        } catch (caught) {
          setActionError(caught);
        }
      },
    });

  const link = (path: string, d: CycleDepartmentView) => `/appraisal/${path}?cycleId=${encodeURIComponent(id)}&departmentId=${encodeURIComponent(d.departmentId)}`;

  return (
    <Card
      title={view ? view.name : t('appraisal.detail.title')}
      loading={cycle.loading && !view}
      extra={
        view &&
        admin && (
          <Space wrap>
            {view.survey?.status === 'open' && (
              <Button onClick={() => confirmThen(t('appraisal.detail.closeSurvey'), t('appraisal.detail.closeSurveyConfirm'), () => appraisalApi.closeSurvey(id), t('appraisal.detail.surveyClosed'))}>
                {t('appraisal.detail.closeSurvey')}
              </Button>
            )}
            {open && (
              <Button danger onClick={() => confirmThen(t('appraisal.detail.close'), t('appraisal.detail.closeConfirm'), () => appraisalApi.closeCycle(id), t('appraisal.detail.closed'))}>
                {t('appraisal.detail.close')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <ProblemAlert error={cycle.error ?? actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      {view && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('appraisal.field.kind')}>{view.kindLabel || kindLabel(view.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('appraisal.field.period')}>{period(view.period)}</Descriptions.Item>
            <Descriptions.Item label={t('appraisal.field.status')}>
              <Tag color={open ? 'processing' : 'default'}>{view.statusLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('appraisal.field.quota')}>{toPercent(view.topGradeQuota)}%</Descriptions.Item>
            <Descriptions.Item label={t('appraisal.field.dueDate')}>{view.dueDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('appraisal.detail.createdBy')}>
              {view.createdBy.name} · {formatTime(view.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('appraisal.field.survey')} span={3}>
              {view.survey ? (
                <Space wrap size={4}>
                  <Tag color={view.survey.status === 'open' ? 'blue' : 'default'}>{t(view.survey.status === 'open' ? 'appraisal.surveyStatus.open' : 'appraisal.surveyStatus.closed')}</Tag>
                  {view.survey.criteria.map((c) => (
                    <Tag key={c.code}>
                      {c.name} {toPercent(c.weight)}%
                    </Tag>
                  ))}
                  {view.survey.groups.map((g) => (
                    <Tag key={g.group} color="geekblue">
                      {group(g.group)} {toPercent(g.weight)}% ≥{g.minRaters}
                    </Tag>
                  ))}
                </Space>
              ) : (
                t('appraisal.detail.noSurvey')
              )}
            </Descriptions.Item>
          </Descriptions>
          <ResponsiveTable<CycleDepartmentView>
            rowKey="departmentId"
            dataSource={view.departments}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('appraisal.field.department'), key: 'department', dataIndex: 'departmentName' },
              { title: t('appraisal.field.cadres'), key: 'cadres', dataIndex: 'cadres' },
              {
                title: t('appraisal.field.status'),
                key: 'byStatus',
                render: (_, d) => (
                  <Space size={4} wrap>
                    {(['pending', 'submitted', 'returned', 'confirmed'] as const).map((s) => (
                      <Tag key={s} data-testid={`dept-${d.departmentId}-${s}`}>
                        {t(`appraisal.status.${s}`)} {d.byStatus[s]}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: t('appraisal.field.progress'), key: 'progress', render: (_, d) => <ProgressCell confirmed={d.byStatus.confirmed} cadres={d.cadres} /> },
              {
                title: t('appraisal.field.topGrade', { grade: grade(gradesOf(view.kind)[0]) }),
                key: 'top',
                render: (_, d) => (
                  <Typography.Text type={d.topGrade.used > d.topGrade.max ? 'danger' : undefined} data-testid={`quota-${d.departmentId}`}>
                    {t('appraisal.detail.quotaUsed', { used: d.topGrade.used, max: d.topGrade.max })}
                  </Typography.Text>
                ),
              },
              {
                title: t('appraisal.field.actions'),
                key: 'actions',
                render: (_, d) => (
                  <Space size={4} wrap>
                    <Link to={link('review', d)}>{t(hasRole('assessor') ? 'appraisal.detail.openReview' : 'appraisal.detail.openSheet')}</Link>
                    {view.survey && <Link to={link('survey', d)}>{t('appraisal.detail.openSurvey')}</Link>}
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
