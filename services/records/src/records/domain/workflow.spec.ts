import type { RecordStatus } from '@cadre/contracts';
import { RECORD_STATUSES } from '@cadre/contracts';
import { ACTIONS, deletion, isEditable, isFinal, transition, type RecordAction } from './workflow';
import { normaliseParticipants, participantProblems } from './participants';

const allowed: [RecordStatus, Exclude<RecordAction, 'delete'>, RecordStatus][] = [
  ['draft', 'submit', 'submitted'],
  ['submitted', 'withdraw', 'draft'],
  ['submitted', 'review:approve', 'reviewed'],
  ['submitted', 'review:return', 'draft'],
  ['submitted', 'review:reject', 'rejected'],
  ['reviewed', 'assess:confirm', 'verified'],
  ['reviewed', 'assess:return', 'draft'],
  ['verified', 'revoke', 'revoked'],
];

describe('record workflow', () => {
  it('deletes a never-submitted draft outright and discards one submitted before; nothing else is deleted', () => {
    expect(deletion('draft', false)).toEqual({ ok: true, to: 'deleted' });
    expect(deletion('draft', true)).toEqual({ ok: true, to: 'discarded' });
    for (const status of RECORD_STATUSES.filter((s) => s !== 'draft')) expect(deletion(status, true).ok).toBe(false);
    expect(isFinal('discarded')).toBe(true);
    expect(isFinal('deleted')).toBe(true);
  });

  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, to });
  });

  it('refuses every other transition', () => {
    for (const status of RECORD_STATUSES) {
      for (const action of ACTIONS) {
        if (allowed.some(([from, a]) => from === status && a === action)) continue;
        const result = transition(status, action);
        expect(result.ok).toBe(false);
      }
    }
  });

  it('rejected and revoked are final', () => {
    for (const action of ACTIONS) {
      expect(transition('rejected', action).ok).toBe(false);
      expect(transition('revoked', action).ok).toBe(false);
    }
  });

  it('only a draft is editable', () => {
    expect(RECORD_STATUSES.filter(isEditable)).toEqual(['draft']);
  });

  it('rejected, revoked and discarded are the final statuses', () => {
    expect(RECORD_STATUSES.filter(isFinal)).toEqual(['rejected', 'revoked', 'discarded']);
  });
});

describe('participants and shares', () => {
  it('makes the filer the sole lead with 100 when nobody else is named', () => {
    expect(normaliseParticipants('u1', undefined)).toEqual([{ userId: 'u1', role: 'lead', share: 100 }]);
    expect(participantProblems('u1', normaliseParticipants('u1', []))).toEqual([]);
  });

  it('accepts shares summing to 100 with the filer and a lead', () => {
    const list = normaliseParticipants('u1', [
      { userId: 'u1', role: 'lead', share: 60 },
      { userId: 'u2', role: 'member', share: 40 },
    ]);
    expect(participantProblems('u1', list)).toEqual([]);
  });

  it('names what is wrong: the sum, a duplicate, a missing filer, no lead', () => {
    const problems = participantProblems('u1', [
      { userId: 'u2', role: 'member', share: 50 },
      { userId: 'u2', role: 'member', share: 30 },
    ]);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'participants: shares must sum to 100 (they sum to 80)',
      'participants.1.userId: is listed twice',
      'participants: must include the filer',
      'participants: must have a lead',
    ]);
  });
});
