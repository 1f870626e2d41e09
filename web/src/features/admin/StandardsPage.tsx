import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { CheckCircleOutlined, EyeOutlined, ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import type { DryRunView, ScoringStandardView, UserView } from '@cadre/contracts';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { sortDryRun, standardActions, type DryRunRow, type DryRunSortKey } from './rules';
import { formatPoints, formatTime, JobProgress } from './shared';
import { APPRAISAL_GRADE_SCALES, StandardForm } from './StandardForm';

const STATUS_COLORS: Record<string, string> = { draft: 'gold', active: 'green', retired: 'default' };

/** Names of cadres by id, fetched (`GET /users/:id`) for the ids asked for and kept. */
function useUserNames(ids: string[]) {
  const [names, setNames] = useState<Record<string, string | null>>({});
  const asked = useRef(new Set<string>());
  const key = ids.join(',');
  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !asked.current.has(id)) : [];
    if (!missing.length) return;
    for (const id of missing) asked.current.add(id);
    void Promise.all(
      missing.map((id) =>
        api
          .get<UserView>(`/users/${encodeURIComponent(id)}`)
          .then((user) => [id, user.name] as const)
          .catch(() => [id, null] as const),
      ),
    ).then((pairs) => setNames((current) => ({ ...current, ...Object.fromEntries(pairs) })));
  }, [key]);
  return names;
}

function Delta({ value }: { value: number }) {
  const color = value > 0 ? '#389e0d' : value < 0 ? '#cf1322' : undefined;
  return <span style={{ color }}>{`${value > 0 ? '+' : ''}${formatPoints(value)}`}</span>;
}

/** The before/after table of a dry run: sorted and paginated here (the API answers at most 200 cadres at once). */
function DryRunTable({ result, pageSize: initialPageSize = 10 }: { result: DryRunView; pageSize?: number }) {
  const { t } = useI18n();
  const [sort, setSort] = useState<{ key: DryRunSortKey; order: 'ascend' | 'descend' }>({ key: 'delta', order: 'descend' });
  const [paging, setPaging] = useState({ page: 1, pageSize: initialPageSize });
  const rows = useMemo(() => sortDryRun(result.cadres, sort.key, sort.order), [result, sort]);
  // The API names each row; a row without a name (a cadre the scoring service's directory does not know) is looked up.
  const visible = rows.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize).filter((row) => !row.name).map((row) => row.cadreId);
  const names = useUserNames(visible);
  const sortOrder = (key: DryRunSortKey) => (sort.key === key ? sort.order : null);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap size="large">
        <Statistic title={t('admin.std.before')} value={formatPoints(result.totals.before)} />
        <Statistic title={t('admin.std.after')} value={formatPoints(result.totals.after)} />
        <Statistic title={t('admin.std.delta')} value={formatPoints(result.totals.after - result.totals.before)} />
      </Space>
      <Typography.Text data-testid="dry-run-totals">
        {t('admin.std.dryRunTotals', { before: formatPoints(result.totals.before), after: formatPoints(result.totals.after), moved: result.totals.moved })}
      </Typography.Text>
      <Typography.Text type="secondary">{t('admin.std.dryRunLimit')}</Typography.Text>
      <ResponsiveTable<DryRunRow>
        data-testid="dry-run-table"
        rowKey="cadreId"
        size="small"
        dataSource={rows}
        scroll={{ x: true }}
        onChange={(pagination, _filters, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = (one?.columnKey as DryRunSortKey | undefined) ?? 'delta';
          const order = one?.order ?? 'descend';
          if (key !== sort.key || order !== sort.order) {
            setSort({ key, order });
            setPaging((p) => ({ ...p, page: 1 }));
          } else setPaging({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? paging.pageSize });
        }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: rows.length, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], showTotal: (total) => t('admin.common.total', { total }) }}
        columns={[
          {
            title: t('admin.std.cadre'),
            key: 'cadre',
            render: (_, row) => (
              <span>
                {row.name || names[row.cadreId] || t('admin.std.unknownCadre')}
                {row.departmentName ? <Typography.Text type="secondary">（{row.departmentName}）</Typography.Text> : null}
              </span>
            ),
          },
          { title: t('admin.std.before'), key: 'before', dataIndex: 'before', align: 'right', sorter: true, sortOrder: sortOrder('before'), sortDirections: ['descend', 'ascend'], render: (v: number) => formatPoints(v) },
          { title: t('admin.std.after'), key: 'after', dataIndex: 'after', align: 'right', sorter: true, sortOrder: sortOrder('after'), sortDirections: ['descend', 'ascend'], render: (v: number) => formatPoints(v) },
          { title: t('admin.std.delta'), key: 'delta', dataIndex: 'delta', align: 'right', sorter: true, sortOrder: sortOrder('delta'), sortDirections: ['descend', 'ascend'], render: (v: number) => <Delta value={v} /> },
        ]}
      />
    </Space>
  );
}

