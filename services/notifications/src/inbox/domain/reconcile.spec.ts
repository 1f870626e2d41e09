import { RECORD_EVENTS, createEnvelope } from '@cadre/contracts';
import { planOf, type InboxPlan, type ItemDraft } from './items';
import { reconcile, type ItemState } from './reconcile';

const names = { person: () => '王海军', team: () => '' };
const due = () => new Date('2026-10-05T02:00:00.000Z');

function plan(type: string, version: number, status: string): InboxPlan {
  return planOf(
    createEnvelope(type, 'records', {
      recordId: 'r-1',
      version,
      status,
      cadreId: 'u-1',
      departmentId: 'd',
      departmentPath: ['d'],
      title: '标题',
      comment: '',
      participants: [{ userId: 'u-1', role: 'lead', share: 100, confirmation: 'confirmed' }],
      occurredAt: '2026-09-28T02:00:00.000Z',
    }),
    names,
  )!;
}

function state(id: string, fields: Partial<ItemState> = {}): ItemState {
  return {
    _id: id,
    kind: id.split(':')[0] as ItemState['kind'],
    open: true,
    sourceVersion: 2,
    title: '标题',
    summary: '王海军 报送《标题》',
    departmentId: 'd',
    departmentPath: ['d'],
    userIds: [],
    role: 'reviewer',
    excludeUserIds: ['u-1'],
    audience: ['reviewer:d'],
    openedAt: new Date('2026-09-28T02:00:00.000Z'),
    dueAt: due(),
    ...fields,
  };
}

describe('reconcile', () => {
  it('creates what is new, with the due time of its service level', () => {
    const ops = reconcile(plan(RECORD_EVENTS.submitted, 2, 'submitted'), [], (d: ItemDraft) => (d.kind === 'record_review' ? due() : new Date(0)));
    expect(ops).toEqual([expect.objectContaining({ op: 'create', id: 'record_review:r-1', dueAt: due(), openedAt: new Date('2026-09-28T02:00:00.000Z') })]);
    expect(ops[0]).toMatchObject({ content: { audience: ['reviewer:d'], sourceVersion: 2, excludeUserIds: ['u-1'] } });
  });

  it('closes what the event settles, once', () => {
    const ops = reconcile(plan(RECORD_EVENTS.reviewed, 3, 'reviewed'), [state('record_review:r-1')], due);
    expect(ops).toEqual([
      { op: 'close', id: 'record_review:r-1', sourceVersion: 3 },
      expect.objectContaining({ op: 'create', id: 'record_assess:r-1' }),
    ]);
    // Already closed: nothing more.
    expect(reconcile(plan(RECORD_EVENTS.verified, 4, 'verified'), [state('record_review:r-1', { open: false, sourceVersion: 3 })], due)).toEqual([]);
  });

  it('an event at or below the version an item applied changes nothing (redelivered, late)', () => {
    const items = [state('record_review:r-1', { open: false, sourceVersion: 3 }), state('record_assess:r-1', { sourceVersion: 3, role: 'assessor' })];
    // The submission (v2) delivered again after the review (v3): no reopening, no second item.
    expect(reconcile(plan(RECORD_EVENTS.submitted, 2, 'submitted'), items, due)).toEqual([]);
    expect(reconcile(plan(RECORD_EVENTS.reviewed, 3, 'reviewed'), items, due)).toEqual([]);
  });

  it('opens a closed item again on a newer version (returned, then submitted again), with a new clock', () => {
    const ops = reconcile(plan(RECORD_EVENTS.submitted, 5, 'submitted'), [state('record_review:r-1', { open: false, sourceVersion: 3 }), state('record_fix:r-1', { sourceVersion: 4, role: null, userIds: ['u-1'] })], due);
    expect(ops).toEqual([
      expect.objectContaining({ op: 'reopen', id: 'record_review:r-1' }),
      { op: 'close', id: 'record_fix:r-1', sourceVersion: 5 },
    ]);
  });

  it('an open item still wanted is updated (changed only when what people see or who holds it changed)', () => {
    const ops = reconcile(plan(RECORD_EVENTS.submitted, 3, 'submitted'), [state('record_review:r-1')], due);
    expect(ops).toEqual([expect.objectContaining({ op: 'update', id: 'record_review:r-1', changed: false })]);
    const renamed = reconcile(plan(RECORD_EVENTS.submitted, 3, 'submitted'), [state('record_review:r-1', { title: '旧标题' })], due);
    expect(renamed).toEqual([expect.objectContaining({ op: 'update', changed: true })]);
  });
});
