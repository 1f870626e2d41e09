/**
 * The work inbox (待办) end to end, through the gateway's HTTP API only: every kind of item appears in `GET /inbox`
 * of whoever holds it when the action that makes it happens, and leaves every inbox when someone entitled has done
 * it — records (待审核, 待确认分工, 待研判, 待修改), teams (团队邀请) and tasks (待评标, 待定标, 待评审, 待结项) — and the
 * admin's rebuild gives the same inboxes again.
 *
 * Real processes only: a private NATS+JetStream server, every service from its build (the notifications service
 * among them), FerretDB and Redis. Build first: `nx build <project> --outputStyle=static` for each service.
 *
 * Department tree: root (CITY) → district → bureau; root → another district (the evaluators' and a reviewer who
 * must see nothing).
 */
import type { InboxKind, InboxView, RecordDetailView, TaskView, TeamView, BidView, UserView } from '@cadre/contracts';
import { expectStatus, sleep, startPlatform, waitUntil, type Platform } from '@cadre/testing';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const MILESTONES = [{ name: '调研摸底', dueDate: inDays(30).toISOString().slice(0, 10) }];

type Key = 'filer' | 'partner' | 'reviewer' | 'otherReviewer' | 'assessor' | 'publisher' | 'otherPublisher' | 'evalA' | 'evalB' | 'lead' | 'member';

