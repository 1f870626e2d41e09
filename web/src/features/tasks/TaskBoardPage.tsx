import { useState } from 'react';
import { Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Page, TaskBatchView, TaskDomain, TaskStatus, TaskSummaryView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { DOMAINS, FlagTags, STATUSES, StatusTag, formatTime, useDepartmentNames, useLabels } from './shared';
import { ResponsiveTable, useIsPhone } from '../../components/ResponsiveTable';
import { useApiQuery } from '../../api/useApiQuery';

/** An open task nobody has bid for yet: its publisher may still correct or withdraw it (the service checks who). */
export function correctable(task: Pick<TaskSummaryView, 'status' | 'bidCount'>): boolean {
  return task.status === 'open' && task.bidCount === 0;
}

/** The board's sortable columns and the API's `sort` for each (`-` descending). */
type SortField = 'biddingDeadline' | 'rewardPoints';
export type BoardSort = 'createdAt' | SortField | `-${SortField}`;

/** The API's `sort` for a table sorter (the default order when none). */
export function boardSortOf(sorter: Pick<SorterResult<TaskSummaryView>, 'columnKey' | 'order'>): BoardSort {
  const key = sorter.columnKey;
  if ((key !== 'biddingDeadline' && key !== 'rewardPoints') || !sorter.order) return 'createdAt';
  return sorter.order === 'descend' ? `-${key}` : key;
}

const orderOf = (sort: BoardSort, key: SortField) => (sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null);

/** 任务榜: the public board, searched, filtered, sorted and paged on the server; publishers correct or withdraw open tasks without bids. */
export function TaskBoardPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const labels = useLabels();
  const navigate = useNavigate();
  const { hasRole } = useSession();
  const [search] = useSearchParams();
  const [filters, setFilters] = useState<{ batchId?: string; status?: TaskStatus; domain?: TaskDomain }>(() => ({
    batchId: search.get('batchId') ?? undefined,
    status: (search.get('status') as TaskStatus | null) ?? undefined,
    domain: (search.get('domain') as TaskDomain | null) ?? undefined,
  }));
  const [q, setQ] = useState(() => search.get('q') ?? '');
  const [sort, setSort] = useState<BoardSort>('createdAt');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const departmentName = useDepartmentNames();
  const batches = useApiQuery(() => api.get<Page<TaskBatchView>>('/task-batches', { page: 1, pageSize: 100 }), []);
  const query = { ...filters, ...(q ? { q } : {}), sort };
  const tasks = useApiQuery(() => api.get<Page<TaskSummaryView>>('/tasks', { ...query, ...paging }), [filters, q, sort, paging]);
  const filtered = Boolean(q || filters.batchId || filters.status || filters.domain);
  const batchName = (id: string) => batches.data?.items.find((b) => b.id === id)?.name ?? '—';

  return (
    <Card
      title={t('tasks.board.title')}
      extra={
        hasRole('publisher') && (
          <Button autoInsertSpace={false} type="primary" icon={<PlusOutlined />} onClick={() => navigate('/tasks/new')}>
            {t('tasks.action.create')}
          </Button>
        )
      }
    >
      <Form layout={phone ? 'vertical' : 'inline'} style={{ marginBottom: 16, rowGap: 8, flexWrap: 'wrap' }}>
        <Form.Item label={t('tasks.board.search')} style={{ minWidth: 0, maxWidth: '100%' }}>
          <Input.Search
            allowClear
            aria-label={t('tasks.board.search')}
            placeholder={t('tasks.board.searchPlaceholder')}
            maxLength={50}
            defaultValue={q}
            style={{ width: phone ? '100%' : 260 }}
            onSearch={(value) => {
              setQ(value.trim());
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          />
        </Form.Item>
        <Form.Item label={t('tasks.field.batch')} style={{ minWidth: 220 }}>
          <Select
            allowClear
            aria-label={t('tasks.field.batch')}
            value={filters.batchId}
            options={batches.data?.items.map((b) => ({ value: b.id, label: b.name }))}
            onChange={(batchId) => {
              setFilters((f) => ({ ...f, batchId }));
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          />
        </Form.Item>
        <Form.Item label={t('tasks.field.status')} style={{ minWidth: 180 }}>
          <Select
            allowClear
            aria-label={t('tasks.field.status')}
            value={filters.status}
            options={STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
            onChange={(status) => {
              setFilters((f) => ({ ...f, status }));
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          />
        </Form.Item>
        <Form.Item label={t('tasks.field.domain')} style={{ minWidth: 200 }}>
          <Select
            allowClear
            aria-label={t('tasks.field.domain')}
            value={filters.domain}
            options={DOMAINS.map((d) => ({ value: d, label: labels.domain(d) }))}
            onChange={(domain) => {
              setFilters((f) => ({ ...f, domain }));
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          />
        </Form.Item>
        <Space wrap>
          <Button autoInsertSpace={false} onClick={() => void tasks.reload()}>{t('action.refresh')}</Button>
          <ExportButton path="/tasks" query={query} name="重点任务" />
        </Space>
      </Form>
      <ProblemAlert error={tasks.error} />
      <ResponsiveTable<TaskSummaryView>
        data-testid="tasks-table"
        rowKey="id"
        loading={tasks.loading}
        dataSource={tasks.data?.items ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: filtered ? t('tasks.board.empty') : t('tasks.board.emptyAll') }}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort') return;
          setSort(boardSortOf(Array.isArray(sorter) ? sorter[0] : sorter));
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: tasks.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
        columns={[
          { title: t('tasks.field.title'), dataIndex: 'title', render: (title: string, row) => <Link to={`/tasks/${row.id}`}>{title}</Link> },
          { title: t('tasks.field.batch'), dataIndex: 'batchId', render: (id: string) => batchName(id) },
          { title: t('tasks.field.publisherDepartment'), dataIndex: 'departmentId', render: (id: string) => departmentName(id) },
          { title: t('tasks.field.domain'), dataIndex: 'domain', render: (d: TaskDomain) => labels.domain(d) },
          { title: t('tasks.field.flags'), dataIndex: 'flags', render: (flags) => <FlagTags flags={flags} /> },
          { title: t('tasks.field.status'), dataIndex: 'status', render: (s: TaskStatus) => <StatusTag status={s} /> },
          { title: t('tasks.field.rewardPoints'), dataIndex: 'rewardPoints', key: 'rewardPoints', sorter: true, sortOrder: orderOf(sort, 'rewardPoints'), render: (n: number) => t('tasks.points', { n }) },
          { title: t('tasks.field.bidCount'), dataIndex: 'bidCount' },
          { title: t('tasks.field.biddingDeadline'), dataIndex: 'biddingDeadline', key: 'biddingDeadline', sorter: true, sortOrder: orderOf(sort, 'biddingDeadline'), render: (v: string) => formatTime(v) },
          { title: t('tasks.field.verdict'), dataIndex: 'verdict', render: (v) => (v ? labels.verdict(v) : '—') },
          ...(hasRole('publisher')
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, row: TaskSummaryView) =>
                    correctable(row) && (
                      <Button autoInsertSpace={false} size="small" onClick={() => navigate(`/tasks/${row.id}/edit`)}>
                        {t('tasks.correct.action')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('tasks.board.hint')}
      </Typography.Paragraph>
    </Card>
  );
}
