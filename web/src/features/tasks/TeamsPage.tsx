import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Result, Row, Select, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { MyBidView, Page, TaskStatus, TeamMemberView, TeamView } from '@cadre/contracts';
import { api, ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { PersonPicker } from '../../components/people/PersonPicker';
import { useSession } from '../../app/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { sharesTotal, teamActionsFor } from './rules';
import { StatusTag, formatTime, useDepartmentNames, useViewer } from './shared';
import { mayRepair, myTeamRow, repairBody, type MyTeamRow, type RepairValues } from './teamsStore';
import { useApiQuery } from '../../api/useApiQuery';

interface TeamFormValues {
  name: string;
  members: { userId: string; role: 'lead' | 'member'; share: number }[];
}

/** 我的团队: form a team (the caller leads); my teams, my pending invitations (answered here) and my teams' bids, from the API. */
export function TeamsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<TeamFormValues>();
  const { busy, error, run } = useSubmission(form);
  const [openId, setOpenId] = useState('');
  const [formedAt, setFormedAt] = useState(0);
  if (!user) return null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('tasks.team.create')}>
            <ProblemAlert error={error} />
            <Form<TeamFormValues>
              form={form}
              layout="vertical"
              initialValues={{ members: [{ userId: user.id, role: 'lead', share: 100 }] }}
              onFinish={(values) =>
                run(async () => {
                  const team = await api.post<TeamView>('/teams', {
                    name: values.name.trim(),
                    members: values.members.map((m) => ({ userId: m.userId.trim(), role: m.role, share: m.share })),
                  });
                  setFormedAt(Date.now());
                  void message.success(t('tasks.done'));
                  navigate(`/tasks/teams/${team.id}`);
                })
              }
            >
              <Form.Item
                label={t('tasks.team.name')}
                name="name"
                rules={[
                  { required: true, whitespace: true, message: t('tasks.validation.required') },
                  { max: 200, message: t('tasks.validation.max', { max: 200 }) },
                ]}
              >
                <Input />
              </Form.Item>
              <TeamMembersField known={[{ userId: user.id, name: user.name }]} />
              <Typography.Paragraph type="secondary">{t('tasks.team.invitationHint')}</Typography.Paragraph>
              <Button autoInsertSpace={false} type="primary" htmlType="submit" loading={busy}>
                {t('tasks.team.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <MineCard userId={user.id} refreshKey={formedAt} />
          <Card style={{ marginTop: 16 }}>
            <Form
              layout="vertical"
              onFinish={() => {
                const id = openId.trim().split('/').filter(Boolean).pop();
                if (id) navigate(`/tasks/teams/${id}`);
              }}
            >
              <Form.Item label={t('tasks.team.openById')} extra={t('tasks.team.openHint')}>
                <Space.Compact style={{ width: '100%' }}>
                  <Input value={openId} onChange={(e) => setOpenId(e.target.value)} aria-label={t('tasks.team.openById')} />
                  <Button autoInsertSpace={false} htmlType="submit">{t('tasks.team.open')}</Button>
                </Space.Compact>
              </Form.Item>
            </Form>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** 我的团队 / 我的邀请 / 我的投标, each a tab read from the API; invitations are accepted or declined in place. */
function MineCard({ userId, refreshKey }: { userId: string; refreshKey: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const teams = useApiQuery(() => api.get<Page<TeamView>>('/teams/mine', { page: 1, pageSize: 100 }), [refreshKey]);
  const invitations = useApiQuery(() => api.get<Page<TeamView>>('/invitations/mine', { page: 1, pageSize: 100 }), [refreshKey]);
  const bids = useApiQuery(() => api.get<Page<MyBidView>>('/bids/mine', { page: 1, pageSize: 100 }), [refreshKey]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const answer = async (teamId: string, what: 'accept' | 'decline') => {
    setBusy(`${teamId}:${what}`);
    setError(null);
    try {
      await api.post<TeamView>(`/teams/${teamId}/${what}`);
      void message.success(t('tasks.done'));
      invitations.reload();
      teams.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  const rows = (page: Page<TeamView> | undefined) => (page?.items ?? []).map((team) => myTeamRow(team, userId));
  const teamColumns = [
    { title: t('tasks.mine.team'), dataIndex: 'name', render: (name: string, row: MyTeamRow) => <Link to={`/tasks/teams/${row.id}`}>{name}</Link> },
    { title: t('tasks.mine.lead'), dataIndex: 'leadName' },
    { title: t('tasks.mine.myRole'), dataIndex: 'myRole', render: (r: string | null) => (r ? t(`tasks.team.role.${r}` as MessageKey) : '—') },
    { title: t('tasks.mine.myShare'), dataIndex: 'myShare', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
  ];
  return (
    <Card title={t('tasks.team.mine')}>
      <ProblemAlert error={error ?? teams.error ?? invitations.error ?? bids.error} onClose={() => setError(null)} />
      <Tabs
        items={[
          {
            key: 'teams',
            label: t('tasks.mine.teams'),
            children: (
              <ResponsiveTable<MyTeamRow>
                data-testid="my-teams-table"
                rowKey="id"
                size="small"
                pagination={false}
                loading={teams.loading}
                dataSource={rows(teams.data)}
                locale={{ emptyText: t('tasks.mine.noTeams') }}
                columns={[
                  ...teamColumns,
                  {
                    title: t('tasks.mine.state'),
                    dataIndex: 'formed',
                    render: (formed: boolean, row) =>
                      row.myAnswer === 'declined' ? <Tag color="red">{t('tasks.team.invitation.declined')}</Tag> : formed ? <Tag color="green">{t('tasks.team.formed')}</Tag> : <Tag color="orange">{t('tasks.team.forming')}</Tag>,
                  },
                ]}
              />
            ),
          },
          {
            key: 'invitations',
            label: `${t('tasks.mine.invitations')}${invitations.data?.total ? `（${invitations.data.total}）` : ''}`,
            children: (
              <ResponsiveTable<MyTeamRow>
                data-testid="my-invitations-table"
                cardActionsKey="answer"
                rowKey="id"
                size="small"
                pagination={false}
                loading={invitations.loading}
                dataSource={rows(invitations.data)}
                locale={{ emptyText: t('tasks.mine.noInvitations') }}
                columns={[
                  ...teamColumns,
                  {
                    title: t('tasks.mine.myAnswer'),
                    key: 'answer',
                    render: (_: unknown, row) => (
                      <Space>
                        <Button autoInsertSpace={false} size="small" type="primary" loading={busy === `${row.id}:accept`} onClick={() => void answer(row.id, 'accept')}>
                          {t('tasks.team.accept')}
                        </Button>
                        <Button autoInsertSpace={false} size="small" danger loading={busy === `${row.id}:decline`} onClick={() => void answer(row.id, 'decline')}>
                          {t('tasks.team.decline')}
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'bids',
            label: t('tasks.mine.bids'),
            children: (
              <ResponsiveTable<MyBidView>
                data-testid="my-bids-table"
                rowKey="bidId"
                size="small"
                pagination={false}
                loading={bids.loading}
                dataSource={bids.data?.items ?? []}
                locale={{ emptyText: t('tasks.mine.noBids') }}
                columns={[
                  { title: t('tasks.mine.task'), dataIndex: 'taskTitle', render: (title: string, row) => <Link to={`/tasks/${row.taskId}`}>{title}</Link> },
                  { title: t('tasks.mine.team'), dataIndex: 'teamName', render: (name: string, row) => <Link to={`/tasks/teams/${row.teamId}`}>{name}</Link> },
                  { title: t('tasks.mine.bidStatus'), dataIndex: 'status', render: (s: string) => t(`tasks.bidStatus.${s}` as MessageKey) },
                  { title: t('tasks.mine.taskStatus'), dataIndex: 'taskStatus', render: (s: TaskStatus) => <StatusTag status={s} /> },
                  { title: t('tasks.mine.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => formatTime(v) },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

/** One team: members, shares and their answers; an invited member accepts or declines here. */
export function TeamPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const viewer = useViewer();
  const { message } = App.useApp();
  const team = useApiQuery(() => api.get<TeamView>(`/teams/${id}`), [id]);
  const departmentName = useDepartmentNames();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (team.loading && !team.data) return <Spin />;
  if (team.error && !team.data) {
    if (team.error instanceof ApiError && team.error.status === 404) return <Result status="404" title="404" subTitle={t('tasks.team.notFound')} />;
    return <ProblemAlert error={team.error} onRetry={team.reload} />;
  }
  if (!team.data) return null;
  const data = team.data;
  const actions = teamActionsFor(data, viewer);
  const act = async (what: string, call: () => Promise<TeamView>) => {
    setBusy(what);
    setError(null);
    try {
      team.setData(await call());
      void message.success(t('tasks.done'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  const answer = (what: 'accept' | 'decline') => act(what, () => api.post<TeamView>(`/teams/${data.id}/${what}`));
  const lead = mayRepair(data, viewer?.id);
  const reinvite = (member: TeamMemberView) => act(`reinvite:${member.userId}`, () => api.post<TeamView>(`/teams/${data.id}/invitations`, { userId: member.userId }));
  const link = `${window.location.origin}/tasks/teams/${data.id}`;
  return (
    <Card title={data.name} extra={data.formed ? <Tag color="green">{t('tasks.team.formed')}</Tag> : <Tag color="orange">{t('tasks.team.forming')}</Tag>}>
      <ProblemAlert error={error} onClose={() => setError(null)} />
      <Space wrap style={{ marginBottom: 16 }}>
        {actions.includes('accept') && (
          <Button autoInsertSpace={false} type="primary" loading={busy === 'accept'} onClick={() => answer('accept')}>
            {t('tasks.team.accept')}
          </Button>
        )}
        {actions.includes('decline') && (
          <Button autoInsertSpace={false} danger loading={busy === 'decline'} onClick={() => answer('decline')}>
            {t('tasks.team.decline')}
          </Button>
        )}
        {actions.includes('bid') && <Link to="/tasks?status=open">{t('tasks.team.goBid')}</Link>}
      </Space>
      <Descriptions size="small" bordered column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('tasks.team.link')}>
          <Typography.Text copyable>{link}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.field.createdAt')}>{formatTime(data.createdAt)}</Descriptions.Item>
        {data.formedAt && <Descriptions.Item label={t('tasks.team.formedAt')}>{formatTime(data.formedAt)}</Descriptions.Item>}
      </Descriptions>
      <ResponsiveTable<TeamMemberView>
        data-testid="team-members-table"
        cardActionsKey="reinvite"
        rowKey="userId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data.members}
        columns={[
          { title: t('tasks.team.memberName'), dataIndex: 'name' },
          { title: t('tasks.team.department'), dataIndex: 'departmentId', render: (d: string) => departmentName(d) },
          { title: t('tasks.team.roleTitle'), dataIndex: 'role', render: (r: string) => t(`tasks.team.role.${r}` as MessageKey) },
          { title: t('tasks.team.share'), dataIndex: 'share', render: (s: number) => `${s}%` },
          {
            title: t('tasks.team.invitation'),
            dataIndex: 'invitation',
            render: (s: string) => <Tag color={s === 'accepted' ? 'green' : s === 'declined' ? 'red' : 'orange'}>{t(`tasks.team.invitation.${s}` as MessageKey)}</Tag>,
          },
          ...(lead
            ? [
                {
                  title: '',
                  key: 'reinvite',
                  render: (_: unknown, member: TeamMemberView) =>
                    member.invitation === 'declined' && (
                      <Button autoInsertSpace={false} size="small" loading={busy === `reinvite:${member.userId}`} onClick={() => void reinvite(member)}>
                        {t('tasks.team.reinvite')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {lead && <RepairForm team={data} onSaved={(saved) => team.setData(saved)} />}
      {data.history.length > 0 && (
        <Card size="small" title={t('tasks.team.history')} style={{ marginTop: 16 }}>
          <Timeline
            items={data.history.map((h) => ({
              content: (
                <span>
                  {formatTime(h.at)} {h.actorName} {t(`tasks.team.historyAction.${h.action}` as MessageKey)}：{h.comment}
                </span>
              ),
            }))}
          />
        </Card>
      )}
    </Card>
  );
}

/** The lead repairs the team: name, members, roles and shares (the whole list); changed members are invited again. */
function RepairForm({ team, onSaved }: { team: TeamView; onSaved: (team: TeamView) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RepairValues>();
  const { busy, error, run } = useSubmission(form);
  if (!open) {
    return (
      <Button autoInsertSpace={false} style={{ marginTop: 16 }} onClick={() => setOpen(true)}>
        {t('tasks.team.edit')}
      </Button>
    );
  }
  return (
    <Card size="small" title={t('tasks.team.edit')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('tasks.team.editHint')}</Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form<RepairValues>
        form={form}
        layout="vertical"
        initialValues={{ name: team.name, members: team.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share })) }}
        onFinish={(values) =>
          run(async () => {
            const body = repairBody(team, values);
            if (body) onSaved(await api.patch<TeamView>(`/teams/${team.id}`, body));
            void message.success(t('tasks.done'));
            setOpen(false);
          })
        }
      >
        <Form.Item label={t('tasks.team.name')} name="name" rules={[{ required: true, whitespace: true, message: t('tasks.validation.required') }, { max: 200, message: t('tasks.validation.max', { max: 200 }) }]}>
          <Input />
        </Form.Item>
        <TeamMembersField known={team.members} />
        <Space>
          <Button autoInsertSpace={false} type="primary" htmlType="submit" loading={busy}>
            {t('tasks.team.saveRepair')}
          </Button>
          <Button autoInsertSpace={false} onClick={() => setOpen(false)}>
            {t('action.cancel')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/**
 * The members of a team being formed or repaired: each a person picked by name (PersonPicker), with role and share
 * (the shares summing to 100, one lead, at most 30); the first row is the lead themself. `known`: the people the
 * page already names (the lead, the team's members).
 */
function TeamMembersField({ known }: { known: readonly { userId: string; name: string }[] }) {
  const { t } = useI18n();
  const members = Form.useWatch('members') as { userId?: string }[] | undefined;
  return (
    <Form.List
      name="members"
      rules={[
        {
          validator: async (_, members?: { share?: number; role?: string }[]) => {
            if (!members?.length) throw new Error(t('tasks.validation.required'));
            if (members.length > 30) throw new Error(t('tasks.validation.maxItems', { max: 30 }));
            const total = sharesTotal(members);
            if (total !== 100) throw new Error(t('tasks.team.sharesSum', { total }));
            if (members.filter((m) => m.role === 'lead').length !== 1) throw new Error(t('tasks.team.oneLead'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('tasks.field.members')} required>
          {fields.map((field, index) => (
            <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
              <Form.Item
                label={t('tasks.team.memberId', { n: index + 1 })}
                name={[field.name, 'userId']}
                rules={[{ required: true, message: t('tasks.validation.id') }]}
              >
                <PersonPicker
                  disabled={index === 0}
                  known={known}
                  exclude={(members ?? []).map((m) => m?.userId ?? '').filter((userId, i) => userId && i !== field.name)}
                  style={{ width: 260 }}
                />
              </Form.Item>
              <Form.Item label={t('tasks.team.memberRole', { n: index + 1 })} name={[field.name, 'role']} rules={[{ required: true, message: t('tasks.validation.required') }]}>
                <Select disabled={index === 0} style={{ width: 100 }} options={(['lead', 'member'] as const).map((r) => ({ value: r, label: t(`tasks.team.role.${r}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item
                label={t('tasks.team.memberShare', { n: index + 1 })}
                name={[field.name, 'share']}
                rules={[
                  { required: true, message: t('tasks.validation.required') },
                  { type: 'integer', min: 1, max: 100, message: t('tasks.validation.share') },
                ]}
              >
                <InputNumber min={1} max={100} precision={0} />
              </Form.Item>
              {index > 0 && (
                <Button autoInsertSpace={false} type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                  {t('tasks.action.remove')}
                </Button>
              )}
            </Space>
          ))}
          <Button autoInsertSpace={false} type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'member' })}>
            {t('tasks.team.addMember')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}
