import { isTeamFormed, teamMemberProblems } from './shares';

const messages = (problems: { path: string; message: string }[]) => problems.map((p) => `${p.path}: ${p.message}`);

describe('teamMemberProblems', () => {
  it('accepts the creator as sole lead with 100', () => {
    expect(teamMemberProblems('u1', [{ userId: 'u1', role: 'lead', share: 100 }])).toEqual([]);
  });

  it('accepts a lead and members whose whole-percent shares sum to 100', () => {
    expect(
      teamMemberProblems('u1', [
        { userId: 'u2', role: 'member', share: 33 },
        { userId: 'u1', role: 'lead', share: 34 },
        { userId: 'u3', role: 'member', share: 33 },
      ]),
    ).toEqual([]);
  });

  it('refuses an empty team', () => {
    expect(messages(teamMemberProblems('u1', []))).toEqual(['members: must list at least the lead']);
  });

  it('refuses shares that do not sum to exactly 100', () => {
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'lead', share: 60 },
          { userId: 'u2', role: 'member', share: 39 },
        ]),
      ),
    ).toEqual(['members: shares must sum to 100 (they sum to 99)']);
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'lead', share: 60 },
          { userId: 'u2', role: 'member', share: 41 },
        ]),
      ),
    ).toEqual(['members: shares must sum to 100 (they sum to 101)']);
  });

  it('refuses a share that is not a whole percent from 1 to 100, naming the member', () => {
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'lead', share: 99.5 },
          { userId: 'u2', role: 'member', share: 0.5 },
        ]),
      ),
    ).toEqual(['members.0.share: must be a whole percent from 1 to 100', 'members.1.share: must be a whole percent from 1 to 100']);
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'lead', share: 110 },
          { userId: 'u2', role: 'member', share: -10 },
        ]),
      ),
    ).toEqual(['members.0.share: must be a whole percent from 1 to 100', 'members.1.share: must be a whole percent from 1 to 100']);
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'lead', share: 100 },
          { userId: 'u2', role: 'member', share: 0 },
        ]),
      ),
    ).toEqual(['members.1.share: must be a whole percent from 1 to 100']);
  });

  it('refuses a member listed twice', () => {
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'lead', share: 50 },
          { userId: 'u2', role: 'member', share: 25 },
          { userId: 'u2', role: 'member', share: 25 },
        ]),
      ),
    ).toEqual(['members.2.userId: is listed twice']);
  });

  it('refuses no lead, and a missing creator', () => {
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u2', role: 'member', share: 50 },
          { userId: 'u3', role: 'member', share: 50 },
        ]),
      ),
    ).toEqual(['members: must have a lead', 'members: must include the creator as the lead']);
  });

  it('refuses a second lead', () => {
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'lead', share: 50 },
          { userId: 'u2', role: 'lead', share: 30 },
          { userId: 'u3', role: 'lead', share: 20 },
        ]),
      ),
    ).toEqual(['members.1.role: only one member may lead', 'members.2.role: only one member may lead']);
  });

  it('refuses a lead other than the creator, even when the creator is a member', () => {
    expect(
      messages(
        teamMemberProblems('u1', [
          { userId: 'u1', role: 'member', share: 40 },
          { userId: 'u2', role: 'lead', share: 60 },
        ]),
      ),
    ).toEqual(['members.1.userId: the lead must be the team’s creator']);
  });

  it('uses the path it is given', () => {
    expect(messages(teamMemberProblems('u1', [{ userId: 'u1', role: 'lead', share: 90 }], 'team.members'))).toEqual([
      'team.members: shares must sum to 100 (they sum to 90)',
    ]);
  });
});

describe('isTeamFormed', () => {
  it('is formed once every member has accepted', () => {
    expect(isTeamFormed([{ invitation: 'accepted' }, { invitation: 'accepted' }])).toBe(true);
    expect(isTeamFormed([{ invitation: 'accepted' }, { invitation: 'invited' }])).toBe(false);
    expect(isTeamFormed([{ invitation: 'accepted' }, { invitation: 'declined' }])).toBe(false);
    expect(isTeamFormed([])).toBe(false);
  });
});