function StandardDetail({ standard }: { standard: ScoringStandardView }) {
  const { t } = useI18n();
  const list = (values: Record<string, number>, prefix: string) =>
    Object.entries(values)
      .map(([key, value]) => `${t(`${prefix}.${key}` as MessageKey)} ×${value}`)
      .join('，');
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={t('admin.std.defaultBase')}>{standard.itemBasePoints.default}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.byFirstLevel')}>
        {Object.entries(standard.itemBasePoints.byFirstLevel)
          .map(([code, points]) => `${code} ${points}`)
          .join('，') || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('admin.std.impactMultipliers')}>{list(standard.impactMultipliers, 'admin.impact')}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.ratingMultipliers')}>{list(standard.ratingMultipliers, 'admin.rating')}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.taskVerdictMultipliers')}>{list(standard.taskVerdictMultipliers, 'admin.verdict')}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.participationShare')}>{standard.participationShare}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.flagMultiplier')}>{standard.flagMultiplier}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.leaderBonusShare')}>{standard.leaderBonusShare}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.yearlyCapPerItem')}>{standard.yearlyCapPerItem}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.appraisalGradePoints')}>
        {(Object.keys(APPRAISAL_GRADE_SCALES) as (keyof typeof APPRAISAL_GRADE_SCALES)[]).map((kind) => {
          const points = standard.appraisalGradePoints[kind] as Record<string, number>;
          return (
            <div key={kind} data-testid={`grade-points-${kind}`}>
              {`${t(`appraisal.kind.${kind}`)}：${APPRAISAL_GRADE_SCALES[kind].map((grade) => `${t(`appraisal.grade.${grade}`)} ${points[grade]}`).join('，')}`}
            </div>
          );
        })}
      </Descriptions.Item>
      <Descriptions.Item label={t('admin.std.effectiveFrom')}>{standard.effectiveFrom}</Descriptions.Item>
      <Descriptions.Item label={t('admin.std.note')}>{standard.note || '—'}</Descriptions.Item>
    </Descriptions>
  );
}

const NO_STANDARDS: ScoringStandardView[] = [];

