import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Pagination, Radio, Result, Select, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { AppealView } from '@cadre/contracts';
import { ApiError } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { useSession } from '../../app/session';
import { beijingTime } from '../../components/beijing';
import { ExportButton } from '../../components/ExportButton';
import { useSubmission } from '../../components/forms';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { appealsApi } from './api';
import { subjectFromQuery } from './rules';

/** A reason: at least this many characters (SELECTION_LIMITS.reasonMinLength; the API says so again). */
const REASON_MIN = 5;
const STATUSES = ['pending', 'upheld', 'dismissed'] as const;
const STATUS_COLORS: Record<string, string> = { pending: 'processing', upheld: 'success', dismissed: 'default' };

function StatusTag({ appeal }: { appeal: Pick<AppealView, 'status' | 'statusLabel'> }) {
  return (
    <Tag color={STATUS_COLORS[appeal.status]} data-testid="appeal-status">
      {appeal.statusLabel}
    </Tag>
  );
}

/** The form of a new appeal, its subject chosen by the entry point (record, verdict, points entry). */
function FileAppeal({ subject }: { subject: NonNullable<ReturnType<typeof subjectFromQuery>> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ reason: string }>();
  const submission = useSubmission(form, { fieldErrorsSuffice: true });
  const submit = ({ reason }: { reason: string }) =>
    submission.run(async () => {
      const filed = await appealsApi.file({ subjectType: subject.subjectType, subjectId: subject.subjectId, reason: reason.trim() });
      message.success(t('appeals.form.submitted'));
      navigate(`/selection/appeals/${encodeURIComponent(filed.id)}`);
    });
  return (
    <Card title={t('appeals.file')} size="small" data-testid="appeal-form">
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item label={t('appeals.form.subjectType')}>
          <Typography.Text strong>{t(`appeals.subjectType.${subject.subjectType}`)}</Typography.Text>
        </Form.Item>
        <Form.Item label={t('appeals.form.subject')}>
          <Typography.Text data-testid="appeal-subject">{subject.title}</Typography.Text>
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('appeals.form.reason')}
          rules={[{ validator: async (_, value?: string) => ((value ?? '').trim().length >= REASON_MIN ? undefined : Promise.reject(new Error(t('appeals.form.reasonShort')))) }]}
        >
          <Input.TextArea rows={5} maxLength={2000} showCount placeholder={t('appeals.form.reasonPlaceholder')} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('appeals.form.window')}</Typography.Paragraph>
        <ProblemAlert error={submission.error} />
        <Button type="primary" htmlType="submit" size="large" block loading={submission.busy} style={{ minHeight: 48 }}>
          {t('appeals.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** One page of appeals as cards (phone-sized), each opening its page. */
function AppealList({ mine, status }: { mine: boolean; status?: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useApiQuery(() => appealsApi.list({ mine: mine ? 'true' : undefined, status, page, pageSize: 20 }), [mine, status, page]);
  const items = list.data?.items ?? [];
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid={mine ? 'appeals-mine' : 'appeals-all'}>
      <ProblemAlert error={list.error} />
      {list.loading && !list.data && <Spin style={{ display: 'block', margin: '24px auto' }} />}
      {list.data && items.length === 0 && <Empty description={t('appeals.empty')} />}
      {items.map((appeal) => (
        <Card key={appeal.id} size="small" data-testid={`appeal-${appeal.id}`} style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
              <Space wrap size={4}>
                <Tag>{appeal.subject.typeLabel}</Tag>
                <Link to={`/selection/appeals/${encodeURIComponent(appeal.id)}`} style={{ wordBreak: 'break-word' }}>
                  {appeal.subject.title}
                </Link>
              </Space>
              <Typography.Text type="secondary">
                {[!mine ? `${appeal.appellant.name}（${appeal.appellant.departmentName}）` : null, beijingTime(appeal.filedAt)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Space>
            <StatusTag appeal={appeal} />
          </div>
        </Card>
      ))}
      {(list.data?.total ?? 0) > 20 && <Pagination current={page} pageSize={20} total={list.data!.total} onChange={setPage} showSizeChanger={false} size="small" />}
    </Space>
  );
}

/**
 * 申诉 (`/selection/appeals`): my appeals; for assessors and admins also every appeal with a status filter and the
 * export (CSV or Excel). Opened from an entry point (`?subjectType=&subjectId=&title=`) it shows the form of a new appeal.
 */
export function AppealsPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const [params] = useSearchParams();
  const subject = subjectFromQuery(params);
  const organisation = hasRole('assessor', 'admin');
  const [status, setStatus] = useState<string>();
  const [hint, setHint] = useState(false);

  return (
    <div style={{ maxWidth: 880, margin: '0 auto' }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('appeals.title')}
          </Typography.Title>
          {!subject && (
            <Button type="primary" onClick={() => setHint(true)}>
              {t('appeals.file')}
            </Button>
          )}
        </div>
        {subject && <FileAppeal subject={subject} />}
        {!subject && hint && (
          <Alert
            type="info"
            showIcon
            data-testid="appeal-hint"
            title={t('appeals.fileHint')}
            description={
              <Space wrap>
                <Link to="/records">{t('appeals.fileRecords')}</Link>
                <Link to="/my-score">{t('appeals.fileScores')}</Link>
              </Space>
            }
          />
        )}
        {organisation ? (
          <Tabs
            defaultActiveKey="all"
            items={[
              {
                key: 'all',
                label: t('appeals.all'),
                children: (
                  <Space orientation="vertical" size="small" style={{ width: '100%' }}>
                    <Space wrap>
                      <Select
                        aria-label={t('appeals.field.status')}
                        allowClear
                        placeholder={t('appeals.filterStatus')}
                        style={{ minWidth: 140 }}
                        value={status}
                        onChange={(next?: string) => setStatus(next)}
                        options={STATUSES.map((s) => ({ value: s, label: t(`appeals.status.${s}`) }))}
                      />
                      <ExportButton path="/selection/appeals" query={{ status }} name="申诉" />
                    </Space>
                    <AppealList mine={false} status={status} />
                  </Space>
                ),
              },
              { key: 'mine', label: t('appeals.mine'), children: <AppealList mine /> },
            ]}
          />
        ) : (
          <>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('appeals.mine')}
            </Typography.Title>
            <AppealList mine />
          </>
        )}
      </Space>
    </div>
  );
}

/** The decision of an assessor who is not the appellant: 申诉成立 / 驳回 with the answer. */
function DecideAppeal({ appeal, onDecided, onStale }: { appeal: AppealView; onDecided(next: AppealView): void; onStale(error: unknown): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; answer: string }>();
  const submission = useSubmission(form, { fieldErrorsSuffice: true });
  const submit = (values: { outcome: 'upheld' | 'dismissed'; answer: string }) =>
    submission.run(async () => {
      try {
        onDecided(await appealsApi.decide(appeal.id, { outcome: values.outcome, answer: values.answer.trim() }));
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 409) onStale(caught);
        throw caught;
      }
      message.success(t('appeals.decide.done'));
    });
  return (
    <Card title={t('appeals.decide.title')} size="small" data-testid="decide-form">
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item name="outcome" label={t('appeals.decide.outcome')} rules={[{ required: true, message: t('appeals.decide.outcomeRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large">
            <Radio.Button value="upheld">{t('appeals.status.upheld')}</Radio.Button>
            <Radio.Button value="dismissed">{t('appeals.status.dismissed')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="answer" label={t('appeals.decide.answer')} rules={[{ required: true, whitespace: true, message: t('appeals.decide.answerRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <ProblemAlert error={submission.error} />
        <Button type="primary" htmlType="submit" loading={submission.busy}>
          {t('appeals.decide.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** One appeal (`/selection/appeals/:id`): the subject and its decision, the reason, the deadline, the history. */
export function AppealPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { user, hasRole } = useSession();
  const appeal = useApiQuery(() => appealsApi.get(id), [id]);
  const data = appeal.data;
  // A decision refused because another assessor decided first: said here, above the appeal read again.
  const [stale, setStale] = useState<unknown>(null);

  if (appeal.error instanceof ApiError && appeal.error.status === 404)
    return <Result status="404" title="404" subTitle={t('error.404')} extra={<Link to="/selection/appeals">{t('appeals.detail.back')}</Link>} />;
  if (!data) return appeal.error ? <ProblemAlert error={appeal.error} /> : <Spin style={{ display: 'block', margin: '32px auto' }} />;

  const mayDecide = data.status === 'pending' && hasRole('assessor') && user?.id !== data.appellant.id;
  return (
    <div style={{ maxWidth: 880, margin: '0 auto' }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card
          title={
            <Space wrap>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('appeals.detail.title')}
              </Typography.Title>
              <StatusTag appeal={data} />
            </Space>
          }
          extra={<Link to="/selection/appeals">{t('appeals.detail.back')}</Link>}
        >
          <ProblemAlert error={appeal.error} />
          <ProblemAlert error={stale} onClose={() => setStale(null)} />
          <Descriptions bordered size="small" column={1} data-testid="appeal-detail">
            <Descriptions.Item label={t('appeals.field.subject')}>
              <Space wrap size={4}>
                <Tag>{data.subject.typeLabel}</Tag>
                {data.subject.link.startsWith('/') ? <Link to={data.subject.link}>{data.subject.title}</Link> : data.subject.title}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('appeals.field.decision')}>{data.subject.decision}</Descriptions.Item>
            <Descriptions.Item label={t('appeals.field.decidedAt')}>{beijingTime(data.subject.decidedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('appeals.field.appellant')}>
              {data.appellant.name}（{data.appellant.departmentName}）
            </Descriptions.Item>
            <Descriptions.Item label={t('appeals.field.reason')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{data.reason}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('appeals.field.filedAt')}>{beijingTime(data.filedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('appeals.field.deadline')}>{beijingTime(data.deadline)}</Descriptions.Item>
            {data.answer !== null && (
              <Descriptions.Item label={t('appeals.field.answer')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{data.answer}</Typography.Paragraph>
              </Descriptions.Item>
            )}
            {data.decidedBy && (
              <Descriptions.Item label={t('appeals.field.decidedBy')}>
                {data.decidedBy.name} · {beijingTime(data.decidedAt)}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        {mayDecide && <DecideAppeal appeal={data} onDecided={appeal.setData} onStale={(error) => {
              setStale(error);
              appeal.reload();
            }} />}
        <Card title={t('appeals.detail.history')} size="small">
          <Timeline
            data-testid="appeal-history"
            items={data.history.map((entry, i) => ({
              key: String(i),
              color: entry.action === 'decide' ? 'green' : 'blue',
              content: (
                <div>
                  <Typography.Text strong>{entry.actionLabel}</Typography.Text>
                  <Typography.Text type="secondary">
                    {' '}
                    {entry.by.name} · {beijingTime(entry.at)}
                  </Typography.Text>
                  {entry.detail && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{entry.detail}</Typography.Paragraph>}
                </div>
              ),
            }))}
          />
        </Card>
      </Space>
    </div>
  );
}
