import dayjs from 'dayjs';
import { actionsFor, basePointsOf, disputeReopens, latestPeriodEnd, sharesSettled, unconfirmedShares, participantsBody, reviewNeedsComment, shareProblems, periodRange, type Actor, type RecordFacts } from './rules';

const filer: Actor = { id: 'u1', roles: ['cadre'], departmentId: 'd-longhua' };
const coParticipant: Actor = { id: 'u2', roles: ['cadre'], departmentId: 'd-longhua' };
const reviewer: Actor = { id: 'rv', roles: ['reviewer'], departmentId: 'd-longhua' };
const otherReviewer: Actor = { id: 'rv2', roles: ['reviewer'], departmentId: 'd-meilan' };
const assessor: Actor = { id: 'as', roles: ['assessor'], departmentId: 'd-org' };
const admin: Actor = { id: 'ad', roles: ['admin'], departmentId: 'd-city' };

function facts(status: RecordFacts['status'], extra: Partial<RecordFacts> = {}): RecordFacts {
  return {
    status,
    cadreId: 'u1',
    departmentPath: ['d-city', 'd-longhua'],
    participants: [
      { userId: 'u1', name: 'A', role: 'lead', share: 60, confirmation: 'confirmed', comment: '' },
      { userId: 'u2', name: 'B', role: 'member', share: 40, confirmation: 'pending', comment: '' },
    ],
    ...extra,
  };
}

describe('actionsFor', () => {
  it('lets the filer edit, submit or delete a draft, withdraw it before review, and nothing once reviewed, verified or discarded', () => {
    expect(actionsFor(facts('draft'), filer)).toEqual(['edit', 'submit', 'delete']);
    expect(actionsFor(facts('submitted'), filer)).toEqual(['withdraw']);
    expect(actionsFor(facts('reviewed'), filer)).toEqual([]);
    expect(actionsFor(facts('verified'), filer)).toEqual([]);
    expect(actionsFor(facts('discarded'), filer)).toEqual([]);
  });

  it('never offers edit, submit, delete or withdraw to anyone but the filer', () => {
    for (const someone of [coParticipant, reviewer, assessor, admin]) {
      expect(actionsFor(facts('draft'), someone)).not.toContain('submit');
      expect(actionsFor(facts('draft'), someone)).not.toContain('edit');
      expect(actionsFor(facts('draft'), someone)).not.toContain('delete');
      expect(actionsFor(facts('submitted'), someone)).not.toContain('withdraw');
    }
    expect(actionsFor(facts('discarded'), coParticipant)).toEqual([]);
  });

  it('offers review to a reviewer of the subtree, only for submitted records they take no part in', () => {
    expect(actionsFor(facts('submitted'), reviewer)).toEqual(['review']);
    expect(actionsFor(facts('draft'), reviewer)).toEqual([]);
    expect(actionsFor(facts('reviewed'), reviewer)).toEqual([]);
    expect(actionsFor(facts('submitted'), otherReviewer)).toEqual([]);
    const ownRecord = facts('submitted', { cadreId: 'rv' });
    expect(actionsFor(ownRecord, reviewer)).not.toContain('review');
    const reviewerTakesPart = facts('submitted', { participants: [...facts('submitted').participants, { userId: 'rv', name: 'R', role: 'member', share: 0, confirmation: 'pending', comment: '' }] });
    expect(actionsFor(reviewerTakesPart, reviewer)).not.toContain('review');
  });

  it('offers assessment to an assessor for reviewed records they take no part in', () => {
    expect(actionsFor(facts('reviewed'), assessor)).toEqual(['assess']);
    expect(actionsFor(facts('submitted'), assessor)).toEqual([]);
    expect(actionsFor(facts('reviewed', { cadreId: 'as' }), assessor)).toEqual([]);
  });

  it('offers revoke to an admin on a verified record only', () => {
    expect(actionsFor(facts('verified'), admin)).toEqual(['revoke']);
    expect(actionsFor(facts('reviewed'), admin)).toEqual([]);
  });

  it('lets a co-participant confirm or dispute their share while the record is live', () => {
    expect(actionsFor(facts('submitted'), coParticipant)).toEqual(['confirmShare', 'disputeShare']);
    const confirmed = facts('verified', { participants: [facts('draft').participants[0], { ...facts('draft').participants[1], confirmation: 'confirmed' }] });
    expect(actionsFor(confirmed, coParticipant)).toEqual(['disputeShare']);
    expect(actionsFor(facts('rejected'), coParticipant)).toEqual([]);
    expect(actionsFor(facts('revoked'), coParticipant)).toEqual([]);
  });

  it('offers nothing without a user', () => {
    expect(actionsFor(facts('draft'), null)).toEqual([]);
  });
});

