import { useState } from 'react';
import { App, Alert, Button, Card, Descriptions, Empty, Modal, Popconfirm, Result, Space, Spin, Tabs, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ResponsiveTable, useIsPhone } from '../../components/ResponsiveTable';
import { useNavigate, useParams } from 'react-router-dom';
import type { BidView, ScoringStandardView, TaskView } from '@cadre/contracts';
import { api, ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { AwardModal, BidModal, EvaluationModal, ProgressModal, ResultsModal, ReviewModal, ToleranceModal, WithdrawModal } from './ActionForms';
import { awardableBids, awardedBidOf, bidEvaluationState, conflictReasons, ownBid, ownEvaluation, passedOverBids, pendingReviews, taskActionsFor, type TaskAction, type Viewer } from './rules';
import { FlagTags, PlainList, StatusTag, formatTime, useDepartmentNames, useLabels, useViewer } from './shared';
import { FileList } from '../../components/files/FileList';
import { fileRefs } from '../../components/files/types';
import { useApiQuery } from '../../api/useApiQuery';
import { AppealButton } from '../appeals/entry';
import { verdictAppealable } from '../appeals/rules';

type Dialog = 'bid' | 'updateBid' | 'progress' | 'results' | 'review' | 'tolerance' | 'withdraw' | 'award' | { evaluate: BidView } | null;

export function TaskDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const task = useApiQuery(() => api.get<TaskView>(`/tasks/${id}`), [id]);
  if (task.loading && !task.data) return <Spin description={t('common.loading')} />;
  if (task.error && !task.data) {
    if (task.error instanceof ApiError && task.error.status === 404) return <Result status="404" title="404" subTitle={t('tasks.detail.notFound')} />;
    return <ProblemAlert error={task.error} onRetry={task.reload} />;
  }
  if (!task.data) return null;
  return <TaskDetail task={task.data} onChanged={() => void task.reload()} />;
}

