import { useState } from 'react';
import { Button, Card, Drawer, Grid, Select, Space, Tag, Typography } from 'antd';
import PlusOutlined from '@ant-design/icons/es/icons/PlusOutlined';
import { Link, useNavigate } from 'react-router-dom';
import type { RoundSummaryView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { selectionApi } from './api';
import { RoundForm } from './RoundForm';
import { ROUND_KIND_LIST, ROUND_STATUS_LIST } from './rules';
import { RoundStatusTag, Stack, formatTime, useLabels, usePhone } from './shared';
import { ResponsiveTable } from '../../components/ResponsiveTable';

const PAGE_SIZE = 20;
const roundLink = (id: string) => `/selection/rounds/${encodeURIComponent(id)}`;

function Positions({ round }: { round: RoundSummaryView }) {
  return (
    <Space size={4} wrap>
      {round.positions.map((p) => (
        <Tag key={p.name}>
          {p.name} {p.selected}/{p.count}
        </Tag>
      ))}
    </Space>
  );
}

function Counts({ round }: { round: RoundSummaryView }) {
  const { t } = useLabels();
  return (
    <Space size={4} wrap>
      <span>{t('selection.rounds.counts', { candidates: round.counts.candidates, selected: round.counts.selected })}</span>
      {round.counts.openObjections > 0 && (
        <Tag color="orange" data-testid="open-objections">
          {t('selection.field.openObjections')} {round.counts.openObjections}
        </Tag>
      )}
    </Space>
  );
}

/** 选任管理: the rounds (status and kind filters, counts, CSV or Excel) and 发起选任. */
export function RoundsPage() {
  const { t, kind: kindLabel, status: statusLabel } = useLabels();
  const navigate = useNavigate();
  const phone = usePhone();
  const screens = Grid.useBreakpoint();
  const [filters, setFilters] = useState<{ kind?: string; status?: string; page: number }>({ page: 1 });
  const [creating, setCreating] = useState(false);
  const rounds = useApiQuery(() => selectionApi.rounds({ kind: filters.kind, status: filters.status, page: filters.page, pageSize: PAGE_SIZE }), [filters.kind, filters.status, filters.page]);
  const items = rounds.data?.items ?? [];
  const pagination = { current: filters.page, pageSize: PAGE_SIZE, total: rounds.data?.total ?? 0, onChange: (page: number) => setFilters((f) => ({ ...f, page })) };

  return (
    <Card
      title={t('selection.rounds.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('selection.rounds.create')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            aria-label={t('selection.field.kind')}
            allowClear
            placeholder={t('selection.filterKind')}
            style={{ width: 140 }}
            value={filters.kind}
            options={ROUND_KIND_LIST.map((k) => ({ value: k, label: kindLabel(k) }))}
            onChange={(kind?: string) => setFilters((f) => ({ ...f, kind, page: 1 }))}
          />
          <Select
            aria-label={t('selection.field.status')}
            allowClear
            placeholder={t('selection.filterStatus')}
            style={{ width: 140 }}
            value={filters.status}
            options={ROUND_STATUS_LIST.map((s) => ({ value: s, label: statusLabel(s) }))}
            onChange={(status?: string) => setFilters((f) => ({ ...f, status, page: 1 }))}
          />
          <ExportButton path="/selection/rounds" query={{ status: filters.status, kind: filters.kind }} name="选任管理" />
        </Space>
        <ProblemAlert error={rounds.error} />
        {phone ? (
          <Stack<RoundSummaryView>
            loading={rounds.loading}
            items={items}
            empty={t('selection.rounds.empty')}
            pagination={pagination}
            render={(round) => (
              <Card size="small" data-testid="round-card">
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <Link to={roundLink(round.id)}>{round.name}</Link>
                    <RoundStatusTag status={round.status} label={round.statusLabel} />
                  </Space>
                  <Typography.Text type="secondary">
                    {round.kindLabel} · {formatTime(round.openedAt)}
                  </Typography.Text>
                  <Positions round={round} />
                  <Counts round={round} />
                </Space>
              </Card>
            )}
          />
        ) : (
          <ResponsiveTable<RoundSummaryView>
            rowKey="id"
            loading={rounds.loading}
            dataSource={items}
            scroll={{ x: true }}
            locale={{ emptyText: t('selection.rounds.empty') }}
            pagination={{ ...pagination, showSizeChanger: false }}
            columns={[
              { title: t('selection.field.name'), key: 'name', render: (_, r) => <Link to={roundLink(r.id)}>{r.name}</Link> },
              { title: t('selection.field.kind'), key: 'kind', render: (_, r) => r.kindLabel },
              { title: t('selection.field.status'), key: 'status', render: (_, r) => <RoundStatusTag status={r.status} label={r.statusLabel} /> },
              { title: t('selection.field.positions'), key: 'positions', render: (_, r) => <Positions round={r} /> },
              { title: t('selection.field.candidates'), key: 'counts', render: (_, r) => <Counts round={r} /> },
              ...(screens.lg
                ? [
                    { title: t('selection.field.openedAt'), key: 'openedAt', render: (_: unknown, r: RoundSummaryView) => `${r.openedBy.name} · ${formatTime(r.openedAt)}` },
                    { title: t('selection.field.noticeEnds'), key: 'notice', render: (_: unknown, r: RoundSummaryView) => formatTime(r.notice?.endsAt) },
                  ]
                : []),
            ]}
          />
        )}
      </Space>
      <Drawer open={creating} onClose={() => setCreating(false)} title={t('selection.rounds.create')} size={screens.md ? 720 : '100%'} destroyOnHidden>
        <RoundForm
          create={selectionApi.createRound}
          onCreated={(id) => {
            setCreating(false);
            navigate(roundLink(id));
          }}
        />
      </Drawer>
    </Card>
  );
}
