import { useEffect, useState } from 'react';
import { Button, Card, Cascader, DatePicker, Form, Input, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import type { RecordDetailView, RecordStatus } from '@cadre/contracts';
import { api, type Page, type Query } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../app/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { ItemText, STATUSES, StatusTag, formatTime, itemFilterOptions, useRecordLabels, useTaxonomy } from './shared';
import { actionsFor, periodRange, sharesSettled } from './rules';
import { DecisionModal, type DecisionKind } from './DecisionModal';
import { BulkDecisionModal } from './BulkDecisionModal';
import type { BulkDecision } from './bulk';
import { ResponsiveTable, useIsPhone } from '../../components/ResponsiveTable';
import { PersonPicker } from '../../components/people/PersonPicker';
import { FileList } from '../../components/files/FileList';
import { fileRefs } from '../../components/files/types';

type ListMode = 'mine' | 'review' | 'assess';

interface Filters {
  status?: RecordStatus;
  /** The period overlapping these days. */
  period?: [Dayjs | null, Dayjs | null] | null;
  item?: string[];
  scope: 'mine' | 'all';
  duplicateOnly: boolean;
  /** A keyword in the title or the filer's name. */
  q?: string;
  /** The filer (a person picked by name). */
  cadreId?: string | null;
}

/** Column key → the API's sort field. */
const SORTABLE: Record<string, string> = { title: 'title', updatedAt: 'updatedAt', periodEnd: 'periodEnd', createdAt: 'createdAt', submittedAt: 'submittedAt' };

/** What each list's export is called. */
const EXPORT_NAMES: Record<ListMode, string> = { mine: '纪实', review: '待审核纪实', assess: '待研判纪实' };

/** 我的纪实 / 审核队列 / 研判认定: one server-paginated table, filtered and sorted by the API, exported as it is filtered. */
export function RecordListPage({ mode }: { mode: ListMode }) {
  const { t } = useI18n();
  const labels = useRecordLabels();
  const { user } = useSession();
  const navigate = useNavigate();
  const { taxonomy } = useTaxonomy();
  // A cadre with no other role sees exactly their own records and those they take part in; others narrow to their own.
  const [defaultScope] = useState<'mine' | 'all'>(() => (user && user.roles.every((role) => role === 'cadre') ? 'all' : 'mine'));
  const [filters, setFilters] = useState<Filters>({ scope: defaultScope, duplicateOnly: false });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [sort, setSort] = useState(mode === 'mine' ? '-updatedAt' : 'createdAt');
  const [dialog, setDialog] = useState<{ kind: DecisionKind; record: RecordDetailView; decision?: string } | null>(null);
  const [selected, setSelected] = useState<RecordDetailView[]>([]);
  const [bulk, setBulk] = useState<BulkDecision | null>(null);
  const [form] = Form.useForm();
  // On a phone the filters go one a line, each the full width (inline fields would overflow 390 px).
  const phone = useIsPhone();

  // The list's filters and order, as the table asks for them (with the page) and the export (every row).
  const listQuery: Query | null = user
    ? {
        sort,
        itemCode: filters.item?.[filters.item.length - 1],
        q: filters.q?.trim() || undefined,
        ...periodRange(filters.period),
        cadreId: filters.cadreId || (mode === 'mine' && filters.scope === 'mine' ? user.id : undefined),
        ...(mode === 'mine'
          ? { status: filters.status }
          : mode === 'review'
            ? { status: 'submitted', departmentId: user.departmentId, duplicateEvidence: filters.duplicateOnly ? 'true' : undefined }
            : { status: 'reviewed', duplicateEvidence: filters.duplicateOnly ? 'true' : undefined }),
      }
    : null;
  const records = useApiQuery(listQuery ? () => api.get<Page<RecordDetailView>>('/records', { page, pageSize, ...listQuery }) : null, [user, page, pageSize, sort, filters, mode]);
  const { data, loading, error, reload: load } = records;
  // A selection holds only rows still listed (after a page change, a filter or a refresh).
  useEffect(() => {
    const listed = new Set((data?.items ?? []).map((r) => r.id));
    setSelected((current) => (current.every((r) => listed.has(r.id)) ? current : current.filter((r) => listed.has(r.id))));
  }, [data]);

  if (!user) return null;

  const onTableChange: TableProps<RecordDetailView>['onChange'] = (pagination, _filters, sorter) => {
    setPage(pagination.current ?? 1);
    setPageSize(pagination.pageSize ?? 20);
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.order ? SORTABLE[String(one.columnKey)] : undefined;
    setSort(field ? `${one.order === 'descend' ? '-' : ''}${field}` : mode === 'mine' ? '-updatedAt' : 'createdAt');
  };

  const sortOrder = (key: string) => {
    const field = SORTABLE[key];
    if (sort === field) return 'ascend' as const;
    if (sort === `-${field}`) return 'descend' as const;
    return null;
  };

  const columns: TableProps<RecordDetailView>['columns'] = [
    {
      title: t('records.field.title'),
      dataIndex: 'title',
      key: 'title',
      sorter: true,
      sortOrder: sortOrder('title'),
      render: (title: string, record) => <Link to={`/records/${record.id}`}>{title}</Link>,
    },
    ...(mode !== 'mine' ? [{ title: t('records.field.cadre'), dataIndex: 'cadreName', key: 'cadreName' }] : []),
    { title: t('records.field.item'), dataIndex: 'itemCode', key: 'itemCode', render: (code: string) => <ItemText taxonomy={taxonomy} code={code} /> },
    {
      title: t('records.field.period'),
      key: 'periodEnd',
      sorter: true,
      sortOrder: sortOrder('periodEnd'),
      render: (_, record) => `${record.periodStart} ~ ${record.periodEnd}`,
    },
    { title: t('records.field.impactLevel'), dataIndex: 'impactLevel', key: 'impactLevel', render: (level: string) => labels.impact(level) },
    ...(mode === 'mine'
      ? [
          { title: t('records.field.status'), dataIndex: 'status', key: 'status', render: (status: RecordStatus) => <StatusTag status={status} /> },
          {
            title: t('records.field.rating'),
            key: 'rating',
            render: (_: unknown, record: RecordDetailView) => (record.rating ? `${labels.rating(record.rating)} · ${labels.impact(record.confirmedImpactLevel)}` : '—'),
          },
        ]
      : [
          {
            title: t('records.detail.evidence'),
            key: 'evidence',
            render: (_: unknown, record: RecordDetailView) =>
              record.evidence.length ? <FileList compact files={fileRefs(record.evidence)} /> : <Typography.Text type="secondary">{t('records.evidence.none')}</Typography.Text>,
          },
          {
            title: t('records.field.duplicate'),
            dataIndex: 'duplicateEvidence',
            key: 'duplicateEvidence',
            render: (duplicate: boolean) =>
              duplicate ? (
                <Tag color="error" icon={<WarningOutlined />} data-testid="duplicate-flag">
                  {t('records.duplicate.yes')}
                </Tag>
              ) : (
                <Typography.Text type="secondary">{t('records.duplicate.no')}</Typography.Text>
              ),
          },
        ]),
    {
      title: mode === 'mine' ? t('records.field.updatedAt') : t('records.field.submittedAt'),
      key: mode === 'mine' ? 'updatedAt' : 'submittedAt',
      sorter: true,
      sortOrder: sortOrder(mode === 'mine' ? 'updatedAt' : 'submittedAt'),
      render: (_, record) => formatTime(mode === 'mine' ? record.updatedAt : record.submittedAt),
    },
    {
      title: t('records.field.actions'),
      key: 'actions',
      render: (_, record) => {
        const actions = actionsFor(record, user);
        return (
          <Space wrap size={4}>
            <Button size="small" onClick={() => navigate(`/records/${record.id}`)} aria-label={`${t('records.action.view')} ${record.title}`}>
              {t('records.action.view')}
            </Button>
            {mode === 'mine' && actions.includes('edit') && (
              <Button size="small" onClick={() => navigate(`/records/${record.id}/edit`)} aria-label={`${t('records.action.edit')} ${record.title}`}>
                {t('records.action.edit')}
              </Button>
            )}
            {mode !== 'mine' && actions.includes(mode) && <DecisionButtons kind={mode} record={record} onDecide={(decision) => setDialog({ kind: mode, record, decision })} />}
          </Space>
        );
      },
    },
  ];

  const title = mode === 'mine' ? t('records.mine.title') : mode === 'review' ? t('records.review.title') : t('records.assess.title');
  const applyFilters = (values: Partial<Filters>) => {
    setPage(1);
    setFilters((current) => ({ ...current, ...values }));
  };
  const filtered = !!(filters.q || filters.cadreId || filters.status || filters.period || filters.item?.length || filters.duplicateOnly);
  const emptyText = filtered ? t('records.empty.filtered') : mode === 'mine' ? t('records.empty.mine') : t('records.empty.queue');
  const decidable = (record: RecordDetailView) => mode !== 'mine' && actionsFor(record, user).includes(mode);
  const bulkDecisions: { decision: BulkDecision; label: MessageKey }[] =
    mode === 'review'
      ? [
          { decision: 'approve', label: 'records.bulk.approve' },
          { decision: 'return', label: 'records.bulk.return' },
        ]
      : [
          { decision: 'confirm', label: 'records.bulk.confirm' },
          { decision: 'return', label: 'records.bulk.return' },
        ];

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>}
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('action.refresh')}
          </Button>
          <ExportButton path="/records" query={listQuery ?? {}} name={EXPORT_NAMES[mode]} />
          {mode === 'mine' && user.roles.includes('cadre') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/records/new')}>
              {t('records.action.new')}
            </Button>
          )}
        </Space>
      }
    >
      {mode === 'review' && <Typography.Paragraph type="secondary">{t('records.review.hint')}</Typography.Paragraph>}
      {mode === 'assess' && <Typography.Paragraph type="secondary">{t('records.assess.hint')}</Typography.Paragraph>}
      <Form
        form={form}
        layout={phone ? 'vertical' : 'inline'}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label={t('records.action.search')}
        initialValues={{ scope: defaultScope, duplicateOnly: false }}
        onValuesChange={(changed, all) => {
          // The keyword applies on Enter or the search button, not on every keystroke.
          if ('q' in changed) return;
          applyFilters({ status: all.status, item: all.item, scope: all.scope, duplicateOnly: all.duplicateOnly, period: all.period ?? null, cadreId: all.cadreId ?? null });
        }}
      >
        <Form.Item label={t('records.search.keyword')} name="q">
          <Input.Search
            allowClear
            maxLength={50}
            style={{ width: phone ? '100%' : 220, maxWidth: '100%' }}
            placeholder={t('records.search.keywordPlaceholder')}
            aria-label={t('records.search.keyword')}
            enterButton={t('records.action.search')}
            onSearch={(value) => applyFilters({ q: value.trim() || undefined })}
          />
        </Form.Item>
        <Form.Item label={t('records.search.person')} name="cadreId">
          <PersonPicker
            aria-label={t('records.search.person')}
            placeholder={t('records.search.personPlaceholder')}
            departmentId={mode === 'review' ? user.departmentId : undefined}
            style={{ width: phone ? '100%' : 200, maxWidth: '100%' }}
          />
        </Form.Item>
        {mode === 'mine' && (
          <>
            <Form.Item label={t('records.field.scope')} name="scope">
              <Select style={{ minWidth: 140, width: phone ? '100%' : undefined }} options={[{ value: 'mine', label: t('records.scope.mine') }, { value: 'all', label: t('records.scope.all') }]} />
            </Form.Item>
            <Form.Item label={t('records.field.status')} name="status">
              <Select allowClear style={{ minWidth: 120, width: phone ? '100%' : undefined }} options={STATUSES.map((status) => ({ value: status, label: labels.status(status) }))} />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('records.field.periodRange')} name="period">
          <DatePicker.RangePicker allowEmpty={[true, true]} format="YYYY-MM-DD" style={{ width: phone ? '100%' : undefined, maxWidth: '100%' }} aria-label={t('records.field.periodRange')} />
        </Form.Item>
        <Form.Item label={t('records.field.item')} name="item">
          <Cascader changeOnSelect options={itemFilterOptions(taxonomy)} style={{ minWidth: phone ? '100%' : 200, maxWidth: '100%' }} allowClear aria-label={t('records.field.item')} />
        </Form.Item>
        {mode !== 'mine' && (
          <Form.Item label={t('records.duplicate.filter')} name="duplicateOnly" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              applyFilters({ status: undefined, period: null, item: undefined, scope: defaultScope, duplicateOnly: false, q: undefined, cadreId: null });
            }}
          >
            {t('records.action.reset')}
          </Button>
        </Form.Item>
      </Form>
      <ProblemAlert error={error} />
      {mode !== 'mine' && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="bulk-bar">
          <Typography.Text>{t('records.bulk.selected', { count: selected.length })}</Typography.Text>
          {bulkDecisions.map((d, index) => (
            <Button key={d.decision} type={index === 0 ? 'primary' : undefined} disabled={selected.length === 0} onClick={() => setBulk(d.decision)}>
              {t(d.label)}
            </Button>
          ))}
          {selected.length > 0 && (
            <Button type="link" onClick={() => setSelected([])}>
              {t('records.bulk.clear')}
            </Button>
          )}
        </Space>
      )}
      <ResponsiveTable<RecordDetailView>
        data-testid={mode === 'mine' ? 'records-table' : mode === 'review' ? 'review-queue-table' : 'assess-queue-table'}
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: true }}
        onChange={onTableChange}
        rowSelection={
          mode === 'mine'
            ? undefined
            : {
                selectedRowKeys: selected.map((r) => r.id),
                onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
                getCheckboxProps: (record) => ({ disabled: !decidable(record), 'aria-label': record.title }),
              }
        }
        locale={{ emptyText }}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], showTotal: (total) => t('records.total', { total }) }}
        rowClassName={(record) => (record.duplicateEvidence && mode !== 'mine' ? 'records-duplicate-row' : '')}
      />
      <DecisionModal
        kind={dialog?.kind ?? null}
        record={dialog?.record ?? null}
        initialDecision={dialog?.decision}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          void load();
        }}
      />
      {mode !== 'mine' && (
        <BulkDecisionModal
          kind={mode}
          records={selected}
          decision={bulk}
          onClose={() => setBulk(null)}
          onDone={(succeeded) => {
            setSelected((current) => current.filter((r) => !succeeded.includes(r.id)));
            void load();
          }}
        />
      )}
      {mode !== 'mine' && data?.items.some((r) => r.duplicateEvidence) && (
        <Tooltip title={t('records.detail.duplicate')}>
          <Typography.Text type="secondary">
            <WarningOutlined /> {t('records.detail.duplicate')}
          </Typography.Text>
        </Tooltip>
      )}
    </Card>
  );
}

