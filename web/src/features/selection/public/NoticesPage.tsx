import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import type { NoticeView } from '@cadre/contracts';
import { ApiError } from '../../../api/client';
import { useApiQuery } from '../../../api/useApiQuery';
import { useSession } from '../../../app/session';
import { beijingTime } from '../../../components/beijing';
import { useSubmission } from '../../../components/forms';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useI18n } from '../../../i18n/i18n';
import { formatPoints } from '../../insights/format';
import { selectionPublicApi } from './api';

type Candidate = NoticeView['candidates'][number];

/** An objection's reason: at least this many characters (SELECTION_LIMITS.reasonMinLength; the API says so again). */
const REASON_MIN = 5;

function CandidateCard({ notice, candidate, mayObject, onObject }: { notice: NoticeView; candidate: Candidate; mayObject: boolean; onObject(): void }) {
  const { t } = useI18n();
  const { summary } = candidate;
  const withdrawn = candidate.status === 'withdrawn';
  return (
    <Card
      size="small"
      data-testid={`candidate-${notice.roundId}-${candidate.candidateId}`}
      style={{ width: '100%', opacity: withdrawn ? 0.7 : 1 }}
      styles={{ body: { padding: 12 } }}
      title={
        <Space orientation="vertical" size={0} style={{ whiteSpace: 'normal' }}>
          <Typography.Text strong style={{ fontSize: 17 }}>
            {candidate.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {[candidate.departmentName, candidate.title, candidate.rankLabel].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      }
      extra={<Tag color={withdrawn ? 'red' : 'blue'}>{candidate.statusLabel}</Tag>}
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text strong>{t('selectionPublic.notices.position', { position: candidate.position })}</Typography.Text>
        <Space wrap size={[8, 4]} data-testid="summary-figures">
          <Tag color="gold">{t('selectionPublic.notices.points', { points: formatPoints(summary.points) })}</Tag>
          <Tag>{t('selectionPublic.notices.records', { n: summary.verifiedRecords })}</Tag>
          <Tag>{t('selectionPublic.notices.tasks', { n: summary.concludedTasks })}</Tag>
        </Space>
        {summary.topItems.length > 0 && (
          <div>
            <Typography.Text type="secondary">{t('selectionPublic.notices.topItems')}：</Typography.Text>
            {summary.topItems.map((item) => `${item.name} ${formatPoints(item.points)}`).join('、')}
          </div>
        )}
        {summary.records.length > 0 && (
          <div>
            <Typography.Text type="secondary">{t('selectionPublic.notices.bestRecords')}：</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
              {summary.records.map((record, i) => (
                <li key={i} style={{ wordBreak: 'break-word' }}>
                  {record.title}
                  <Typography.Text type="secondary">
                    {' '}
                    · {record.itemName} · {record.verifiedAt}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          </div>
        )}
        {summary.grades.length > 0 && (
          <div>
            <Typography.Text type="secondary">{t('selectionPublic.notices.grades')}：</Typography.Text>
            {summary.grades.join('、')}
          </div>
        )}
        {mayObject && (
          <Button size="large" block danger onClick={onObject} style={{ minHeight: 44 }}>
            {t('selectionPublic.notices.object')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

function ObjectionModal({ notice, candidateId, onClose, onClosedWindow }: { notice: NoticeView | null; candidateId?: string; onClose(): void; onClosedWindow(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ candidateId: string; reason: string }>();
  const submission = useSubmission(form, { fieldErrorsSuffice: true });
  const closed = submission.error instanceof ApiError && submission.error.status === 409;

  const submit = (values: { candidateId: string; reason: string }) =>
    submission.run(async () => {
      try {
        await selectionPublicApi.object(notice!.roundId, { candidateId: values.candidateId, reason: values.reason.trim() });
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 409) onClosedWindow();
        throw caught;
      }
      message.success(t('selectionPublic.objection.submitted'));
      onClose();
    });

  return (
    <Modal
      open={!!notice}
      title={notice ? `${t('selectionPublic.objection.title')} · ${notice.name}` : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={520}
      style={{ maxWidth: 'calc(100vw - 16px)' }}
    >
      {notice && (
        <Form form={form} layout="vertical" initialValues={{ candidateId }} onFinish={(values) => void submit(values)} data-testid="objection-form">
          <Alert type="info" showIcon title={t('selectionPublic.objection.privacy')} style={{ marginBottom: 16 }} data-testid="objection-privacy" />
          <Form.Item name="candidateId" label={t('selectionPublic.objection.candidate')} rules={[{ required: true }]}>
            <Select
              size="large"
              options={notice.candidates.filter((c) => c.status === 'selected').map((c) => ({ value: c.candidateId, label: `${c.name} · ${c.position}` }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('selectionPublic.objection.reason')}
            rules={[{ validator: async (_, value?: string) => ((value ?? '').trim().length >= REASON_MIN ? undefined : Promise.reject(new Error(t('selectionPublic.objection.reasonShort')))) }]}
          >
            <Input.TextArea rows={5} maxLength={2000} showCount placeholder={t('selectionPublic.objection.reasonPlaceholder')} />
          </Form.Item>
          {closed ? (
            <Alert type="warning" showIcon title={t('selectionPublic.objection.closed')} description={(submission.error as ApiError).problem.detail} data-testid="objection-closed" style={{ marginBottom: 16 }} />
          ) : (
            <ProblemAlert error={submission.error} />
          )}
          <Button type="primary" htmlType="submit" size="large" block loading={submission.busy} disabled={closed} style={{ minHeight: 48 }}>
            {t('selectionPublic.objection.submit')}
          </Button>
        </Form>
      )}
    </Modal>
  );
}

/**
 * 任前公示 for everyone, phone first: one card per notice with its window and each candidate's verified achievements;
 * while it runs anyone but the candidate may raise an objection (异议), whose author only the organisation sees.
 */
export function NoticesPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const notices = useApiQuery(() => selectionPublicApi.notices(), []);
  const items = notices.data?.items ?? [];
  const [objecting, setObjecting] = useState<{ notice: NoticeView; candidateId: string } | null>(null);

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('selectionPublic.notices.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('selectionPublic.notices.hint')}</Typography.Text>
        <ProblemAlert error={notices.error} onRetry={notices.reload} />
        {notices.loading && !notices.data && <Spin style={{ display: 'block', margin: '32px auto' }} />}
        {notices.data && items.length === 0 && <Empty description={t('selectionPublic.notices.empty')} />}
        {items.map((notice) => (
          <Card
            key={notice.roundId}
            data-testid={`notice-${notice.roundId}`}
            style={{ width: '100%' }}
            styles={{ body: { padding: 12 } }}
            title={
              <Space orientation="vertical" size={0} style={{ whiteSpace: 'normal' }}>
                <Typography.Text strong style={{ fontSize: 18 }}>
                  {notice.name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="notice-window">
                  {t('selectionPublic.notices.window', { from: beijingTime(notice.startsAt), to: beijingTime(notice.endsAt) })}
                </Typography.Text>
              </Space>
            }
            extra={
              <Space orientation="vertical" size={4} align="end">
                <Tag>{notice.kindLabel}</Tag>
                <Tag color={notice.open ? 'processing' : 'default'} data-testid="notice-state">
                  {notice.open ? t('selectionPublic.notices.open') : t('selectionPublic.notices.closed')}
                </Tag>
              </Space>
            }
          >
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {notice.candidates.map((candidate) => (
                <CandidateCard
                  key={candidate.candidateId}
                  notice={notice}
                  candidate={candidate}
                  mayObject={notice.open && candidate.status === 'selected' && candidate.candidateId !== user?.id}
                  onObject={() => setObjecting({ notice, candidateId: candidate.candidateId })}
                />
              ))}
            </Space>
          </Card>
        ))}
      </Space>
      <ObjectionModal
        notice={objecting?.notice ?? null}
        candidateId={objecting?.candidateId}
        onClose={() => setObjecting(null)}
        onClosedWindow={() => notices.setData({ items: items.map((n) => (n.roundId === objecting?.notice.roundId ? { ...n, open: false } : n)) })}
      />
    </div>
  );
}
