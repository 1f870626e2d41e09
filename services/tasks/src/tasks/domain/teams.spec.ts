import type { Caller, Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { BidEntry, TeamDocument } from '../task.schema';
import { answerInvitation, awaitingAnswerOf, bidsOfTeams, editTeam, hasLiveBid, newTeam, pageOf, reinviteMember, type MemberFacts } from './teams';

const caller = (userId: string, roles: Role[] = ['cadre'], path = ['city', 'a']): Caller => ({ userId, name: userId, roles, departmentId: path.at(-1)!, departmentPath: path });
const lead = caller('lead');
const ann = caller('ann');
const bob = caller('bob');
const cat: MemberFacts = { name: 'cat', departmentId: 'b', departmentPath: ['city', 'b'] };
const now = new Date('2026-12-03T02:00:00Z');
const earlier = new Date('2026-12-01T02:00:00Z');

const member = (who: Caller, role: 'lead' | 'member', share: number, invitation: 'invited' | 'accepted' | 'declined') => ({
  userId: who.userId,
  name: who.name,
  departmentId: who.departmentId,
  departmentPath: who.departmentPath,
  role,
  share,
  invitation,
  respondedAt: invitation === 'invited' ? null : earlier,
});

/** lead 60 (accepted), ann 20 (accepted), bob 20 (declined): not formed. */
function team(fields: Partial<TeamDocument> = {}): TeamDocument {
  const members = [member(lead, 'lead', 60, 'accepted'), member(ann, 'member', 20, 'accepted'), member(bob, 'member', 20, 'declined')];
  return { _id: 'team-1', version: 3, name: '攻坚队', leadId: 'lead', createdBy: 'lead', members, memberIds: members.map((m) => m.userId), formedAt: null, outbox: [], createdAt: earlier, updatedAt: earlier, ...fields };
}
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a refusal');
};
const none = new Map<string, MemberFacts>();