/** The queue's decisions on a record, the first (approve, confirm) only once every share is confirmed. */
const DECISIONS = {
  review: [
    { decision: 'approve', label: 'records.action.approve' },
    { decision: 'return', label: 'records.action.return' },
    { decision: 'reject', label: 'records.action.reject', danger: true },
  ],
  assess: [
    { decision: 'confirm', label: 'records.action.confirm' },
    { decision: 'return', label: 'records.action.return' },
  ],
} as const satisfies Record<'review' | 'assess', readonly { decision: string; label: MessageKey; danger?: boolean }[]>;

function DecisionButtons({ kind, record, onDecide }: { kind: 'review' | 'assess'; record: RecordDetailView; onDecide: (decision: string) => void }) {
  const { t } = useI18n();
  const settled = sharesSettled(record);
  return (
    <>
      {!settled && <Tag color="warning">{t('records.shares.badge')}</Tag>}
      {DECISIONS[kind].map((d, index) => (
        <Button
          key={d.decision}
          size="small"
          type={index === 0 ? 'primary' : undefined}
          danger={'danger' in d && d.danger}
          disabled={index === 0 && !settled}
          title={index === 0 && !settled ? t('records.shares.unsettled') : undefined}
          onClick={() => onDecide(d.decision)}
          aria-label={`${t(d.label)} ${record.title}`}
        >
          {t(d.label)}
        </Button>
      ))}
    </>
  );
}
