import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, InputNumber, Space, Steps, Tabs, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { RoundCandidateView, RoundView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PersonPicker } from '../../components/people/PersonPicker';
import { selectionApi, selectionPaths } from './api';
import { CandidateDrawer } from './CandidateDrawer';
import { FormModal } from './FormModal';
import { ObjectionsPanel } from './ObjectionsPanel';
import { MAX_NOTICE_DAYS, cityRankText, drawSources, pointsText, roundSteps } from './rules';
import { CandidateStatusTag, RoundStatusTag, Stack, formatTime, useLabels, usePhone } from './shared';
import { ResponsiveTable } from '../../components/ResponsiveTable';

function CityRank({ candidate }: { candidate: RoundCandidateView }) {
  const { t } = useLabels();
  return (
    <Space size={4}>
      <span data-testid="city-rank">{cityRankText(candidate.evidence)}</span>
      {candidate.evidence.topDecile && <Tag color="gold">{t('selection.topDecile')}</Tag>}
    </Space>
  );
}

function DecisionText({ candidate }: { candidate: RoundCandidateView }) {
  const { t } = useLabels();
  const d = candidate.decision;
  if (!d) return <Typography.Text type="secondary">{t('selection.candidate.noDecision')}</Typography.Text>;
  return <span>{d.selected ? t('selection.candidate.selectedFor', { position: d.position ?? '' }) : t('selection.candidate.notSelected')}</span>;
}

/** The candidates: a table on a desktop, cards on a phone; a row opens the candidate's drawer. */
function Candidates({ round, onOpen }: { round: RoundView; onOpen(candidateId: string): void }) {
  const { t } = useLabels();
  const phone = usePhone();
  const open = (c: RoundCandidateView) => (
    <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(c.candidateId)}>
      {c.name}
    </Button>
  );
  if (phone)
    return (
      <Stack<RoundCandidateView>
        items={round.candidates}
        empty={t('selection.round.noCandidates')}
        render={(c) => (
          <Card size="small" data-testid="candidate-card">
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                {open(c)}
                <CandidateStatusTag status={c.status} label={c.statusLabel} />
              </Space>
              <Typography.Text type="secondary">{[c.departmentName, c.title, c.rankLabel].filter(Boolean).join(' · ')}</Typography.Text>
              <Space wrap size={12}>
                <span>
                  {t('selection.field.points')} {pointsText(c.evidence.points)}
                </span>
                <span>
                  {t('selection.field.cityRank')} <CityRank candidate={c} />
                </span>
              </Space>
              <DecisionText candidate={c} />
            </Space>
          </Card>
        )}
      />
    );
  return (
    <ResponsiveTable<RoundCandidateView>
      rowKey="candidateId"
      dataSource={round.candidates}
      pagination={false}
      scroll={{ x: true }}
      locale={{ emptyText: t('selection.round.noCandidates') }}
      columns={[
        { title: t('selection.field.person'), key: 'name', render: (_, c) => open(c) },
        { title: t('selection.field.department'), key: 'department', dataIndex: 'departmentName' },
        { title: t('selection.field.title'), key: 'title', render: (_, c) => c.title || '—' },
        { title: t('selection.field.rank'), key: 'rank', render: (_, c) => c.rankLabel || '—' },
        { title: t('selection.field.points'), key: 'points', align: 'right', render: (_, c) => pointsText(c.evidence.points) },
        { title: t('selection.field.cityRank'), key: 'cityRank', render: (_, c) => <CityRank candidate={c} /> },
        { title: t('selection.field.status'), key: 'status', render: (_, c) => <CandidateStatusTag status={c.status} label={c.statusLabel} /> },
        { title: t('selection.field.decision'), key: 'decision', render: (_, c) => <DecisionText candidate={c} /> },
      ]}
    />
  );
}