/** One task: everything public about it, and the actions the viewer's role and the task's state allow. */
export function TaskDetail({ task, onChanged }: { task: TaskView; onChanged: () => void }) {
  const { t } = useI18n();
  const labels = useLabels();
  const viewer = useViewer();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const actions = taskActionsFor(task, viewer);
  const has = (a: TaskAction) => actions.includes(a);
  const mine = viewer ? ownBid(task, viewer) : undefined;
  const awarded = viewer ? awardedBidOf(task, viewer) : undefined;
  const passedOver = passedOverBids(task, selected);

  const run = async (name: string, path: string, body: unknown = {}) => {
    setBusy(name);
    setError(null);
    try {
      await api.post(path, body);
      void message.success(t('tasks.done'));
      setSelected([]);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  const done = () => {
    void message.success(t('tasks.done'));
    onChanged();
  };

  const buttons = (
    <Space wrap>
      {has('edit') && <Button autoInsertSpace={false} onClick={() => navigate(`/tasks/${task.id}/edit`)}>{t('tasks.action.edit')}</Button>}
      {has('publish') && (
        <Popconfirm okButtonProps={{ autoInsertSpace: false }} cancelButtonProps={{ autoInsertSpace: false }} title={t('tasks.confirm.publish')} okText={t('action.confirm')} cancelText={t('action.cancel')} onConfirm={() => run('publish', `/tasks/${task.id}/publish`)}>
          <Button autoInsertSpace={false} type="primary" loading={busy === 'publish'}>
            {t('tasks.action.publish')}
          </Button>
        </Popconfirm>
      )}
      {has('withdraw') && <Button autoInsertSpace={false} danger onClick={() => setDialog('withdraw')}>{t('tasks.action.withdraw')}</Button>}
      {has('closeBidding') && (
        <Popconfirm okButtonProps={{ autoInsertSpace: false }} cancelButtonProps={{ autoInsertSpace: false }} title={t('tasks.confirm.closeBidding', { n: task.bids.length })} okText={t('action.confirm')} cancelText={t('action.cancel')} onConfirm={() => run('closeBidding', `/tasks/${task.id}/close-bidding`)}>
          <Button autoInsertSpace={false} type="primary" loading={busy === 'closeBidding'}>
            {t('tasks.action.closeBidding')}
          </Button>
        </Popconfirm>
      )}
      {has('award') && passedOver.length > 0 && (
        <Button autoInsertSpace={false} type="primary" onClick={() => setDialog('award')}>
          {t('tasks.action.award')}
        </Button>
      )}
      {has('award') && passedOver.length === 0 && (
        <Popconfirm okButtonProps={{ autoInsertSpace: false }} cancelButtonProps={{ autoInsertSpace: false }} title={t('tasks.confirm.award', { teams: task.bids.filter((b) => selected.includes(b.id)).map((b) => b.teamName).join('、') })} okText={t('action.confirm')} cancelText={t('action.cancel')} onConfirm={() => run('award', `/tasks/${task.id}/award`, { bidIds: selected })} disabled={selected.length === 0}>
          <Tooltip title={selected.length === 0 ? t('tasks.award.pick') : undefined}>
            <Button autoInsertSpace={false} type="primary" loading={busy === 'award'} disabled={selected.length === 0}>
              {t('tasks.action.award')}
            </Button>
          </Tooltip>
        </Popconfirm>
      )}
      {has('conclude') && (
        <Popconfirm okButtonProps={{ autoInsertSpace: false }} cancelButtonProps={{ autoInsertSpace: false }} title={t('tasks.confirm.conclude', { n: task.rewardPoints })} okText={t('action.confirm')} cancelText={t('action.cancel')} onConfirm={() => run('conclude', `/tasks/${task.id}/conclude`)}>
          <Button autoInsertSpace={false} type="primary" loading={busy === 'conclude'}>
            {t('tasks.action.conclude')}
          </Button>
        </Popconfirm>
      )}
      {has('bid') && (
        <Button autoInsertSpace={false} type="primary" onClick={() => setDialog('bid')}>
          {t('tasks.action.bid')}
        </Button>
      )}
      {has('updateBid') && <Button autoInsertSpace={false} onClick={() => setDialog('updateBid')}>{t('tasks.action.updateBid')}</Button>}
      {has('progress') && <Button autoInsertSpace={false} onClick={() => setDialog('progress')}>{t('tasks.action.progress')}</Button>}
      {has('results') && (
        <Button autoInsertSpace={false} type="primary" onClick={() => setDialog('results')}>
          {t('tasks.action.results')}
        </Button>
      )}
      {has('review') && (
        <Button autoInsertSpace={false} type="primary" onClick={() => setDialog('review')}>
          {t('tasks.action.review')}
        </Button>
      )}
      {has('tolerance') && <Button autoInsertSpace={false} onClick={() => setDialog('tolerance')}>{t('tasks.action.tolerance')}</Button>}
    </Space>
  );

  const pending = pendingReviews(task);
  return (
    <Card
      title={
        <Space wrap>
          <span>{task.title}</span>
          <StatusTag status={task.status} />
          <FlagTags flags={task.flags} />
        </Space>
      }
    >
      <div data-testid="task-actions" style={{ marginBottom: 16 }}>
        {buttons}
      </div>
      <ProblemAlert error={error} onClose={() => setError(null)} />
      {task.status === 'reviewing' && viewer && task.departmentPath.includes(viewer.departmentId) && viewer.roles.includes('publisher') && pending > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('tasks.conclude.pending', { n: pending })} />
      )}
      {task.status === 'evaluating' && !task.evaluationComplete && task.pendingEvaluations.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="pending-evaluations"
          title={t('tasks.award.pending', { who: task.pendingEvaluations.map((p) => t('tasks.award.pendingEntry', { name: p.evaluatorName, teams: p.bids.map((b) => b.teamName).join('、') })).join('；') })}
        />
      )}
      {task.award?.reason && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="award-reason" title={`${t('tasks.award.publicReason')}：${task.award.reason}`} />
      )}
      {task.status === 'evaluating' && has('award') && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={task.allowRace ? t('tasks.award.hintRace') : t('tasks.award.hintOne')} />}
      <Tabs
        items={[
          { key: 'overview', label: t('tasks.tab.overview'), children: <Overview task={task} /> },
          {
            key: 'bids',
            label: t('tasks.tab.bids', { n: task.bids.length }),
            children: (
              <BidsTable
                task={task}
                viewer={viewer}
                selectable={has('award')}
                selected={selected}
                onSelect={setSelected}
                onEvaluate={(bid) => setDialog({ evaluate: bid })}
              />
            ),
          },
          { key: 'delivery', label: t('tasks.tab.delivery'), children: <Delivery task={task} /> },
          {
            key: 'history',
            label: t('tasks.tab.history'),
            children: (
              <Timeline
                items={task.history.map((h) => ({
                  children: (
                    <span>
                      {formatTime(h.at)} · {h.actorName} · {h.from ? labels.status(h.from) : '—'} → {labels.status(h.to)}
                      {h.comment ? ` · ${h.comment}` : ''}
                    </span>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
      {(dialog === 'bid' || dialog === 'updateBid') && (
        <BidModal task={task} bid={dialog === 'updateBid' ? mine : undefined} open onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog === 'progress' && <ProgressModal task={task} bid={awarded} open onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'results' && <ResultsModal task={task} open onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'review' && <ReviewModal task={task} open onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'tolerance' && <ToleranceModal task={task} open onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'withdraw' && <WithdrawModal task={task} open onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'award' && (
        <AwardModal
          task={task}
          bidIds={selected}
          passedOver={passedOver}
          open
          onClose={() => setDialog(null)}
          onDone={() => {
            setSelected([]);
            done();
          }}
        />
      )}
      {dialog && typeof dialog === 'object' && <EvaluationModal bid={dialog.evaluate} open onClose={() => setDialog(null)} onDone={done} />}
    </Card>
  );
}

function Overview({ task }: { task: TaskView }) {
  const { t } = useI18n();
  const labels = useLabels();
  const departmentName = useDepartmentNames();
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
        <Descriptions.Item label={t('tasks.field.batch')}>{task.batchName}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.domain')}>{labels.domain(task.domain)}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.publisherDepartment')}>{departmentName(task.departmentId)}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.rewardPoints')}>{t('tasks.points', { n: task.rewardPoints })}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.allowRace')}>{task.allowRace ? t('tasks.yes') : t('tasks.no')}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.biddingDeadline')}>{formatTime(task.biddingDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.deliveryDeadline')}>{formatTime(task.deliveryDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.evaluatorIds')} span={2}>
          {task.evaluators.map((e) => e.name).join('、') || '—'}
        </Descriptions.Item>
        {task.verdict && <Descriptions.Item label={t('tasks.field.verdict')}>{labels.verdict(task.verdict)}</Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={5}>{t('tasks.field.description')}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{task.description}</Typography.Paragraph>
      <Typography.Title level={5}>{t('tasks.field.goals')}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{task.goals}</Typography.Paragraph>
      <Typography.Title level={5}>{t('tasks.field.expectedResults')}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{task.expectedResults}</Typography.Paragraph>
      <Typography.Title level={5}>{t('tasks.field.milestones')}</Typography.Title>
      <PlainList items={task.milestones} render={(m) => `${m.name} · ${m.dueDate}`} />
    </>
  );
}

/** The bids with their evaluation summary; for an evaluator, whether they may score each (回避 shown with its reason). */
function BidsTable({
  task,
  viewer,
  selectable,
  selected,
  onSelect,
  onEvaluate,
}: {
  task: TaskView;
  viewer: Viewer | null;
  selectable: boolean;
  selected: string[];
  onSelect: (ids: string[]) => void;
  onEvaluate: (bid: BidView) => void;
}) {
  const { t } = useI18n();
  const departmentName = useDepartmentNames();
  const awardable = new Set(awardableBids(task).map((b) => b.id));
  const phone = useIsPhone();
  const [shown, setShown] = useState<BidView | null>(null);
  const scoresShown = task.bids.some((b) => b.evaluation.scoresShown);
  const criterionColumns = scoresShown
    ? (['feasibility', 'innovation', 'capability', 'benefit'] as const).map((c) => ({
        title: t(`tasks.criterion.${c}` as MessageKey),
        key: c,
        render: (_: unknown, bid: BidView) => bid.evaluation.criteria?.[c] ?? '—',
      }))
    : [];
  if (task.bids.length === 0) return <Empty description={t('tasks.bids.none')} />;
  return (
    <>
      {!scoresShown && task.status === 'evaluating' && <Typography.Paragraph type="secondary">{t('tasks.bids.scoresHidden')}</Typography.Paragraph>}
      <ResponsiveTable<BidView>
        data-testid="bids-table"
        rowKey="id"
        size="small"
        scroll={{ x: true }}
        dataSource={task.bids}
        pagination={false}
        rowSelection={
          selectable
            ? {
                type: task.allowRace ? 'checkbox' : 'radio',
                selectedRowKeys: selected,
                // On a phone the cards offer checkboxes: without a race only the last pick stays.
                onChange: (keys) => onSelect(task.allowRace ? (keys as string[]) : (keys as string[]).slice(-1)),
                getCheckboxProps: (bid) => ({ disabled: !awardable.has(bid.id), 'aria-label': t('tasks.award.select', { team: bid.teamName }) }),
              }
            : undefined
        }
        cardActionsKey="evaluate"
        expandable={{
          expandedRowRender: (bid) => <BidDetails task={task} bid={bid} />,
        }}
        columns={[
          {
            title: t('tasks.field.team'),
            key: 'team',
            render: (_, bid) => (
              <Space wrap>
                <span>{bid.teamName}</span>
                {bid.sealed && (
                  <Tooltip title={t('tasks.bids.sealed')}>
                    <Tag>{t('tasks.bids.sealedTag')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('tasks.field.members'), dataIndex: 'members', render: (members: BidView['members']) => members.map((m) => `${m.name}${m.role === 'lead' ? t('tasks.team.leadMark') : ''} ${m.share}%（${departmentName(m.departmentId)}）`).join('、') },
          { title: t('tasks.bids.status'), dataIndex: 'status', render: (s: BidView['status']) => <Tag color={s === 'awarded' ? 'gold' : undefined}>{t(`tasks.bidStatus.${s}` as MessageKey)}</Tag> },
          { title: t('tasks.bids.count'), key: 'count', render: (_, bid) => `${bid.evaluation.count} / ${bid.evaluation.expected}` },
          { title: t('tasks.bids.score'), key: 'score', render: (_, bid) => (bid.evaluation.score === null ? '—' : bid.evaluation.score) },
          { title: t('tasks.bids.rank'), key: 'rank', render: (_, bid) => bid.evaluation.rank ?? '—' },
          ...criterionColumns,
          {
            title: t('tasks.bids.flags'),
            key: 'flags',
            render: (_, bid) => (
              <Space wrap>
                {bid.evaluation.divergent && (
                  <Tooltip title={t('tasks.bids.spread', { spread: bid.evaluation.spread ?? '—' })}>
                    <Tag color="orange">{t('tasks.bids.divergent')}</Tag>
                  </Tooltip>
                )}
                {bid.evaluation.conflictedEvaluatorIds.length > 0 && <Tag color="volcano">{t('tasks.bids.conflictCount', { n: bid.evaluation.conflictedEvaluatorIds.length })}</Tag>}
              </Space>
            ),
          },
          // A phone's cards cannot expand: the bid's content opens in a dialog instead.
          ...(phone
            ? [
                {
                  title: t('tasks.bids.details'),
                  key: 'details',
                  render: (_: unknown, bid: BidView) => (
                    <Button autoInsertSpace={false} size="small" onClick={() => setShown(bid)} aria-label={t('tasks.bids.detailsOf', { team: bid.teamName })}>
                      {t('tasks.bids.details')}
                    </Button>
                  ),
                },
              ]
            : []),
          {
            title: t('tasks.bids.myEvaluation'),
            key: 'evaluate',
            render: (_, bid) => {
              if (!viewer) return null;
              const state = bidEvaluationState(task, bid, viewer);
              if (state === 'notAssigned') return '—';
              if (state === 'conflicted') {
                const why = conflictReasons(bid, viewer);
                const reason = why.self ? t('tasks.conflict.self') : why.members.length ? t('tasks.conflict.members', { names: why.members.join('、') }) : t('tasks.conflict.generic');
                return (
                  <Tooltip title={reason}>
                    <Tag color="volcano" data-testid={`conflict-${bid.id}`}>
                      {t('tasks.conflict.tag')}：{reason}
                    </Tag>
                  </Tooltip>
                );
              }
              const own = ownEvaluation(bid, viewer);
              const scored = own && (
                <Tag color="green" data-testid={`scored-${bid.id}`}>
                  {t('tasks.evaluate.scored', { total: own.total })}
                </Tag>
              );
              if (state === 'closed') return scored || '—';
              if (own)
                return (
                  <Space wrap size={4}>
                    {scored}
                    <Button autoInsertSpace={false} size="small" onClick={() => onEvaluate(bid)} aria-label={t('tasks.evaluate.editButton', { team: bid.teamName })}>
                      {t('tasks.evaluate.edit')}
                    </Button>
                  </Space>
                );
              return (
                <Button autoInsertSpace={false} size="small" type="primary" onClick={() => onEvaluate(bid)} aria-label={t('tasks.evaluate.button', { team: bid.teamName })}>
                  {t('tasks.evaluate.short')}
                </Button>
              );
            },
          },
        ]}
      />
      {shown && (
        <Modal open title={shown.teamName} footer={null} onCancel={() => setShown(null)} width="min(640px, 100vw)">
          <BidDetails task={task} bid={shown} />
        </Modal>
      )}
    </>
  );
}

/** A bid's content, its evaluations (the caller's own before the award) and who recused: the row's expansion, or a dialog on a phone. */
function BidDetails({ task, bid }: { task: TaskView; bid: BidView }) {
  const { t } = useI18n();
  const evaluatorNames = new Map(task.evaluators.map((e) => [e.userId, e.name]));
  return (
  <Descriptions size="small" column={1} bordered>
    {bid.sealed ? (
      <Descriptions.Item label={t('tasks.field.plan')}>
        <Typography.Text type="secondary" data-testid={`sealed-${bid.id}`}>
          {t('tasks.bids.sealed')}
        </Typography.Text>
      </Descriptions.Item>
    ) : (
      <>
        <Descriptions.Item label={t('tasks.field.plan')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{bid.plan}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.expectedResults')}>{bid.expectedResults}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.commitment')}>{bid.commitment}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.milestones')}>{(bid.milestones ?? []).map((m) => `${m.name} (${m.dueDate})`).join('；')}</Descriptions.Item>
        {(bid.attachments ?? []).length > 0 && (
          <Descriptions.Item label={t('tasks.field.bidAttachments')}>
            <FileList files={fileRefs(bid.attachments ?? [])} data-testid={`bid-files-${bid.id}`} />
          </Descriptions.Item>
        )}
      </>
    )}
    {bid.evaluations.length > 0 && (
      <Descriptions.Item label={task.award ? t('tasks.bids.evaluations') : t('tasks.bids.myOwn')}>
        {bid.evaluations.map((e) => (
          <div key={e.evaluatorId}>
            {e.evaluatorName}: {e.total}（{t('tasks.criterion.feasibility')} {e.scores.feasibility} / {t('tasks.criterion.innovation')} {e.scores.innovation} / {t('tasks.criterion.capability')}{' '}
            {e.scores.capability} / {t('tasks.criterion.benefit')} {e.scores.benefit}）{e.comment ? ` ${e.comment}` : ''}
          </div>
        ))}
      </Descriptions.Item>
    )}
    {bid.evaluation.conflictedEvaluatorIds.length > 0 && (
      <Descriptions.Item label={t('tasks.bids.conflicted')}>{bid.evaluation.conflictedEvaluatorIds.map((id) => evaluatorNames.get(id) ?? '—').join('、')}</Descriptions.Item>
    )}
  </Descriptions>
  );
}

function Delivery({ task }: { task: TaskView }) {
  const { t } = useI18n();
  const labels = useLabels();
  const viewer = useViewer();
  const teamName = (teamId: string) => task.bids.find((b) => b.teamId === teamId)?.teamName ?? teamId;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5}>{t('tasks.delivery.progress')}</Typography.Title>
      {task.progress.length === 0 ? (
        <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
      ) : (
        <Timeline
          items={task.progress.map((p) => ({
            children: (
              <>
                {`${formatTime(p.at)} · ${teamName(p.teamId)} · ${p.authorName} · ${p.milestone}：${p.note}`}
                {(p.attachments ?? []).length > 0 && <FileList compact files={fileRefs(p.attachments)} data-testid="progress-files" />}
              </>
            ),
          }))}
        />
      )}
      <Typography.Title level={5}>{t('tasks.delivery.results')}</Typography.Title>
      {task.results.length === 0 ? (
        <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
      ) : (
        task.results.map((r) => (
          <Card key={r.bidId} size="small" title={teamName(r.teamId)} extra={formatTime(r.submittedAt)}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</Typography.Paragraph>
            <FileList files={fileRefs(r.deliverables)} data-testid={`result-files-${r.bidId}`} />
            <PlainList items={r.deliverables.filter((d) => d.description)} render={(d) => `${d.name}：${d.description}`} />
          </Card>
        ))
      )}
      <Typography.Title level={5}>{t('tasks.delivery.reviews')}</Typography.Title>
      {task.status === 'concluded' ? (
        <>
          <TeamVerdicts task={task} />
          {verdictAppealable(task, viewer?.id) && <AppealButton subjectType="verdict" subjectId={task.id} title={task.title} />}
        </>
      ) : (
        <ReviewProgress task={task} />
      )}
      <ResponsiveTable
        data-testid="reviews-table"
        rowKey={(r) => `${r.evaluatorId}:${r.teamId ?? ''}`}
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={task.reviews}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('tasks.field.evaluator'), dataIndex: 'evaluatorName' },
          { title: t('tasks.verdicts.team'), key: 'team', render: (_, r) => (r.teamId ? teamName(r.teamId) : '—') },
          { title: t('tasks.field.verdict'), dataIndex: 'verdict', render: (v) => labels.verdict(v) },
          { title: t('tasks.verdicts.tolerance'), key: 'tolerance', render: (_, r) => (r.tolerance ? t(`tasks.tolerance.${r.tolerance}`) : '—') },
          { title: t('tasks.field.comment'), dataIndex: 'comment' },
          { title: t('tasks.field.at'), dataIndex: 'at', render: (v: string) => formatTime(v) },
        ]}
      />
      {task.reward && (
        <>
          <Typography.Title level={5}>{t('tasks.delivery.reward')}</Typography.Title>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('tasks.field.rewardPoints')}>{t('tasks.points', { n: task.reward.rewardPoints })}</Descriptions.Item>
            <Descriptions.Item label={t('tasks.field.verdict')}>{labels.verdict(task.reward.verdict)}</Descriptions.Item>
            <Descriptions.Item label={t('tasks.reward.flagged')}>{task.reward.flagged ? t('tasks.yes') : t('tasks.no')}</Descriptions.Item>
            {task.reward.teams.map((team) => (
              <Descriptions.Item key={team.teamId} label={team.teamName}>
                {team.members.map((m) => `${m.name}${m.role === 'lead' ? t('tasks.team.leadMark') : ''} ${m.share}%`).join('、')}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      )}
    </Space>
  );
}

/** Before the conclusion 评审 is sealed: how many reviews are in per team, and each team's 容错 application (public). */
function ReviewProgress({ task }: { task: TaskView }) {
  const { t } = useI18n();
  const teams = task.teamVerdicts ?? [];
  if (teams.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="review-progress">
      <Typography.Text type="secondary">{t('tasks.review.sealed')}</Typography.Text>
      {teams.map((team) => (
        <div key={team.teamId}>
          <Typography.Text>{t('tasks.review.counts', { team: team.teamName, n: team.reviewCount, m: team.reviewersExpected.length })}</Typography.Text>
          {team.tolerance && (
            <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {t('tasks.verdicts.tolerance')}：{t('tasks.tolerance.entry', { name: team.tolerance.appliedByName, at: formatTime(team.tolerance.appliedAt), justification: team.tolerance.justification })}
            </Typography.Paragraph>
          )}
        </div>
      ))}
    </Space>
  );
}

/** A team's points under a scoring standard: base reward × its verdict's multiplier × the 急难险重 factor. */
export function teamPoints(task: Pick<TaskView, 'rewardPoints' | 'flags'>, verdict: keyof ScoringStandardView['taskVerdictMultipliers'], standard: Pick<ScoringStandardView, 'taskVerdictMultipliers' | 'flagMultiplier'>): number {
  const points = task.rewardPoints * standard.taskVerdictMultipliers[verdict] * (task.flags.length > 0 ? standard.flagMultiplier : 1);
  return Math.round(points * 100) / 100;
}

/** After the conclusion (全程公开): each awarded team's verdict, 容错 decision, the reviewers' comments and its points. */
function TeamVerdicts({ task }: { task: TaskView }) {
  const { t } = useI18n();
  const labels = useLabels();
  const standards = useApiQuery(() => api.get<ScoringStandardView[]>('/scoring/standards'), [task.id]);
  const active = Array.isArray(standards.data) ? standards.data.find((x) => x.status === 'active') : undefined;
  const rows = task.teamVerdicts ?? [];
  return (
    <ResponsiveTable
      data-testid="team-verdicts"
      rowKey="teamId"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      title={() => t('tasks.verdicts.title')}
      locale={{ emptyText: t('common.empty') }}
      columns={[
        { title: t('tasks.verdicts.team'), dataIndex: 'teamName' },
        { title: t('tasks.verdicts.verdict'), key: 'verdict', render: (_, row) => (row.verdict ? <Tag color={row.verdict === 'fail' ? 'red' : row.verdict === 'tolerated' ? 'orange' : 'green'}>{labels.verdict(row.verdict)}</Tag> : '—') },
        {
          title: t('tasks.verdicts.tolerance'),
          key: 'tolerance',
          render: (_, row) => (row.tolerance ? (row.tolerance.decision ? t(`tasks.tolerance.${row.tolerance.decision}`) : t('tasks.tolerance.pending')) : t('tasks.tolerance.none')),
        },
        {
          title: t('tasks.verdicts.comments'),
          key: 'comments',
          render: (_, row) =>
            task.reviews
              .filter((r) => (r.teamId ?? row.teamId) === row.teamId)
              .map((r) => `${r.evaluatorName}：${labels.verdict(r.verdict)}${r.comment ? `，${r.comment}` : ''}`)
              .join('；') || '—',
        },
        { title: t('tasks.verdicts.points'), key: 'points', render: (_, row) => (row.verdict && active ? teamPoints(task, row.verdict, active).toFixed(2) : '—') },
      ]}
    />
  );
}
