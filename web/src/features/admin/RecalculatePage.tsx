import { useState } from 'react';
import { Button, Card, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { JobProgress } from './shared';

/** 排名重算: start a recalculation (`POST /rankings/recalculate` → 202 { jobId }) and follow it. */
export function RecalculatePage({ pollInterval = 1000 }: { pollInterval?: number }) {
  const { t } = useI18n();
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const { busy, error, run } = useSubmission();

  const start = () =>
    run(async () => {
      const answer = await api.post<{ jobId: string }>('/rankings/recalculate');
      setJobId(answer.jobId);
      setRunning(true);
    });

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('admin.job.title')}</Typography.Title>}>
      <Space orientation="vertical" style={{ width: '100%' }} size="large">
        <Typography.Paragraph style={{ margin: 0 }}>{t('admin.job.intro')}</Typography.Paragraph>
        <ProblemAlert error={error} />
        <Button type="primary" icon={<ReloadOutlined />} onClick={start} loading={busy} disabled={running}>
          {t('admin.job.start')}
        </Button>
        {jobId && <JobProgress key={jobId} jobId={jobId} interval={pollInterval} onFinished={() => setRunning(false)} />}
      </Space>
    </Card>
  );
}
