import type { ReactNode } from 'react';
import { Button, Card, Space, Spin, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { MySelectionView } from '@cadre/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { beijingTime } from '../../../components/beijing';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useI18n } from '../../../i18n/i18n';
import { selectionPublicApi } from './api';

type Candidacy = MySelectionView['candidacies'][number];

const CANDIDACY_COLORS: Record<Candidacy['status'], string> = { inspecting: 'processing', in_notice: 'blue', not_selected: 'default', withdrawn: 'red', confirmed: 'success' };
const ANSWERED_COLORS: Record<string, string> = { upheld: 'orange', rejected: 'default', open: 'processing', investigating: 'processing' };
const APPLICATION_COLORS: Record<string, string> = { submitted: 'processing', recommended: 'success', not_recommended: 'default' };

/** A section of the page: a card with one row per item (phone-sized rows), or the empty line. */
function Section<T>({ title, items, empty, testId, render, extra }: { title: string; items: T[]; empty: string; testId: string; render(item: T): ReactNode; extra?: ReactNode }) {
  return (
    <Card title={title} size="small" data-testid={testId} extra={extra} style={{ width: '100%' }}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{empty}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((item, i) => (
            <li key={i} style={{ padding: '8px 0', borderTop: i ? '1px solid #f0f0f0' : undefined, wordBreak: 'break-word' }}>
              {render(item)}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/**
 * 我的选任: my candidacies as I may see them, my 评先评优 applications with the recommendation, my objections with
 * their answers, the award rounds taking applications (申报), and the way to my appeals.
 */
export function MySelectionPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const mine = useApiQuery(() => selectionPublicApi.mine(), []);
  const data = mine.data;

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('selectionPublic.mine.title')}
        </Typography.Title>
        <ProblemAlert error={mine.error} onRetry={mine.reload} />
        {mine.loading && !data && <Spin style={{ display: 'block', margin: '32px auto' }} />}
        {data && (
          <>
            <Section
              title={t('selectionPublic.mine.openAwards')}
              testId="open-awards"
              items={data.openAwards}
              empty={t('selectionPublic.mine.noOpenAwards')}
              render={(round) => (
                <div style={{ display: 'flex', gap: 12, alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}>
                  <Space orientation="vertical" size={2}>
                    <Typography.Text strong>{round.name}</Typography.Text>
                    <Typography.Text type="secondary">{t('selectionPublic.mine.applyUntil', { date: round.applyUntil })}</Typography.Text>
                    <Space wrap size={4}>
                      {round.awards.map((award) => (
                        <Tag key={award.name}>{award.name}</Tag>
                      ))}
                    </Space>
                  </Space>
                  <Button type="primary" size="large" style={{ minHeight: 44 }} onClick={() => navigate(`/selection/apply/${encodeURIComponent(round.roundId)}`)}>
                    {t('selectionPublic.mine.apply')}
                  </Button>
                </div>
              )}
            />
            <Section
              title={t('selectionPublic.mine.candidacies')}
              testId="candidacies"
              items={data.candidacies}
              empty={t('selectionPublic.mine.noCandidacies')}
              render={(c) => (
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{c.roundName}</Typography.Text>
                    <Tag>{c.kindLabel}</Tag>
                    <Tag color={CANDIDACY_COLORS[c.status]}>{c.statusLabel}</Tag>
                  </Space>
                  {c.position && <Typography.Text>{t('selectionPublic.notices.position', { position: c.position })}</Typography.Text>}
                  {c.noticeEndsAt && c.status === 'in_notice' && <Typography.Text type="secondary">{t('selectionPublic.mine.noticeEndsAt', { at: beijingTime(c.noticeEndsAt) })}</Typography.Text>}
                </Space>
              )}
            />
            <Section
              title={t('selectionPublic.mine.applications')}
              testId="applications"
              items={data.applications}
              empty={t('selectionPublic.mine.noApplications')}
              render={(a) => (
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{a.roundName}</Typography.Text>
                    <Tag>{a.award}</Tag>
                    <Tag color={APPLICATION_COLORS[a.status]}>{a.statusLabel}</Tag>
                  </Space>
                  {a.applicantType === 'department' && <Typography.Text>{t('selectionPublic.mine.collective', { name: a.applicantName })}</Typography.Text>}
                  {a.recommendation && (
                    <Typography.Text type="secondary">
                      {t('selectionPublic.mine.recommendation', {
                        by: a.recommendation.by.name,
                        comment: `${a.recommendation.recommend ? t('selectionPublic.mine.recommendYes') : t('selectionPublic.mine.recommendNo')}，${a.recommendation.comment}`,
                      })}
                    </Typography.Text>
                  )}
                </Space>
              )}
            />
            <Section
              title={t('selectionPublic.mine.objections')}
              testId="objections"
              items={data.objections}
              empty={t('selectionPublic.mine.noObjections')}
              render={(o) => (
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{t('selectionPublic.mine.objectionOf', { round: o.roundName, candidate: o.candidateName })}</Typography.Text>
                    <Tag color={ANSWERED_COLORS[o.status]}>{o.statusLabel}</Tag>
                  </Space>
                  <Typography.Text type="secondary">
                    {beijingTime(o.filedAt)} · {o.reason}
                  </Typography.Text>
                  {o.answer ? (
                    <Typography.Text>
                      {t('selectionPublic.mine.answer', { answer: o.answer })}
                      {o.answeredAt ? <Typography.Text type="secondary">（{beijingTime(o.answeredAt)}）</Typography.Text> : null}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{t('selectionPublic.mine.awaitingAnswer')}</Typography.Text>
                  )}
                </Space>
              )}
            />
            <Card title={t('selectionPublic.mine.appeals')} size="small" data-testid="appeals-link">
              <Typography.Paragraph type="secondary">{t('selectionPublic.mine.appealsHint')}</Typography.Paragraph>
              <Link to="/selection/appeals">{t('selectionPublic.mine.openAppeals')}</Link>
            </Card>
          </>
        )}
      </Space>
    </div>
  );
}
