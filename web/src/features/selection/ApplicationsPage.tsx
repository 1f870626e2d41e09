import { useState } from 'react';
import { App, Button, Card, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { ApplicationView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { selectionApi, selectionPaths } from './api';
import { FormModal } from './FormModal';
import { Stack, formatTime, useLabels, usePhone } from './shared';
import { ResponsiveTable } from '../../components/ResponsiveTable';

const STATUS_COLORS: Record<ApplicationView['status'], string> = { submitted: 'orange', recommended: 'green', not_recommended: 'default' };

function Records({ application }: { application: ApplicationView }) {
  const { t } = useLabels();
  if (!application.records.length) return <Typography.Text type="secondary">{t('selection.candidate.none')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="application-records">
      {application.records.map((r) => (
        <li key={r.recordId}>
          <Link to={`/records/${encodeURIComponent(r.recordId)}`}>{r.title}</Link>
          <Typography.Text type="secondary">
            {' '}
            {r.itemName} · {formatTime(r.verifiedAt, true)}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

function Recommendation({ application }: { application: ApplicationView }) {
  const { t } = useLabels();
  const r = application.recommendation;
  return (
    <Space orientation="vertical" size={0}>
      <Space size={4} wrap>
        <Tag color={STATUS_COLORS[application.status]} data-testid="application-status">
          {application.statusLabel}
        </Tag>
        {application.drawn && <Tag color="blue">{t('selection.applications.drawn')}</Tag>}
      </Space>
      {r && (
        <>
          <span>{r.comment}</span>
          <Typography.Text type="secondary">{t('selection.applications.by', { by: r.by.name, at: formatTime(r.at) })}</Typography.Text>
        </>
      )}
    </Space>
  );
}

/**
 * 申报推荐: a 评先评优 round's applications (the reviewers see their subtree's; the API decides) with the statement and
 * evidence records; 推荐 / 不推荐 with a comment while 申报中 and not yet drawn; CSV or Excel.
 */
export function ApplicationsPage() {
  const { id = '' } = useParams();
  const { t, applicationStatus } = useLabels();
  const { message } = App.useApp();
  const phone = usePhone();
  const [status, setStatus] = useState<string | undefined>();
  const [recommending, setRecommending] = useState<{ application: ApplicationView; recommend: boolean } | null>(null);
  const applications = useApiQuery(() => selectionApi.applications(id, { status }), [id, status]);
  const items = applications.data?.items ?? [];
  const roundName = items[0]?.roundName;
  // While 申报中 the API takes recommendations; it answers 409 otherwise, which the modal shows.
  const canRecommend = (a: ApplicationView) => !a.drawn;

  const buttons = (a: ApplicationView) =>
    canRecommend(a) && (
      <Space wrap>
        <Button size={phone ? 'large' : 'middle'} type="primary" onClick={() => setRecommending({ application: a, recommend: true })}>
          {t('selection.applications.recommend')}
        </Button>
        <Button size={phone ? 'large' : 'middle'} onClick={() => setRecommending({ application: a, recommend: false })}>
          {t('selection.applications.notRecommend')}
        </Button>
      </Space>
    );

  return (
    <Card title={roundName ? `${t('selection.applications.title')} · ${roundName}` : t('selection.applications.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            aria-label={t('selection.field.status')}
            allowClear
            placeholder={t('selection.filterStatus')}
            style={{ width: 140 }}
            value={status}
            options={(['submitted', 'recommended', 'not_recommended'] as const).map((s) => ({ value: s, label: applicationStatus(s) }))}
            onChange={(next?: string) => setStatus(next)}
          />
          <ExportButton path={selectionPaths.applications(id)} query={{ status }} name={roundName ? `申报推荐-${roundName}` : '申报推荐'} />
        </Space>
        <ProblemAlert error={applications.error} />
        {phone ? (
          <Stack<ApplicationView>
            loading={applications.loading}
            items={items}
            empty={t('selection.applications.empty')}
            render={(a) => (
              <Card size="small" data-testid="application-card">
                <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{a.applicantName}</Typography.Text>
                    <Tag>{a.award}</Tag>
                  </Space>
                  <Typography.Text type="secondary">
                    {a.departmentName} · {formatTime(a.submittedAt)}
                  </Typography.Text>
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{a.statement}</Typography.Paragraph>
                  <Records application={a} />
                  <Recommendation application={a} />
                  {buttons(a)}
                </Space>
              </Card>
            )}
          />
        ) : (
          <ResponsiveTable<ApplicationView>
            rowKey="id"
            loading={applications.loading}
            dataSource={items}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: t('selection.applications.empty') }}
            columns={[
              { title: t('selection.field.applicant'), key: 'applicant', render: (_, a) => <Typography.Text strong>{a.applicantName}</Typography.Text> },
              { title: t('selection.field.department'), key: 'department', dataIndex: 'departmentName' },
              { title: t('selection.field.award'), key: 'award', dataIndex: 'award' },
              { title: t('selection.field.statement'), key: 'statement', render: (_, a) => <div style={{ maxWidth: 320, whiteSpace: 'pre-wrap' }}>{a.statement}</div> },
              { title: t('selection.field.records'), key: 'records', render: (_, a) => <Records application={a} /> },
              { title: t('selection.field.recommendation'), key: 'recommendation', render: (_, a) => <Recommendation application={a} /> },
              { title: t('selection.field.actions'), key: 'actions', render: (_, a) => buttons(a) },
            ]}
          />
        )}
      </Space>
      <FormModal<{ comment: string; recommend: boolean }, ApplicationView>
        open={!!recommending}
        title={recommending ? `${recommending.recommend ? t('selection.applications.recommend') : t('selection.applications.notRecommend')} · ${recommending.application.applicantName}` : ''}
        okText={recommending?.recommend === false ? t('selection.applications.notRecommend') : t('selection.applications.recommend')}
        initialValues={{ recommend: recommending?.recommend ?? true, comment: recommending?.application.recommendation?.comment ?? '' }}
        submit={({ comment, recommend }) => selectionApi.recommend(id, recommending!.application.id, { recommend, comment: comment.trim() })}
        onDone={(answer) => {
          setRecommending(null);
          applications.setData({ ...(applications.data ?? { total: 0 }), items: items.map((a) => (a.id === answer.id ? answer : a)) });
          message.success(t('selection.applications.saved', { name: answer.applicantName }));
        }}
        onCancel={() => setRecommending(null)}
      >
        <Form.Item name="recommend" label={t('selection.field.recommendation')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: true, label: t('selection.applications.recommend') },
              { value: false, label: t('selection.applications.notRecommend') },
            ]}
          />
        </Form.Item>
        <Form.Item name="comment" label={t('selection.field.comment')} rules={[{ required: true, whitespace: true, message: t('selection.applications.commentRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/** 评先评优推荐: the award rounds taking applications now (`GET /selection/mine` `openAwards`), each to its applications. */
export function RecommendRoundsPage() {
  const { t } = useLabels();
  const mine = useApiQuery(() => selectionApi.mine(), []);
  const awards = mine.data?.openAwards ?? [];
  return (
    <Card title={t('selection.recommend.title')}>
      <ProblemAlert error={mine.error} />
      <Stack
        loading={mine.loading}
        items={awards}
        empty={t('selection.recommend.empty')}
        render={(round) => (
          <Card size="small" data-testid="open-award">
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text strong>{round.name}</Typography.Text>
              <Space size={4} wrap>
                <span>{t('selection.recommend.until', { date: round.applyUntil })}</span>
                {round.awards.map((a) => (
                  <Tag key={a.name}>
                    {a.name} × {a.count}
                  </Tag>
                ))}
              </Space>
              <Link to={`/selection/rounds/${encodeURIComponent(round.roundId)}/applications`}>{t('selection.recommend.open')}</Link>
            </Space>
          </Card>
        )}
      />
    </Card>
  );
}