/** 积分标准: the versions, a new draft, its dry run (before/after per cadre) and its activation with the job's progress (admin). */
export function StandardsPage({ pollInterval = 1000 }: { pollInterval?: number }) {
  const { t, locale } = useI18n();
  const { modal, message } = App.useApp();
  const list = useApiQuery(async () => [...(await api.get<ScoringStandardView[]>('/scoring/standards'))].sort((a, b) => b.version - a.version), []);
  const standards = list.data ?? NO_STANDARDS;
  const loading = list.loading;
  const reload = list.reload;
  const [actionError, setActionError] = useState<unknown>(null);
  const error = list.error ?? actionError;
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<ScoringStandardView | null>(null);
  const [dryRun, setDryRun] = useState<{ version: number; result?: DryRunView; error?: unknown } | null>(null);
  const [activation, setActivation] = useState<{ version: number; jobId: string } | null>(null);


  const active = standards.find((s) => s.status === 'active') ?? null;
  const base = active ?? standards[0] ?? null;

  const runDry = async (version: number) => {
    setDryRun({ version });
    try {
      const result = await api.post<DryRunView>(`/scoring/standards/${version}/dry-run`);
      setDryRun({ version, result });
    } catch (caught) {
      setDryRun({ version, error: caught });
    }
  };

  const activate = (standard: ScoringStandardView) =>
    modal.confirm({
      title: t('admin.std.activateConfirm', { version: standard.version }),
      content: t('admin.std.activateWarn'),
      okText: t('admin.std.activate'),
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          const answer = await api.post<{ version: number; jobId: string }>(`/scoring/standards/${standard.version}/activate`);
          setActivation({ version: answer.version ?? standard.version, jobId: answer.jobId });
          setDryRun(null);
          reload();
        } catch (caught) {
          setActionError(caught);
        }
      },
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={<Typography.Title level={4} style={{ margin: 0 }}>{t('admin.std.title')}</Typography.Title>}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={loading}>
            {t('admin.std.create')}
          </Button>
        }
      >
        <ProblemAlert error={error} onClose={() => setActionError(null)} />
        <ResponsiveTable<ScoringStandardView>
          data-testid="standards-table"
          rowKey="version"
          loading={loading}
          dataSource={standards}
          scroll={{ x: true }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('admin.std.version'), dataIndex: 'version' },
            { title: t('admin.std.status'), dataIndex: 'status', render: (status: string) => <Tag color={STATUS_COLORS[status]}>{t(`admin.std.status.${status}` as MessageKey)}</Tag> },
            { title: t('admin.std.effectiveFrom'), dataIndex: 'effectiveFrom' },
            { title: t('admin.std.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, locale) },
            { title: t('admin.std.activatedAt'), dataIndex: 'activatedAt', render: (v: string | null) => formatTime(v, locale) },
            { title: t('admin.std.note'), dataIndex: 'note', ellipsis: true },
            {
              title: t('admin.common.actions'),
              key: 'actions',
              render: (_, standard) => {
                const can = standardActions(standard);
                return (
                  <Space wrap>
                    <Button size="small" icon={<EyeOutlined />} onClick={() => setViewing(standard)} aria-label={`${t('admin.std.view')} ${standard.version}`}>
                      {t('admin.std.view')}
                    </Button>
                    {can.dryRun && (
                      <Button size="small" icon={<ExperimentOutlined />} onClick={() => runDry(standard.version)} loading={dryRun?.version === standard.version && !dryRun.result && !dryRun.error}>
                        {t('admin.std.dryRun')}
                      </Button>
                    )}
                    {can.activate && (
                      <Button size="small" type="primary" icon={<CheckCircleOutlined />} onClick={() => activate(standard)} disabled={!!activation}>
                        {t('admin.std.activate')}
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      {activation && (
        <Card title={t('admin.std.activating', { version: activation.version })}>
          <JobProgress
            key={activation.jobId}
            jobId={activation.jobId}
            interval={pollInterval}
            onFinished={(job) => {
              if (job.state === 'completed') message.success(t('admin.job.state.completed'));
              reload();
            }}
          />
        </Card>
      )}
      {dryRun && (
        <Card title={t('admin.std.dryRunTitle', { version: dryRun.version, period: dryRun.result?.period ?? '…' })} data-testid="dry-run">
          {dryRun.error ? (
            <ProblemAlert error={dryRun.error} />
          ) : dryRun.result ? (
            <DryRunTable result={dryRun.result} />
          ) : (
            <Spin>
              <div style={{ padding: 24 }}>{t('admin.std.dryRunRunning')}</div>
            </Spin>
          )}
        </Card>
      )}
      <Drawer open={creating} onClose={() => setCreating(false)} title={t('admin.std.createTitle')} size="min(560px, 100vw)" destroyOnHidden>
        {creating && base && (
          <StandardForm
            base={base}
            onCancel={() => setCreating(false)}
            onCreated={(created) => {
              setCreating(false);
              message.success(t('admin.common.created'));
              reload();
              void runDry(created.version);
            }}
          />
        )}
        {creating && !base && !loading && <ProblemAlert error={error ?? new Error('No scoring standard to start from.')} />}
      </Drawer>
      <Drawer open={!!viewing} onClose={() => setViewing(null)} title={viewing ? t('admin.std.detail', { version: viewing.version }) : ''} size="min(560px, 100vw)">
        {viewing && <StandardDetail standard={viewing} />}
      </Drawer>
    </Space>
  );
}
