import { useState } from 'react';
import { Alert, Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { InboxKind, MyBidView, RecordDetailView, RankingView, ScoreView, TeamView } from '@cadre/contracts';
import { Link } from 'react-router-dom';
import { api, type Page } from '../../api/client';
import { inboxApi } from '../../api/notifications';
import { useApiQuery } from '../../api/useApiQuery';
import { useLive } from '../../app/live';
import { useSession } from '../../app/session';
import { beijingTime } from '../../components/beijing';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { InboxItems } from '../inbox/InboxItems';
import { KindFilter } from '../inbox/KindFilter';
import { myRank, scoringYear, RANKING_PAGE } from './rules';

/** How many inbox items the workbench shows (the 待办 page has them all). */
export const WORKBENCH_ITEMS = 10;

/**
 * 工作台, the home page: what waits for the signed-in user (counts by kind that filter the first items, oldest due
 * first, 已超期 in red), and for a cadre their recent records, teams and bids, and this year's score with the rank.
 * Cards stack on a phone.
 */
export function WorkbenchPage() {
  const { t } = useI18n();
  const { user, hasRole } = useSession();
  if (!user) return null;
  const cadre = hasRole('cadre');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('home.welcome', { name: user.name })}
        </Typography.Title>
        <Space wrap style={{ marginTop: 8 }}>
          {user.roles.map((role) => (
            <Tag key={role} color="blue">
              {t(`role.${role}` as MessageKey)}
            </Tag>
          ))}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={cadre ? 14 : 24}>
          <InboxCard />
        </Col>
        {cadre && (
          <Col xs={24} xl={10}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <ScoreCard cadreId={user.id} />
              <RecordsCard cadreId={user.id} />
              <TasksCard />
            </Space>
          </Col>
        )}
      </Row>
    </Space>
  );
}

function InboxCard() {
  const { t } = useI18n();
  const live = useLive();
  const [kind, setKind] = useState<InboxKind | undefined>();
  const inbox = useApiQuery(() => inboxApi.list({ kind, limit: WORKBENCH_ITEMS }), [kind, live.inboxVersion]);
  const view = inbox.data;
  const total = view ? Object.values(view.counts ?? {}).reduce((sum, n) => sum + (Number(n) || 0), 0) : 0;
  return (
    <Card title={t('workbench.inbox')} extra={<Link to="/inbox">{t('inbox.viewAll')}</Link>} data-testid="workbench-inbox">
      {inbox.error && !view ? (
        <Alert type="info" showIcon title={t('inbox.unavailable')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <KindFilter counts={view?.counts} total={total} value={kind} onChange={setKind} />
          {view && view.overdue > 0 && <Tag color="red">{t('inbox.overdueCount', { n: view.overdue })}</Tag>}
          <InboxItems items={view?.items ?? []} loading={inbox.loading && !view} />
        </Space>
      )}
    </Card>
  );
}

function ScoreCard({ cadreId }: { cadreId: string }) {
  const { t } = useI18n();
  const year = scoringYear();
  const score = useApiQuery(() => api.get<ScoreView>(`/scores/${encodeURIComponent(cadreId)}`, { period: year }), [cadreId, year]);
  const ranking = useApiQuery(() => api.get<RankingView>('/rankings', { period: year, scope: 'all', page: 1, pageSize: RANKING_PAGE }), [year]);
  const rank = myRank(ranking.data, cadreId);
  const rankText = !ranking.data
    ? ranking.error
      ? t('workbench.unavailable')
      : '—'
    : rank.kind === 'ranked'
      ? t('workbench.score.rankOf', { rank: rank.rank, total: rank.total })
      : rank.kind === 'beyond'
        ? t('workbench.score.unranked', { n: RANKING_PAGE, total: rank.total })
        : t('workbench.score.noRanking');
  return (
    <Card title={t('workbench.score', { year })} size="small" extra={<Link to="/my-score">{t('workbench.score.details')}</Link>} data-testid="workbench-score" loading={score.loading && !score.data}>
      <Row gutter={16}>
        <Col span={12}>
          <Statistic title={t('workbench.score.total')} value={score.data ? score.data.total.toFixed(2) : score.error ? t('workbench.unavailable') : '—'} />
        </Col>
        <Col span={12}>
          <Statistic title={t('workbench.score.rank')} value={rankText} styles={{ content: { fontSize: 16 } }} />
        </Col>
      </Row>
    </Card>
  );
}

function RecordsCard({ cadreId }: { cadreId: string }) {
  const { t } = useI18n();
  const records = useApiQuery(() => api.get<Page<RecordDetailView>>('/records', { cadreId, page: 1, pageSize: 5, sort: '-updatedAt' }), [cadreId]);
  return (
    <Card title={t('workbench.records')} size="small" extra={<Link to="/records">{t('workbench.records.all')}</Link>} data-testid="workbench-records">
      <List<RecordDetailView>
        size="small"
        loading={records.loading && !records.data}
        dataSource={records.data?.items ?? []}
        locale={{ emptyText: records.error ? t('workbench.unavailable') : <Link to="/records/new">{t('workbench.records.none')}，{t('workbench.records.new')}</Link> }}
        renderItem={(record) => (
          <List.Item key={record.id} extra={<Typography.Text type="secondary">{beijingTime(record.updatedAt, true)}</Typography.Text>}>
            <Space size={6} wrap>
              <Tag>{t(`records.status.${record.status}` as MessageKey)}</Tag>
              <Link to={`/records/${record.id}`}>{record.title}</Link>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function TasksCard() {
  const { t } = useI18n();
  const teams = useApiQuery(() => api.get<Page<TeamView>>('/teams/mine', { page: 1, pageSize: 5 }), []);
  const bids = useApiQuery(() => api.get<Page<MyBidView>>('/bids/mine', { page: 1, pageSize: 5 }), []);
  const none = !teams.data?.items.length && !bids.data?.items.length;
  return (
    <Card title={t('workbench.tasks')} size="small" extra={<Link to="/tasks">{t('workbench.tasks.board')}</Link>} data-testid="workbench-tasks" loading={(teams.loading && !teams.data) || (bids.loading && !bids.data)}>
      {teams.error && bids.error ? (
        <Typography.Text type="secondary">{t('workbench.unavailable')}</Typography.Text>
      ) : none ? (
        <Typography.Text type="secondary">{t('workbench.tasks.none')}</Typography.Text>
      ) : (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          {!!teams.data?.items.length && <Typography.Text strong>{t('workbench.tasks.teams')}</Typography.Text>}
          {teams.data?.items.map((team) => (
            <Space key={team.id} size={6} wrap>
              <Link to={`/tasks/teams/${team.id}`}>{team.name}</Link>
              {team.formed ? <Tag color="green">{t('tasks.team.formed')}</Tag> : <Tag color="orange">{t('tasks.team.forming')}</Tag>}
            </Space>
          ))}
          {!!bids.data?.items.length && <Typography.Text strong>{t('workbench.tasks.bids')}</Typography.Text>}
          {bids.data?.items.map((bid) => (
            <Space key={bid.bidId} size={6} wrap>
              <Link to={`/tasks/${bid.taskId}`}>{bid.taskTitle}</Link>
              <Typography.Text type="secondary">{bid.teamName}</Typography.Text>
              <Tag>{t(`tasks.bidStatus.${bid.status}` as MessageKey)}</Tag>
            </Space>
          ))}
        </Space>
      )}
    </Card>
  );
}
