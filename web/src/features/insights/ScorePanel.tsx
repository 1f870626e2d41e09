import { useMemo } from 'react';
import { Alert, Card, Col, Empty, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { Link } from 'react-router-dom';
import type { LedgerEntryView, ScoreView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { useItemNames } from './data';
import { countedPoints, explainEntry, formatDateTime, formatPoints, isOlderExplanation, itemName, labelOf, sortedEntries, sourcePath } from './format';
import { useApiQuery } from '../../api/useApiQuery';
import { useSession } from '../../app/session';
import { AppealButton } from '../appeals/entry';

const PART_COLORS: Record<string, string> = { participation: 'blue', contribution: 'green', bonus: 'gold', reversal: 'red' };

/** A cadre's score for a period, explained down to every ledger entry (`GET /scores/:cadreId`). */
export function ScorePanel({ cadreId, period }: { cadreId: string; period: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const names = useItemNames();
  const score = useApiQuery(() => api.get<ScoreView>(`/scores/${encodeURIComponent(cadreId)}`, { period }), [cadreId, period]);
  const data = score.data;
  const byItem = useMemo(() => sortedEntries(data?.byItem).map(([code, points]) => ({ code, points })), [data]);

  if (score.error) return <ProblemAlert error={score.error} onRetry={score.reload} />;
  if (!data) return <Spin description={t('insights.loading')} spinning><div style={{ minHeight: 120 }} /></Spin>;

  return (
    <Spin spinning={score.loading}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={8} lg={4}>
              <div data-testid="score-total">
                <Statistic title={t('insights.score.total')} value={formatPoints(data.total)} />
              </div>
            </Col>
            {(['participation', 'contribution', 'bonus', 'reversal'] as const).map((part) => (
              <Col xs={12} md={8} lg={4} key={part}>
                <Statistic title={t(`insights.part.${part}`)} value={formatPoints(data[part])} />
              </Col>
            ))}
          </Row>
          <Typography.Text type="secondary">{t('insights.score.updatedAt', { at: formatDateTime(data.updatedAt), version: data.standardVersion })}</Typography.Text>
        </Card>

        {data.capped.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('insights.score.capped')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {data.capped.map((cap) => (
                  <li key={`${cap.firstLevelCode}-${cap.year}`}>
                    {t('insights.score.cappedText', { item: itemName(names, t, cap.firstLevelCode), year: cap.year, earned: formatPoints(cap.earned), cap: formatPoints(cap.cap), counted: formatPoints(cap.counted) })}
                  </li>
                ))}
              </ul>
            }
          />
        )}

        <Card title={t('insights.score.byItem')}>
          <ResponsiveTable
            data-testid="score-by-item"
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={byItem}
            scroll={{ x: true }}
            locale={{ emptyText: t('insights.empty') }}
            columns={[
              { title: t('insights.score.item'), dataIndex: 'code', render: (code: string) => itemName(names, t, code) },
              { title: t('insights.points'), dataIndex: 'points', align: 'right', render: (points: number) => formatPoints(points) },
            ]}
          />
        </Card>

        <Card title={t('insights.score.entries')}>
          <Typography.Paragraph type="secondary">{t('insights.score.entriesHint', { count: data.entries.length })}</Typography.Paragraph>
          {data.entries.length === 0 ? (
            <Empty description={t('insights.score.noEntries')} />
          ) : (
            <ResponsiveTable<LedgerEntryView>
              data-testid="score-entries"
              rowKey="id"
              size="small"
              dataSource={data.entries}
              scroll={{ x: true }}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('insights.score.when'), dataIndex: 'occurredAt', render: (at: string) => formatDateTime(at), width: 140 },
                {
                  title: t('insights.score.source'),
                  key: 'source',
                  render: (_, entry) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={sourcePath(entry.source)}>
                        {entry.source.title
                          ? t('insights.source.titled', { kind: t(`insights.source.${entry.source.type}`), title: entry.source.title })
                          : t('insights.source.link', { kind: t(`insights.source.${entry.source.type}`), version: entry.source.version })}
                      </Link>
                      {entry.itemCode && <Typography.Text type="secondary">{itemName(names, t, entry.itemCode)}</Typography.Text>}
                    </Space>
                  ),
                },
                { title: t('insights.score.part'), dataIndex: 'part', render: (part: string) => <Tag color={PART_COLORS[part]}>{labelOf(t, 'insights.part', part)}</Tag> },
                {
                  title: t('insights.points'),
                  key: 'points',
                  align: 'right',
                  render: (_, entry) => (Math.abs(countedPoints(entry) - entry.points) > 0.0001 ? <span><Typography.Text delete>{formatPoints(entry.points)}</Typography.Text> {formatPoints(countedPoints(entry))}</span> : formatPoints(entry.points)),
                },
                {
                  title: t('insights.score.explanation'),
                  key: 'explanation',
                  render: (_, entry) => (
                    <div style={{ minWidth: 'min(240px, 100%)' }} data-testid="entry-explanation">
                      {explainEntry(t, entry).map((line, i) => (
                        <div key={i}>{line}</div>
                      ))}
                      {isOlderExplanation(entry.explanation) && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('insights.score.systemText')}：{entry.explanation}
                        </Typography.Text>
                      )}
                    </div>
                  ),
                },
                // 申诉: a cadre appeals an entry of their own score.
                ...(user?.id === cadreId
                  ? [{ title: '', key: 'actions', render: (_: unknown, entry: LedgerEntryView) => <AppealButton size="small" subjectType="score_entry" subjectId={entry.id} title={entry.source.title || entry.explanation} /> }]
                  : []),
              ]}
            />
          )}
        </Card>
      </Space>
    </Spin>
  );
}
