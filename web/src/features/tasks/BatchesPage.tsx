import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import { ResponsiveTable, useIsPhone } from '../../components/ResponsiveTable';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import type { Page, TaskBatchView, TaskStatus, TaskSummaryView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { STATUSES, StatusTag, formatTime, useLabels } from './shared';
import { useApiQuery } from '../../api/useApiQuery';

/** 批次与任务 (publisher): the batches, a new batch, and the tasks by status (drafts first) with their next steps. */
export function BatchesPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const labels = useLabels();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const { busy, error, run } = useSubmission(form);
  const [batchPaging, setBatchPaging] = useState({ page: 1, pageSize: 10 });
  const [status, setStatus] = useState<TaskStatus | undefined>('draft');
  const [batchId, setBatchId] = useState<string | undefined>();
  const [taskPaging, setTaskPaging] = useState({ page: 1, pageSize: 20 });
  const batches = useApiQuery(() => api.get<Page<TaskBatchView>>('/task-batches', batchPaging), [batchPaging]);
  const allBatches = useApiQuery(() => api.get<Page<TaskBatchView>>('/task-batches', { page: 1, pageSize: 100 }), [batches.data]);
  const tasks = useApiQuery(() => api.get<Page<TaskSummaryView>>('/tasks', { status, batchId, ...taskPaging }), [status, batchId, taskPaging]);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('tasks.batch.create')}>
            <ProblemAlert error={error} />
            <Form
              form={form}
              layout="vertical"
              onFinish={(values) =>
                run(async () => {
                  await api.post<TaskBatchView>('/task-batches', { name: values.name.trim(), description: values.description?.trim() ?? '' });
                  void message.success(t('tasks.done'));
                  form.resetFields();
                  batches.reload();
                })
              }
            >
              <Form.Item
                label={t('tasks.batch.name')}
                name="name"
                rules={[
                  { required: true, whitespace: true, message: t('tasks.validation.required') },
                  { max: 200, message: t('tasks.validation.max', { max: 200 }) },
                ]}
              >
                <Input />
              </Form.Item>
              <Form.Item label={t('tasks.batch.description')} name="description" rules={[{ max: 20000, message: t('tasks.validation.max', { max: 20000 }) }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Button autoInsertSpace={false} type="primary" htmlType="submit" loading={busy}>
                {t('tasks.batch.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card title={t('tasks.batch.list')}>
            <ProblemAlert error={batches.error} onRetry={batches.reload} />
            <ResponsiveTable<TaskBatchView>
              data-testid="batches-table"
              locale={{ emptyText: t('tasks.batch.none') }}
              rowKey="id"
              size="small"
              scroll={{ x: true }}
              loading={batches.loading}
              dataSource={batches.data?.items ?? []}
              pagination={{ current: batchPaging.page, pageSize: batchPaging.pageSize, total: batches.data?.total ?? 0, onChange: (page, pageSize) => setBatchPaging({ page, pageSize }) }}
              columns={[
                { title: t('tasks.batch.name'), dataIndex: 'name' },
                { title: t('tasks.batch.description'), dataIndex: 'description', render: (text: string) => text || '—' },
                { title: t('tasks.field.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('tasks.publisher.tasks')}
        extra={
          <Button autoInsertSpace={false} type="primary" icon={<PlusOutlined />} onClick={() => navigate('/tasks/new')}>
            {t('tasks.action.create')}
          </Button>
        }
      >
        <Form layout={phone ? 'vertical' : 'inline'} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item label={t('tasks.field.status')} style={{ minWidth: 180 }}>
            <Select
              allowClear
              aria-label={t('tasks.field.status')}
              value={status}
              options={STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
              onChange={(value) => {
                setStatus(value);
                setTaskPaging((p) => ({ ...p, page: 1 }));
              }}
            />
          </Form.Item>
          <Form.Item label={t('tasks.field.batch')} style={{ minWidth: 220 }}>
            <Select
              allowClear
              aria-label={t('tasks.field.batch')}
              value={batchId}
              options={allBatches.data?.items.map((b) => ({ value: b.id, label: b.name }))}
              onChange={(value) => {
                setBatchId(value);
                setTaskPaging((p) => ({ ...p, page: 1 }));
              }}
            />
          </Form.Item>
        </Form>
        <ProblemAlert error={tasks.error} onRetry={tasks.reload} />
        <ResponsiveTable<TaskSummaryView>
          data-testid="publisher-tasks-table"
          locale={{ emptyText: t('tasks.publisher.none') }}
          rowKey="id"
          size="small"
          scroll={{ x: true }}
          loading={tasks.loading}
          dataSource={tasks.data?.items ?? []}
          pagination={{ current: taskPaging.page, pageSize: taskPaging.pageSize, total: tasks.data?.total ?? 0, onChange: (page, pageSize) => setTaskPaging({ page, pageSize }) }}
          columns={[
            { title: t('tasks.field.title'), dataIndex: 'title', render: (title: string, row) => <Link to={`/tasks/${row.id}`}>{title}</Link> },
            { title: t('tasks.field.status'), dataIndex: 'status', render: (s: TaskStatus) => <StatusTag status={s} /> },
            { title: t('tasks.field.rewardPoints'), dataIndex: 'rewardPoints', render: (n: number) => t('tasks.points', { n }) },
            { title: t('tasks.field.bidCount'), dataIndex: 'bidCount' },
            { title: t('tasks.field.biddingDeadline'), dataIndex: 'biddingDeadline', render: (v: string) => formatTime(v) },
            { title: t('tasks.field.deliveryDeadline'), dataIndex: 'deliveryDeadline', render: (v: string) => formatTime(v) },
          ]}
        />
      </Card>
    </Space>
  );
}