describe('repairing a team (the lead edits it)', () => {
  it('removing the declined member and giving their share to another resets only that member’s acceptance, with the history', () => {
    const change = editTeam(team(), lead, { version: 3, members: [{ userId: 'lead', role: 'lead', share: 60 }, { userId: 'ann', role: 'member', share: 40 }] }, none, false, now)!;
    const members = change.set!.members as TeamDocument['members'];
    expect(members.map((m) => [m.userId, m.share, m.invitation])).toEqual([['lead', 60, 'accepted'], ['ann', 40, 'invited']]);
    expect(change.set).toMatchObject({ memberIds: ['lead', 'ann'], formedAt: null });
    expect(change.push!.history).toMatchObject({ action: 'update', actorId: 'lead', version: 4, comment: expect.stringContaining('移除 bob') });
    expect(change.events).toEqual([
      {
        subject: 'tasks.team.changed',
        data: {
          teamId: 'team-1',
          teamName: '攻坚队',
          leadId: 'lead',
          version: 4,
          formed: false,
          members: [
            { userId: 'lead', role: 'lead', share: 60, invitation: 'accepted' },
            { userId: 'ann', role: 'member', share: 40, invitation: 'invited' },
          ],
          action: 'updated',
          actorId: 'lead',
          occurredAt: now.toISOString(),
        },
      },
    ]);
  });

  it('a removal that leaves everyone accepted forms the team and announces it', () => {
    const t = team({ members: [member(lead, 'lead', 60, 'accepted'), member(ann, 'member', 40, 'accepted'), member(bob, 'member', 0, 'declined')].map((m) => (m.userId === 'bob' ? { ...m, share: 0 } : m)) });
    const change = editTeam(t, lead, { version: 3, members: [{ userId: 'lead', role: 'lead', share: 60 }, { userId: 'ann', role: 'member', share: 40 }] }, none, false, now)!;
    expect(change.set!.formedAt).toEqual(now);
    expect(change.events).toEqual([
      expect.objectContaining({ subject: 'tasks.team.changed', data: expect.objectContaining({ version: 4, formed: true, action: 'updated' }) }),
      expect.objectContaining({ subject: 'tasks.team.formed', data: expect.objectContaining({ teamId: 'team-1', version: 4 }) }),
    ]);
  });

  it('a new member is invited, a declined one kept is invited again; a rename alone changes no acceptance', () => {
    const change = editTeam(
      team(),
      lead,
      { version: 3, members: [{ userId: 'lead', role: 'lead', share: 60 }, { userId: 'ann', role: 'member', share: 20 }, { userId: 'bob', role: 'member', share: 10 }, { userId: 'cat', role: 'member', share: 10 }] },
      new Map([['cat', cat]]),
      false,
      now,
    )!;
    const members = change.set!.members as TeamDocument['members'];
    expect(members.map((m) => [m.userId, m.invitation])).toEqual([['lead', 'accepted'], ['ann', 'accepted'], ['bob', 'invited'], ['cat', 'invited']]);
    expect(members[3]).toMatchObject({ name: 'cat', departmentId: 'b' });
    const renamed = editTeam(team({ formedAt: earlier }), lead, { version: 3, name: '新攻坚队' }, none, false, now)!;
    expect(renamed.set).toMatchObject({ name: '新攻坚队' });
    expect((renamed.set!.members as TeamDocument['members']).map((m) => m.invitation)).toEqual(['accepted', 'accepted', 'declined']);
  });

  it('only the lead (403); a stale version or a live bid (409); bad shares (400); nothing changed is no write', () => {
    const input = { version: 3, name: '另一个名字' };
    expect(refusal(() => editTeam(team(), ann, input, none, false, now)).status).toBe(403);
    expect(refusal(() => editTeam(team(), lead, { ...input, version: 2 }, none, false, now)).status).toBe(409);
    expect(refusal(() => editTeam(team(), lead, input, none, true, now)).status).toBe(409);
    const bad = refusal(() => editTeam(team(), lead, { version: 3, members: [{ userId: 'lead', role: 'lead', share: 50 }, { userId: 'ann', role: 'member', share: 20 }] }, none, false, now));
    expect(bad).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'members' })] });
    expect(editTeam(team(), lead, { version: 3, name: '攻坚队' }, none, false, now)).toBeNull();
  });

  it('a bid is live from bidding until conclusion', () => {
    expect(hasLiveBid(['open'])).toBe(true);
    expect(hasLiveBid(['concluded', 'reviewing'])).toBe(true);
    expect(hasLiveBid(['concluded', 'unclaimed', 'withdrawn'])).toBe(false);
    expect(hasLiveBid([])).toBe(false);
  });
});

describe('inviting a declined member again', () => {
  it('the declined member is invited again, with the history; only the lead; only a declined member', () => {
    const change = reinviteMember(team(), lead, 'bob', false, now);
    expect((change.set!.members as TeamDocument['members']).find((m) => m.userId === 'bob')).toMatchObject({ invitation: 'invited', respondedAt: null });
    expect(change.push!.history).toMatchObject({ action: 'reinvite', comment: '重新邀请 bob', version: 4 });
    expect(change.events).toEqual([
      expect.objectContaining({
        subject: 'tasks.team.changed',
        data: expect.objectContaining({ version: 4, formed: false, action: 'reinvited', actorId: 'lead', members: expect.arrayContaining([{ userId: 'bob', role: 'member', share: 20, invitation: 'invited' }]) }),
      }),
    ]);
    expect(refusal(() => reinviteMember(team(), ann, 'bob', false, now)).status).toBe(403);
    expect(refusal(() => reinviteMember(team(), lead, 'ann', false, now)).status).toBe(409);
    expect(refusal(() => reinviteMember(team(), lead, 'nobody', false, now))).toMatchObject({ status: 400, errors: [{ path: 'userId', message: expect.any(String) }] });
    expect(refusal(() => reinviteMember(team(), lead, 'bob', true, now)).status).toBe(409);
  });
});