describe('shareProblems', () => {
  it('accepts shares summing to 100 with the filer and a lead', () => {
    expect(shareProblems([{ userId: 'u1', role: 'lead', share: 60 }, { userId: 'u2', role: 'member', share: 40 }], 'u1')).toEqual([]);
    expect(shareProblems([], 'u1')).toEqual([]);
  });
  it('names each broken rule', () => {
    expect(shareProblems([{ userId: 'u1', role: 'member', share: 60 }, { userId: 'u1', role: 'member', share: 30 }], 'u1')).toEqual([
      { key: 'sum', sum: 90 },
      { key: 'duplicate' },
      { key: 'needLead' },
    ]);
    expect(shareProblems([{ userId: 'u2', role: 'lead', share: 100 }], 'u1')).toEqual([{ key: 'needFiler' }]);
  });
});

describe('helpers', () => {
  it('builds the participants body, the filer alone by default', () => {
    expect(participantsBody([], 'u1')).toEqual([{ userId: 'u1', role: 'lead', share: 100 }]);
    expect(participantsBody([{ userId: ' u2 ', role: 'member', share: 40 }], 'u1')).toEqual([{ userId: 'u2', role: 'member', share: 40 }]);
  });
  it('turns a picked range of days into the overlap filter, either end open', () => {
    expect(periodRange([dayjs('2026-01-01'), dayjs('2026-12-31')])).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodRange([null, dayjs('2026-03-04')])).toEqual({ from: undefined, to: '2026-03-04' });
    expect(periodRange(null)).toEqual({ from: undefined, to: undefined });
  });
  it('reads base points by first-level item', () => {
    const standard = { itemBasePoints: { default: 5, byFirstLevel: { INVEST: 8 } } };
    expect(basePointsOf(standard, 'INVEST-03')).toBe(8);
    expect(basePointsOf(standard, 'PARTY-01')).toBe(5);
    expect(basePointsOf(null, 'PARTY-01')).toBeUndefined();
  });
  it('asks for a comment on return and reject', () => {
    expect(reviewNeedsComment('approve')).toBe(false);
    expect(reviewNeedsComment('return')).toBe(true);
    expect(reviewNeedsComment('reject')).toBe(true);
  });
});

describe('latestPeriodEnd', () => {
  it('is today in Beijing plus 31 days', () => {
    expect(latestPeriodEnd(new Date('2026-12-03T15:59:59Z'))).toBe('2027-01-03');
    expect(latestPeriodEnd(new Date('2026-12-03T16:00:00Z'))).toBe('2027-01-04');
  });
});

describe('shares', () => {
  it('names who has not answered and who disputes; settled only when every share is confirmed', () => {
    const record = facts('submitted', {
      participants: [
        { userId: 'u1', name: 'A', role: 'lead', share: 50, confirmation: 'confirmed', comment: '' },
        { userId: 'u2', name: 'B', role: 'member', share: 30, confirmation: 'pending', comment: '' },
        { userId: 'u3', name: '', role: 'member', share: 20, confirmation: 'disputed', comment: '' },
      ],
    });
    expect(unconfirmedShares(record)).toEqual({ pending: ['B'], disputed: ['u3'] });
    expect(sharesSettled(record)).toBe(false);
    expect(sharesSettled(facts('submitted', { participants: [record.participants[0]] }))).toBe(true);
  });

  it('a dispute reopens only a verified record', () => {
    expect(disputeReopens({ status: 'verified' })).toBe(true);
    expect(disputeReopens({ status: 'reviewed' })).toBe(false);
  });
});
