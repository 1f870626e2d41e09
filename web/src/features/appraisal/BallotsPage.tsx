import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Progress, Radio, Space, Spin, Tag, Typography } from 'antd';
import CheckCircleFilled from '@ant-design/icons/es/icons/CheckCircleFilled';
import type { CriterionAnswer, MyBallotsView, SatisfactionAnswer } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ProblemAlert } from '../../components/ProblemAlert';
import { appraisalApi } from './api';
import { SATISFACTION_LIST } from './rules';
import { useLabels } from './shared';

type Ballot = MyBallotsView['items'][number];
const keyOf = (b: Pick<Ballot, 'cycleId' | 'cadreId'>) => `${b.cycleId}:${b.cadreId}`;

/** Big radio buttons that wrap on a phone: one row of answers per question. */
const choiceStyle = { display: 'flex', flexWrap: 'wrap', gap: 8 } as const;
const buttonStyle = { flex: '1 1 64px', textAlign: 'center', minHeight: 44, lineHeight: '42px', borderRadius: 6 } as const;

function BallotCard({ ballot, answers, onVoted }: { ballot: Ballot; answers: MyBallotsView['answers']; onVoted(): void }) {
  const { t, satisfaction: satisfactionLabel } = useLabels();
  const { message } = App.useApp();
  const [scores, setScores] = useState<Record<string, CriterionAnswer>>({});
  const [satisfaction, setSatisfaction] = useState<SatisfactionAnswer>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const complete = ballot.criteria.every((c) => scores[c.code]) && !!satisfaction;

  const submit = async () => {
    if (!complete) return void message.warning(t('appraisal.ballots.incomplete'));
    setBusy(true);
    setError(null);
    try {
      await appraisalApi.vote(ballot.cycleId, { cadreId: ballot.cadreId, scores, satisfaction: satisfaction! });
      message.success(t('appraisal.ballots.submitted', { name: ballot.name }));
      onVoted();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      data-testid={`ballot-${ballot.cadreId}`}
      style={{ width: '100%' }}
      styles={{ body: { padding: 16 } }}
      title={
        <Space orientation="vertical" size={0} style={{ whiteSpace: 'normal' }}>
          <Typography.Text strong style={{ fontSize: 18 }}>
            {ballot.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {[ballot.departmentName, ballot.title].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      }
      extra={
        ballot.voted ? (
          <Tag color="success" icon={<CheckCircleFilled />} data-testid="voted-tag">
            {t('appraisal.ballots.voted')}
          </Tag>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: ballot.voted ? 0 : 12 }}>
        {ballot.cycleName} · {t('appraisal.ballots.asGroup', { group: ballot.groupLabel })}
      </Typography.Paragraph>
      {!ballot.voted && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {ballot.criteria.map((criterion) => (
            <div key={criterion.code} role="group" aria-label={criterion.name}>
              <Typography.Text strong style={{ display: 'block', marginBottom: 6, fontSize: 16 }}>
                {criterion.name}
              </Typography.Text>
              <Radio.Group
                size="large"
                optionType="button"
                buttonStyle="solid"
                style={choiceStyle}
                value={scores[criterion.code]}
                onChange={(e) => setScores((all) => ({ ...all, [criterion.code]: e.target.value as CriterionAnswer }))}
              >
                {answers.map((a) => (
                  <Radio.Button key={a.answer} value={a.answer} style={buttonStyle}>
                    {a.label}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </div>
          ))}
          <div role="group" aria-label={t('appraisal.ballots.overall')}>
            <Typography.Text strong style={{ display: 'block', marginBottom: 6, fontSize: 16 }}>
              {t('appraisal.ballots.overall')}
            </Typography.Text>
            <Radio.Group size="large" optionType="button" buttonStyle="solid" style={choiceStyle} value={satisfaction} onChange={(e) => setSatisfaction(e.target.value as SatisfactionAnswer)}>
              {SATISFACTION_LIST.map((s) => (
                <Radio.Button key={s} value={s} style={buttonStyle}>
                  {satisfactionLabel(s)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </div>
          <ProblemAlert error={error} />
          <Button type="primary" size="large" block loading={busy} disabled={!complete} onClick={() => void submit()} style={{ minHeight: 48 }}>
            {t('appraisal.ballots.submit')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

/**
 * 民主测评 for any rater, phone first: one card per cadre to rate, big answers per criterion and the overall question,
 * the progress, and the promise of anonymity; a ballot given is marked 已评 and cannot be changed.
 */
export function BallotsPage() {
  const { t } = useLabels();
  const ballots = useApiQuery(() => appraisalApi.myBallots(), []);
  const view = ballots.data;
  const items = view?.items ?? [];
  const done = items.filter((b) => b.voted).length;
  // Those still to rate first, in the order given.
  const ordered = [...items.filter((b) => !b.voted), ...items.filter((b) => b.voted)];

  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('appraisal.ballots.title')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('appraisal.ballots.anonymous')} data-testid="anonymity" />
        <ProblemAlert error={ballots.error} onRetry={ballots.reload} />
        {ballots.loading && !view && <Spin style={{ display: 'block', margin: '32px auto' }} />}
        {view && items.length === 0 && <Empty description={t('appraisal.ballots.empty')} />}
        {items.length > 0 && (
          <div data-testid="ballot-progress">
            <Typography.Text strong>{t('appraisal.ballots.progress', { done, total: items.length })}</Typography.Text>
            <Progress percent={Math.round((done / items.length) * 100)} showInfo={false} />
          </div>
        )}
        {ordered.map((ballot) => (
          <BallotCard
            key={keyOf(ballot)}
            ballot={ballot}
            answers={view!.answers}
            onVoted={() => ballots.setData({ ...view!, items: items.map((b) => (keyOf(b) === keyOf(ballot) ? { ...b, voted: true } : b)) })}
          />
        ))}
      </Space>
    </div>
  );
}