describe('the work inbox (end to end through the gateway)', () => {
  let platform: Platform;
  const users = {} as Record<Key, UserView>;
  const tokens = {} as Record<Key | 'admin', string>;
  const as = (who: Key | 'admin') => platform.as(tokens[who]);

  const inbox = async (who: Key, query = '') => expectStatus(await as(who).get<InboxView>(`/inbox${query}`), 200);
  const idsOf = async (who: Key) => (await inbox(who)).items.map((i) => i.id).sort();
  const appears = (who: Key, kind: InboxKind, subjectId: string) =>
    waitUntil(async () => (await inbox(who)).items.find((i) => i.kind === kind && i.subject.id === subjectId), { timeoutMs: 20_000, what: `${kind} of ${subjectId} in ${who}'s inbox` });
  const leaves = (who: Key, kind: InboxKind, subjectId: string) =>
    waitUntil(async () => !(await inbox(who)).items.some((i) => i.kind === kind && i.subject.id === subjectId), { timeoutMs: 20_000, what: `${kind} of ${subjectId} to leave ${who}'s inbox` });

  beforeAll(async () => {
    platform = await startPlatform({ name: 'inbox-e2e', killAfterMs: 15_000 });
    tokens.admin = platform.adminToken;
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('龙华区', 'LONGHUA', root.id);
    const bureau = await platform.createDepartment('龙华区发改局', 'LHFGJ', district.id);
    const other = await platform.createDepartment('美兰区', 'MEILAN', root.id);
    const create = async (key: Key, departmentId: string, roles: string[], name: string) => {
      ({ user: users[key], token: tokens[key] } = await platform.createUser(key, { departmentId, roles, name }));
    };
    await create('filer', bureau.id, ['cadre'], '王海军');
    await create('partner', bureau.id, ['cadre'], '李红梅');
    await create('reviewer', bureau.id, ['reviewer'], '张审核');
    await create('otherReviewer', other.id, ['reviewer'], '赵局外');
    await create('assessor', root.id, ['assessor'], '陈研判');
    await create('publisher', district.id, ['publisher'], '孙发榜');
    await create('otherPublisher', other.id, ['publisher'], '钱发榜');
    await create('evalA', other.id, ['evaluator'], '评委甲');
    await create('evalB', other.id, ['evaluator'], '评委乙');
    await create('lead', bureau.id, ['cadre'], '刘队长');
    await create('member', bureau.id, ['cadre'], '吴队员');
    await platform.replicasKnow(Object.values(users).map((u) => u.id), ['records', 'tasks', 'notifications' as never]);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('records: 待审核 for the department’s reviewers (not another district’s), 待确认分工 for the co-participant, 待研判 for the assessors, 待修改 for the filer; each leaves once done', async () => {
    const record = expectStatus(
      await as('filer').post<RecordDetailView>('/records', {
        itemCode: 'INVEST-03',
        title: '引进世界500强企业区域总部',
        description: '牵头洽谈，促成区域总部签约落地。',
        periodStart: '2026-01-01',
        periodEnd: '2026-06-30',
        impactLevel: 'city',
        participants: [
          { userId: users.filer.id, role: 'lead', share: 70 },
          { userId: users.partner.id, role: 'member', share: 30 },
        ],
      }),
      201,
    );
    expectStatus(await as('filer').post(`/records/${record.id}/submit`), 200);

    const review = await appears('reviewer', 'record_review', record.id);
    expect(review).toMatchObject({ kindLabel: '待审核', title: '引进世界500强企业区域总部', summary: '王海军 报送《引进世界500强企业区域总部》', link: `/records/${record.id}`, departmentName: '龙华区发改局', overdue: false });
    const share = await appears('partner', 'share_confirm', record.id);
    expect(share).toMatchObject({ kindLabel: '待确认分工', link: `/records/${record.id}` });
    expect(await idsOf('otherReviewer')).toEqual([]);
    expect((await inbox('filer')).items.filter((i) => i.subject.id === record.id)).toEqual([]);

    // The share answered: 待确认分工 leaves; the reviewer approves: 待审核 leaves every reviewer, 待研判 reaches the assessors.
    expectStatus(await as('partner').post(`/records/${record.id}/participation`, { decision: 'confirm' }), 200);
    await leaves('partner', 'share_confirm', record.id);
    expectStatus(await as('reviewer').post(`/records/${record.id}/review`, { decision: 'approve', comment: '' }), 200);
    await leaves('reviewer', 'record_review', record.id);
    expect(await appears('assessor', 'record_assess', record.id)).toMatchObject({ kindLabel: '待研判', departmentName: '龙华区发改局' });

    // The assessor returns it: 待研判 leaves, 待修改 waits for the filer; resubmitting settles it and 待审核 is back.
    expectStatus(await as('assessor').post(`/records/${record.id}/assess`, { decision: 'return', comment: '请补充合同扫描件' }), 200);
    await leaves('assessor', 'record_assess', record.id);
    const fix = await appears('filer', 'record_fix', record.id);
    expect(fix.summary).toContain('请补充合同扫描件');
    expectStatus(await as('filer').post(`/records/${record.id}/submit`), 200);
    await leaves('filer', 'record_fix', record.id);
    await appears('reviewer', 'record_review', record.id);

    // Rejected: nothing of it is left anywhere.
    expectStatus(await as('reviewer').post(`/records/${record.id}/review`, { decision: 'reject', comment: '不属于履职纪实范围' }), 200);
    await leaves('reviewer', 'record_review', record.id);
    for (const who of ['filer', 'partner', 'assessor'] as const) expect((await inbox(who)).items.filter((i) => i.subject.id === record.id)).toEqual([]);

    // CSV for people: Chinese headers, labels, Beijing time.
    const csv = await fetch(`${platform.apiUrl}/inbox?format=csv`, { headers: { authorization: `Bearer ${tokens.reviewer}` } });
    expect(csv.status).toBe(200);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe('类型,标题,事项,所属单位,开始时间,办理时限,是否超期,是否已催办升级');
  });

  let teamId: string;

  it('teams: 团队邀请 for the invited member until they accept', async () => {
    const team = expectStatus(
      await as('lead').post<TeamView>('/teams', {
        name: '产权攻坚队',
        members: [
          { userId: users.lead.id, role: 'lead', share: 60 },
          { userId: users.member.id, role: 'member', share: 40 },
        ],
      }),
      201,
    );
    teamId = team.id;
    const invitation = await appears('member', 'team_invitation', team.id);
    expect(invitation).toMatchObject({ kindLabel: '团队邀请', title: '产权攻坚队', link: `/tasks/teams/${team.id}` });
    expect(invitation.summary).toContain('刘队长 邀请您加入 产权攻坚队');
    expect((await inbox('lead')).items.filter((i) => i.kind === 'team_invitation')).toEqual([]);
    expectStatus(await as('member').post(`/teams/${team.id}/accept`), 200);
    await leaves('member', 'team_invitation', team.id);
  });

  it('tasks: 待评标 per evaluator, 待定标 for the publishers of the department, 待评审 per evaluator, 待结项; conclusion leaves nothing', async () => {
    const batch = expectStatus(await as('publisher').post<{ id: string }>('/task-batches', { name: `待办批次 ${platform.suffix}`, description: '待办端到端' }), 201);
    const task = expectStatus(
      await as('publisher').post<TaskView>('/tasks', {
        batchId: batch.id,
        title: '化解老城区历史遗留产权问题',
        description: '老城区遗留的产权登记问题。',
        domain: 'legacy',
        flags: ['hard'],
        goals: '一年内化解 80%。',
        expectedResults: '形成可复制的化解机制。',
        milestones: MILESTONES,
        biddingDeadline: inDays(7).toISOString(),
        deliveryDeadline: inDays(120).toISOString(),
        rewardPoints: 100,
        evaluatorIds: [users.evalA.id, users.evalB.id],
        allowRace: false,
      }),
      201,
    );
    expectStatus(await as('publisher').post(`/tasks/${task.id}/publish`), 200);
    const bid = expectStatus(
      await as('lead').post<BidView>(`/tasks/${task.id}/bids`, { teamId, plan: '分三步推进。', expectedResults: '化解 80%。', milestones: MILESTONES, commitment: '不获全胜，决不收兵。' }),
      201,
    );
    expectStatus(await as('publisher').post(`/tasks/${task.id}/close-bidding`), 200);

    const evaluation = await appears('evalA', 'bid_evaluate', task.id);
    expect(evaluation).toMatchObject({ kindLabel: '待评标', summary: '1 份标书待评', link: `/tasks/${task.id}`, departmentName: '龙华区' });
    await appears('evalB', 'bid_evaluate', task.id);
    const scores = { feasibility: 25, innovation: 15, capability: 25, benefit: 15 };
    expectStatus(await as('evalA').post(`/bids/${bid.id}/evaluations`, { scores, comment: '' }), 201);
    await leaves('evalA', 'bid_evaluate', task.id);
    expect((await inbox('evalB')).items.map((i) => i.kind)).toEqual(['bid_evaluate']);
    expectStatus(await as('evalB').post(`/bids/${bid.id}/evaluations`, { scores, comment: '' }), 201);
    await leaves('evalB', 'bid_evaluate', task.id);

    expect(await appears('publisher', 'task_award', task.id)).toMatchObject({ kindLabel: '待定标' });
    expect((await inbox('otherPublisher')).items).toEqual([]);
    expectStatus(await as('publisher').post(`/tasks/${task.id}/award`, { bidIds: [bid.id] }), 200);
    await leaves('publisher', 'task_award', task.id);

    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.7\n成果材料\n')]), '成果.pdf');
    const upload = await fetch(`${platform.apiUrl}/files?purpose=result`, { method: 'POST', headers: { authorization: `Bearer ${tokens.lead}` }, body: form });
    expect(upload.status).toBe(201);
    const { fileId } = (await upload.json()) as { fileId: string };
    expectStatus(await as('lead').post(`/tasks/${task.id}/results`, { summary: '已完成全部目标。', deliverables: [{ fileId }] }), 200);

    expect(await appears('evalA', 'result_review', task.id)).toMatchObject({ kindLabel: '待评审', summary: '产权攻坚队 的成果待评审' });
    await appears('evalB', 'result_review', task.id);
    expectStatus(await as('evalA').post(`/tasks/${task.id}/reviews`, { verdict: 'pass', comment: '' }), 201);
    await leaves('evalA', 'result_review', task.id);
    expectStatus(await as('evalB').post(`/tasks/${task.id}/reviews`, { verdict: 'excellent', comment: '' }), 201);
    await leaves('evalB', 'result_review', task.id);

    expect(await appears('publisher', 'task_conclude', task.id)).toMatchObject({ kindLabel: '待结项' });
    expectStatus(await as('publisher').post(`/tasks/${task.id}/conclude`), 200);
    await leaves('publisher', 'task_conclude', task.id);
  });

  it('the admin’s rebuild gives every inbox again, and others may not rebuild', async () => {
    const record = expectStatus(
      await as('filer').post<RecordDetailView>('/records', { itemCode: 'INVEST-03', title: '重建前待审核的纪实', description: '', periodStart: '2026-01-01', periodEnd: '2026-03-31', impactLevel: 'district' }),
      201,
    );
    expectStatus(await as('filer').post(`/records/${record.id}/submit`), 200);
    await appears('reviewer', 'record_review', record.id);

    const everyone = Object.keys(users) as Key[];
    const snapshot = () => Promise.all(everyone.map((who) => idsOf(who)));
    const before = await snapshot();
    expect(before.flat()).toContain(`record_review:${record.id}`);

    expect((await as('reviewer').post('/inbox/rebuild', {})).status).toBe(403);
    const started = await as('admin').post<{ running: boolean }>('/inbox/rebuild', {});
    expect(started.status).toBe(202);
    // The rebuild drops and replays (a few seconds here): the inboxes come back whole, and stay so.
    await sleep(3_000);
    const rebuilt = async () => JSON.stringify(await snapshot()) === JSON.stringify(before) && (await inbox('reviewer')).counts.record_review === 1;
    await waitUntil(rebuilt, { timeoutMs: 60_000, intervalMs: 500, what: 'the rebuilt inboxes to equal those before' });
    await sleep(1_000);
    expect(await rebuilt()).toBe(true);
  });
});