function History({ round }: { round: RoundView }) {
  const { t } = useLabels();
  if (!round.history.length) return <Empty description={t('selection.candidate.none')} />;
  return (
    <Timeline
      items={round.history.map((h, i) => ({
        key: i,
        children: (
          <div data-testid="history-entry">
            <Typography.Text strong>{h.actionLabel}</Typography.Text> {h.subject}
            {h.detail && <div>{h.detail}</div>}
            <Typography.Text type="secondary">
              {h.by.name} · {formatTime(h.at)}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}

/**
 * One round (组织部 only): its steps, positions, the candidates with their frozen evidence, 考察 and decisions, the
 * 任前公示, the objections with their objectors, 办结, and the history.
 */
export function RoundPage() {
  const { id = '' } = useParams();
  const { t, status: statusLabel } = useLabels();
  const { message, modal } = App.useApp();
  const round = useApiQuery(() => selectionApi.round(id), [id]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const view = round.data;

  const changed = (next: RoundView) => round.setData(next);
  const act = async (name: string, work: () => Promise<RoundView>, done: (view: RoundView) => string) => {
    setActionError(null);
    setBusy(name);
    try {
      const next = await work();
      changed(next);
      message.success(done(next));
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(null);
    }
  };
  const confirmThen = (title: string, content: string, name: string, work: () => Promise<RoundView>, done: (view: RoundView) => string) =>
    modal.confirm({ title, content, okText: t('action.confirm'), cancelText: t('action.cancel'), onOk: () => act(name, work, done) });

  const sources = view ? drawSources(view) : { shortlist: false, applications: false };
  const steps = view ? roundSteps(view.kind, view.status) : null;
  const drawn = (next: RoundView) => t('selection.round.drawDone', { n: next.counts.candidates });

  const actions = view && (
    <Space wrap>
      {sources.shortlist && (
        <Button loading={busy === 'draw'} onClick={() => act('draw', () => selectionApi.draw(id, { source: 'shortlist' }), drawn)}>
          {t('selection.round.draw')}
        </Button>
      )}
      {sources.shortlist && <Button onClick={() => setPicking(true)}>{t('selection.round.pick')}</Button>}
      {sources.applications && (
        <Button loading={busy === 'applications'} onClick={() => confirmThen(t('selection.round.fromApplications'), t('selection.round.fromApplicationsConfirm'), 'applications', () => selectionApi.draw(id, { source: 'applications' }), drawn)}>
          {t('selection.round.fromApplications')}
        </Button>
      )}
      {view.status === 'inspecting' && (
        <Button type="primary" onClick={() => setPublishing(true)}>
          {t('selection.round.publish')}
        </Button>
      )}
      {view.status === 'notice' && (
        <Button type="primary" loading={busy === 'conclude'} onClick={() => confirmThen(t('selection.round.conclude'), t('selection.round.concludeConfirm'), 'conclude', () => selectionApi.conclude(id), () => t('selection.round.concluded'))}>
          {t('selection.round.conclude')}
        </Button>
      )}
      <ExportButton path={selectionPaths.round(id)} name={`考察对象-${view.name}`} />
    </Space>
  );

  return (
    <Card title={view ? view.name : t('selection.round.title')} loading={round.loading && !view}>
      <ProblemAlert error={round.error ?? actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      {view && steps && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Steps size="small" current={view.status === 'concluded' ? steps.steps.length : steps.current} items={steps.steps.map((s) => ({ title: statusLabel(s) }))} data-testid="round-steps" />
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('selection.field.kind')}>{view.kindLabel}</Descriptions.Item>
            <Descriptions.Item label={t('selection.field.status')}>
              <RoundStatusTag status={view.status} label={view.statusLabel} />
            </Descriptions.Item>
            <Descriptions.Item label={t('selection.field.rankLevel')}>{view.rankLabel || t('selection.form.anyRank')}</Descriptions.Item>
            <Descriptions.Item label={t('selection.field.positions')} span={3}>
              <Space size={4} wrap data-testid="positions">
                {view.positions.map((p) => (
                  <Tag key={p.name} color={p.selected >= p.count ? 'green' : undefined}>
                    {t('selection.round.positionLine', { name: p.name, selected: p.selected, count: p.count })}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('selection.field.departments')} span={2}>
              {view.departments.map((d) => d.name).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('selection.field.noticeDays')}>{t('selection.days', { n: view.noticeDays })}</Descriptions.Item>
            {view.applyUntil && <Descriptions.Item label={t('selection.field.applyUntil')}>{view.applyUntil}</Descriptions.Item>}
            {view.notice && (
              <Descriptions.Item label={t('selection.nav.notices')} span={2}>
                <span data-testid="notice-window">{t('selection.round.noticeWindow', { from: formatTime(view.notice.startsAt), to: formatTime(view.notice.endsAt) })}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('selection.field.openedBy')}>
              {view.openedBy.name} · {formatTime(view.openedAt)}
            </Descriptions.Item>
            {view.concludedAt && (
              <Descriptions.Item label={t('selection.field.concludedAt')}>
                {view.concludedBy?.name} · {formatTime(view.concludedAt)}
              </Descriptions.Item>
            )}
            {view.kind === 'award' && (
              <Descriptions.Item label={t('selection.round.applications')}>
                <Link to={`/selection/rounds/${encodeURIComponent(id)}/applications`}>
                  {t('selection.round.applications')}（{view.counts.applications}）
                </Link>
              </Descriptions.Item>
            )}
          </Descriptions>
          {actions}
          {view.status === 'inspecting' && view.counts.undecided > 0 && <Typography.Text type="warning">{t('selection.round.undecided', { n: view.counts.undecided })}</Typography.Text>}
          <Tabs
            items={[
              { key: 'candidates', label: `${t('selection.round.candidatesTab')}（${view.counts.candidates}）`, children: <Candidates round={view} onOpen={setOpened} /> },
              {
                key: 'objections',
                label: view.counts.openObjections ? `${t('selection.round.objectionsTab')}（${view.counts.openObjections}）` : t('selection.round.objectionsTab'),
                children: <ObjectionsPanel round={view} onChanged={changed} />,
              },
              { key: 'history', label: t('selection.round.historyTab'), children: <History round={view} /> },
            ]}
          />
          <CandidateDrawer round={view} candidateId={opened} onChanged={changed} onClose={() => setOpened(null)} />
          <FormModal<{ cadreIds: string[] }, RoundView>
            open={picking}
            title={t('selection.round.pickTitle')}
            okText={t('selection.round.pick')}
            submit={({ cadreIds }) => selectionApi.draw(id, { source: 'shortlist', cadreIds })}
            onDone={(next) => {
              setPicking(false);
              changed(next);
              message.success(drawn(next));
            }}
            onCancel={() => setPicking(false)}
          >
            <Form.Item name="cadreIds" label={t('selection.round.pick')} extra={t('selection.round.pickHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('selection.round.pickRequired') }]}>
              <PersonPicker multiple aria-label={t('selection.round.pick')} maxCount={100} exclude={view.candidates.map((c) => c.candidateId)} />
            </Form.Item>
          </FormModal>
          <FormModal<{ noticeDays: number }, RoundView>
            open={publishing}
            title={t('selection.round.publishTitle')}
            okText={t('selection.round.publish')}
            initialValues={{ noticeDays: view.noticeDays }}
            submit={({ noticeDays }) => selectionApi.publishNotice(id, noticeDays)}
            onDone={(next) => {
              setPublishing(false);
              changed(next);
              message.success(t('selection.round.published'));
            }}
            onCancel={() => setPublishing(false)}
          >
            <Typography.Paragraph type="secondary">{t('selection.round.publishHelp')}</Typography.Paragraph>
            <Form.Item name="noticeDays" label={t('selection.field.noticeDays')} rules={[{ required: true }]}>
              <InputNumber aria-label={t('selection.field.noticeDays')} min={1} max={MAX_NOTICE_DAYS} precision={0} style={{ width: 120 }} />
            </Form.Item>
          </FormModal>
        </Space>
      )}
    </Card>
  );
}
