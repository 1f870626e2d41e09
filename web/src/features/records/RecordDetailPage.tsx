import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { CheckOutlined, DeleteOutlined, EditOutlined, ExclamationCircleOutlined, RollbackOutlined, SendOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { RecordDetailView } from '@cadre/contracts';
import { api, ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { ItemText, StatusTag, formatTime, useRecordLabels, useTaxonomy } from './shared';
import { actionsFor, sharesSettled, unconfirmedShares } from './rules';
import { DecisionModal, type DecisionKind } from './DecisionModal';
import { FileList } from '../../components/files/FileList';
import { fileRefs } from '../../components/files/types';
import { AppealButton } from '../appeals/entry';
import { recordAppealable } from '../appeals/rules';

const HISTORY_COLORS: Record<string, string> = {
  'review:approve': 'green',
  'assess:confirm': 'green',
  'review:reject': 'red',
  revoke: 'red',
  'review:return': 'orange',
  'assess:return': 'orange',
  'participation:dispute': 'orange',
  reopen: 'red',
  withdraw: 'orange',
  delete: 'gray',
};

/** A record with its participants, evidence (previewed or downloaded), the whole history (timeline with comments) and the actions its state allows. */
export function RecordDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const labels = useRecordLabels();
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { taxonomy, basePoints } = useTaxonomy();
  const [record, setRecord] = useState<RecordDetailView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [dialog, setDialog] = useState<DecisionKind | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setRecord(await api.get<RecordDetailView>(`/records/${encodeURIComponent(id)}`));
    } catch (caught) {
      setLoadError(caught);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (loadError) {
    if (loadError instanceof ApiError && loadError.status === 404) {
      return <Result status="404" title="404" subTitle={t('records.detail.notFound')} extra={<Link to="/records">{t('records.action.back')}</Link>} />;
    }
    return <ProblemAlert error={loadError} />;
  }
  if (!record || !user) return <Spin description={t('common.loading')} />;

  const actions = actionsFor(record, user);
  const mine = record.participants.find((p) => p.userId === user.id && p.userId !== record.cadreId);

  const submit = async () => {
    setSubmitting(true);
    setActionError(null);
    try {
      setRecord(await api.post<RecordDetailView>(`/records/${record.id}/submit`));
      message.success(t('records.submitted'));
    } catch (caught) {
      setActionError(caught);
      if (caught instanceof ApiError && caught.status === 409) void load();
    } finally {
      setSubmitting(false);
    }
  };

  const remove = () => {
    modal.confirm({
      title: t('records.decision.deleteTitle', { title: record.title }),
      content: record.submittedAt ? t('records.decision.deleteSubmittedBefore') : t('records.decision.deleteNeverSubmitted'),
      okText: t('records.action.delete'),
      okButtonProps: { danger: true },
      cancelText: t('action.cancel'),
      onOk: async () => {
        setActionError(null);
        try {
          await api.delete(`/records/${record.id}`);
          message.success(t('records.deleted'));
          if (record.submittedAt) void load();
          else navigate('/records');
        } catch (caught) {
          setActionError(caught);
          if (caught instanceof ApiError && caught.status === 409) void load();
        }
      },
    });
  };

  const points = basePoints(record.itemCode);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {record.title}
            </Typography.Title>
            <StatusTag status={record.status} />
          </Space>
        }
        extra={<Link to="/records">{t('records.action.back')}</Link>}
      >
        <ProblemAlert error={actionError} onClose={() => setActionError(null)} />
        {record.duplicateEvidence && (
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            style={{ marginBottom: 16 }}
            title={t('records.detail.duplicate')}
            description={
              record.duplicateOf.length ? (
                <span data-testid="duplicate-of">
                  {t('records.detail.duplicateOf')}
                  {record.duplicateOf.map((other, index) => (
                    <Link key={other} to={`/records/${other}`} style={{ marginRight: 8 }}>
                      {t('records.detail.duplicateItem', { n: index + 1 })}
                    </Link>
                  ))}
                </span>
              ) : undefined
            }
          />
        )}
        {(record.status === 'submitted' || record.status === 'reviewed') && !sharesSettled(record) && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="shares-unsettled"
            title={t('records.shares.unsettled')}
            description={[
              ...(unconfirmedShares(record).pending.length ? [t('records.shares.pending', { names: unconfirmedShares(record).pending.join('、') })] : []),
              ...(unconfirmedShares(record).disputed.length ? [t('records.shares.disputed', { names: unconfirmedShares(record).disputed.join('、') })] : []),
            ].join('；')}
          />
        )}
        {mine && (
          <Alert
            type={mine.confirmation === 'disputed' ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 16 }}
            title={t('records.detail.yourShare', { share: mine.share, role: labels.role(mine.role), state: labels.confirmation(mine.confirmation) })}
          />
        )}
        <Space wrap style={{ marginBottom: 16 }} data-testid="record-actions">
          {actions.includes('edit') && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/records/${record.id}/edit`)}>
              {t('records.action.edit')}
            </Button>
          )}
          {actions.includes('submit') && (
            <Button type="primary" icon={<SendOutlined />} loading={submitting} onClick={submit}>
              {t('records.action.submit')}
            </Button>
          )}
          {actions.includes('withdraw') && (
            <Button icon={<RollbackOutlined />} onClick={() => setDialog('withdraw')}>
              {t('records.action.withdraw')}
            </Button>
          )}
          {actions.includes('delete') && (
            <Button danger icon={<DeleteOutlined />} onClick={remove}>
              {t('records.action.delete')}
            </Button>
          )}
          {actions.includes('review') && (
            <Button type="primary" onClick={() => setDialog('review')}>
              {t('records.action.review')}
            </Button>
          )}
          {actions.includes('assess') && (
            <Button type="primary" onClick={() => setDialog('assess')}>
              {t('records.action.assess')}
            </Button>
          )}
          {actions.includes('revoke') && (
            <Button danger onClick={() => setDialog('revoke')}>
              {t('records.action.revoke')}
            </Button>
          )}
          {actions.includes('confirmShare') && (
            <Button icon={<CheckOutlined />} onClick={() => setDialog('confirmShare')}>
              {t('records.action.confirmShare')}
            </Button>
          )}
          {actions.includes('disputeShare') && (
            <Button icon={<ExclamationCircleOutlined />} onClick={() => setDialog('disputeShare')}>
              {t('records.action.disputeShare')}
            </Button>
          )}
          {recordAppealable(record, user.id) && <AppealButton subjectType="record" subjectId={record.id} title={record.title} />}
        </Space>
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
          <Descriptions.Item label={t('records.field.item')}>
            <ItemText taxonomy={taxonomy} code={record.itemCode} />
            {points !== undefined && <Tag style={{ marginLeft: 8 }}>{t('records.item.basePoints', { points })}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('records.field.cadre')}>{record.cadreName}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.period')}>
            {record.periodStart} ~ {record.periodEnd}
          </Descriptions.Item>
          <Descriptions.Item label={t('records.field.impactLevel')}>{labels.impact(record.impactLevel)}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.confirmedImpactLevel')}>{labels.impact(record.confirmedImpactLevel)}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.rating')}>{labels.rating(record.rating)}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.createdAt')}>{formatTime(record.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.submittedAt')}>{formatTime(record.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.version')}>{record.version}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.taxonomyVersion')}>{record.taxonomyVersion}</Descriptions.Item>
          <Descriptions.Item label={t('records.field.description')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{record.description || '—'}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('records.detail.participants')} size="small">
        <ResponsiveTable
          data-testid="participants-table"
          rowKey="userId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={record.participants}
          columns={[
            { title: t('records.participants.name'), dataIndex: 'name', key: 'name', render: (name: string) => name || t('people.unknown') },
            { title: t('records.participants.role'), dataIndex: 'role', key: 'role', render: (role: string) => labels.role(role) },
            { title: t('records.participants.share'), dataIndex: 'share', key: 'share', render: (share: number) => `${share}%` },
            {
              title: t('records.participants.confirmation'),
              dataIndex: 'confirmation',
              key: 'confirmation',
              render: (value: string) => <Tag color={value === 'confirmed' ? 'success' : value === 'disputed' ? 'warning' : 'default'}>{labels.confirmation(value)}</Tag>,
            },
            { title: t('records.field.comment'), dataIndex: 'comment', key: 'comment', render: (comment: string) => comment || '—' },
          ]}
        />
      </Card>

      {record.results.length > 0 && (
        <Card title={t('records.detail.results')} size="small">
          <ResponsiveTable
            rowKey={(_, index) => String(index)}
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={record.results}
            columns={[
              { title: t('records.results.name'), dataIndex: 'name', key: 'name' },
              { title: t('records.results.value'), dataIndex: 'value', key: 'value' },
              { title: t('records.results.unit'), dataIndex: 'unit', key: 'unit' },
            ]}
          />
        </Card>
      )}

      <Card title={t('records.detail.evidence')} size="small">
        {record.evidence.length === 0 ? (
          <Empty description={t('records.evidence.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <FileList files={fileRefs(record.evidence)} data-testid="evidence-list" />
        )}
      </Card>

      <Card title={t('records.detail.history')} size="small">
        <Timeline
          data-testid="record-history"
          items={record.history.map((entry, index) => ({
            key: `${entry.version}-${index}`,
            color: HISTORY_COLORS[entry.action] ?? 'blue',
            content: (
              <div>
                <Space wrap>
                  <Typography.Text strong>{labels.history(entry.action)}</Typography.Text>
                  {entry.from && entry.from !== entry.to && (
                    <Typography.Text type="secondary">{t('records.history.move', { from: labels.status(entry.from), to: labels.status(entry.to) })}</Typography.Text>
                  )}
                  <Typography.Text type="secondary">
                    {t('records.field.version')} {entry.version}
                  </Typography.Text>
                </Space>
                <div>
                  <Typography.Text type="secondary">{t('records.history.by', { name: entry.actorName, at: formatTime(entry.at) })}</Typography.Text>
                </div>
                {entry.comment && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{entry.comment}</Typography.Paragraph>}
              </div>
            ),
          }))}
        />
      </Card>

      <DecisionModal
        kind={dialog}
        record={record}
        onClose={() => setDialog(null)}
        onDone={(updated) => {
          setDialog(null);
          setRecord(updated);
        }}
      />
    </Space>
  );
}