describe('announcing every team change (tasks.team.changed)', () => {
  const input = { name: '新队', members: [{ userId: 'lead', role: 'lead' as const, share: 70 }, { userId: 'ann', role: 'member' as const, share: 30 }] };

  it('a new team announces itself with each invitation; a team of the lead alone is also formed', () => {
    const { events } = newTeam('team-2', lead, input, [null, { name: 'ann', departmentId: 'a', departmentPath: ['city', 'a'] }], now);
    expect(events).toEqual([
      {
        subject: 'tasks.team.changed',
        data: expect.objectContaining({
          teamId: 'team-2',
          version: 1,
          formed: false,
          action: 'created',
          actorId: 'lead',
          members: [
            { userId: 'lead', role: 'lead', share: 70, invitation: 'accepted' },
            { userId: 'ann', role: 'member', share: 30, invitation: 'invited' },
          ],
        }),
      },
    ]);
    const alone = newTeam('team-3', lead, { name: '独行', members: [{ userId: 'lead', role: 'lead', share: 100 }] }, [null], now);
    expect(alone.events.map((e) => [e.subject, (e.data as { version: number }).version])).toEqual([
      ['tasks.team.changed', 1],
      ['tasks.team.formed', 1],
    ]);
  });

  it('an answer is announced by the member; the last acceptance also forms the team', () => {
    const declined = answerInvitation(team({ members: [member(lead, 'lead', 60, 'accepted'), member(ann, 'member', 40, 'invited')] }), ann, 'declined', now);
    expect(declined.events).toEqual([
      expect.objectContaining({ subject: 'tasks.team.changed', data: expect.objectContaining({ version: 4, formed: false, action: 'declined', actorId: 'ann', members: [expect.objectContaining({ invitation: 'accepted' }), expect.objectContaining({ userId: 'ann', invitation: 'declined' })] }) }),
    ]);
    const accepted = answerInvitation(team({ members: [member(lead, 'lead', 60, 'accepted'), member(ann, 'member', 40, 'invited')] }), ann, 'accepted', now);
    expect(accepted.events?.map((e) => [e.subject, (e.data as { version: number }).version, (e.data as { action?: string }).action])).toEqual([
      ['tasks.team.changed', 4, 'accepted'],
      ['tasks.team.formed', 4, undefined],
    ]);
  });
});

describe('my invitations and my bids', () => {
  it('the teams awaiting my answer are those where my invitation is pending', () => {
    const pending = team({ _id: 'p', members: [member(lead, 'lead', 50, 'accepted'), member(ann, 'member', 50, 'invited')] });
    expect(awaitingAnswerOf([team(), pending], 'ann').map((t) => t._id)).toEqual(['p']);
    expect(awaitingAnswerOf([team(), pending], 'bob')).toEqual([]);
  });

  it('my teams’ bids, newest first, with the task’s title and status; a page of them', () => {
    const bid = (id: string, teamId: string, at: string): BidEntry =>
      ({ id, version: 1, teamId, teamName: teamId, leadId: 'lead', members: [], status: 'submitted', plan: '', expectedResults: '', milestones: [], commitment: '', evaluations: [], submittedAt: new Date(at), updatedAt: new Date(at) });
    const tasks = [
      { _id: 't1', title: '任务一', status: 'open' as const, bids: [bid('b1', 'mine', '2026-12-01T00:00:00Z'), bid('b2', 'other', '2026-12-02T00:00:00Z')] },
      { _id: 't2', title: '任务二', status: 'evaluating' as const, bids: [bid('b3', 'mine', '2026-12-02T00:00:00Z')] },
    ];
    const mine = bidsOfTeams(tasks, new Set(['mine']));
    expect(mine.map((b) => [b.bidId, b.taskTitle, b.taskStatus])).toEqual([['b3', '任务二', 'evaluating'], ['b1', '任务一', 'open']]);
    expect(pageOf(mine, 2, 1)).toMatchObject({ items: [expect.objectContaining({ bidId: 'b1' })], total: 2, page: 2, pageSize: 1 });
  });
});
