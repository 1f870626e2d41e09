/**
 * The records service in process, fed the selection service's `selection.appeal.decided` on its private JetStream
 * (durable consumer `records` on SELECTION): an upheld appeal of a rejected record reopens it once (→ reviewed, back
 * with the assessors), a redelivery changes nothing, and every other decided appeal changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { SELECTION_EVENTS, type SelectionAppealV1 } from '@cadre/contracts';
import { waitUntil } from '@cadre/testing';
import { assess, assessor, assessorB, bureauA1, cadre1, eventsOf, file, get, publish, review, reviewerA, startRecords, stopRecords, submit, type Detail } from './fixture';

jest.setTimeout(90_000);

const REOPENED = 'records.record.reopened';

/** A record of cadre1's, rejected by the reviewer. */
async function rejectedRecord(): Promise<Detail> {
  const record = await file(cadre1);
  await submit(cadre1, record.id);
  return review(reviewerA, record.id, 'reject', '与职责无关');
}

/** The decided appeal as the selection service announces it: upheld, of a record appealed while rejected, unless told otherwise. */
function decided(recordId: string, fields: Partial<SelectionAppealV1> = {}): SelectionAppealV1 {
  return {
    appealId: randomUUID(),
    subjectType: 'record',
    subjectId: recordId,
    subjectTitle: '引进区域总部',
    appellantId: cadre1.id,
    departmentId: bureauA1.id,
    departmentPath: bureauA1.path,
    status: 'upheld',
    answer: '佐证材料齐全，应予研判',
    decidedBy: assessorB.id,
    subjectState: 'rejected',
    version: 2,
    occurredAt: new Date().toISOString(),
    ...fields,
  };
}

const announce = (appeal: SelectionAppealV1) => publish(SELECTION_EVENTS.appealDecided, appeal, { producer: 'selection' });

/** Waits until the record is at `status`; the record as read then. */
const once = (id: string, status: string) =>
  waitUntil(
    async () => {
      const record = await get(cadre1, id);
      return record.status === status ? record : undefined;
    },
    { timeoutMs: 30_000, what: `record ${id} to be ${status}` },
  );

/**
 * Everything announced before it has been handled: the consumer takes SELECTION's events one after another, so once
 * a later upheld appeal has reopened its own record, the earlier ones were all seen.
 */
async function settled(): Promise<void> {
  const marker = await rejectedRecord();
  await announce(decided(marker.id));
  await once(marker.id, 'reviewed');
}

describe('records in process: an upheld appeal of a rejected record reopens it', () => {
  beforeAll(() => startRecords());
  afterAll(() => stopRecords());

  it('moves a rejected record to reviewed once, by the deciding assessor, with 申诉成立 and the answer, announced as records.record.reopened', async () => {
    const record = await rejectedRecord();
    expect(record).toMatchObject({ status: 'rejected', version: 3 });
    const appeal = decided(record.id);
    await announce(appeal);

    const reopened = await once(record.id, 'reviewed');
    expect(reopened).toMatchObject({ version: 4, verifiedAt: null, rating: null });
    expect(reopened.history.at(-1)).toEqual({
      action: 'reopen',
      from: 'rejected',
      to: 'reviewed',
      actorId: assessorB.id,
      actorName: '研判员乙',
      at: expect.any(String),
      comment: '申诉成立：佐证材料齐全，应予研判',
      version: 4,
    });
    const events = await eventsOf(record.id, REOPENED);
    expect(events.filter((e) => e.type === REOPENED)).toHaveLength(1);
    expect(events.at(-1)?.data).toMatchObject({ version: 4, status: 'reviewed', fromStatus: 'rejected', action: 'reopen', actorId: assessorB.id, comment: '申诉成立：佐证材料齐全，应予研判' });

    // Back with the assessors: the usual 研判 follows.
    expect(await assess(assessor, record.id, { decision: 'confirm', rating: 'good' })).toMatchObject({ status: 'verified', version: 5 });

    // A redelivery (past JetStream's duplicate window: a new message) finds the record no longer rejected.
    await announce(appeal);
    await settled();
    expect(await get(cadre1, record.id)).toMatchObject({ status: 'verified', version: 5 });
    expect((await eventsOf(record.id, REOPENED)).filter((e) => e.type === REOPENED)).toHaveLength(1);
  });

  it('does not reopen again for the same appeal a record rejected once more since', async () => {
    const record = await rejectedRecord();
    const appeal = decided(record.id);
    await announce(appeal);
    await once(record.id, 'reviewed');
    // Returned by the assessor, filed again and rejected again: the old decision, redelivered late, is not a new appeal.
    await assess(assessor, record.id, { decision: 'return', comment: '请补充' });
    await submit(cadre1, record.id);
    expect(await review(reviewerA, record.id, 'reject', '仍不符合')).toMatchObject({ status: 'rejected', version: 7 });

    await announce(appeal);
    await settled();
    expect(await get(cadre1, record.id)).toMatchObject({ status: 'rejected', version: 7 });

    // Another appeal, upheld, reopens it again.
    await announce(decided(record.id, { decidedBy: assessor.id, answer: '复核后予以研判' }));
    const again = await once(record.id, 'reviewed');
    expect(again.history.at(-1)).toMatchObject({ action: 'reopen', from: 'rejected', actorName: '研判员', comment: '申诉成立：复核后予以研判', version: 8 });
  });

  it('changes nothing for a dismissed appeal, another subject, a record appealed while returned, one no longer rejected or unknown', async () => {
    const record = await rejectedRecord();
    const draft = await file(cadre1);
    await announce(decided(record.id, { status: 'dismissed', answer: '维持原决定' }));
    await announce(decided(record.id, { subjectType: 'verdict' }));
    await announce(decided(record.id, { subjectType: 'score_entry' }));
    await announce(decided(record.id, { subjectState: 'returned' }));
    await announce(decided(draft.id));
    await announce(decided(randomUUID()));
    await settled();

    expect(await get(cadre1, record.id)).toMatchObject({ status: 'rejected', version: 3 });
    expect(await get(cadre1, draft.id)).toMatchObject({ status: 'draft', version: 1 });
    const events = await eventsOf(record.id, 'records.record.rejected');
    expect(events.some((e) => e.type === REOPENED)).toBe(false);
  });

  it('names the deciding assessor 研判员 when the directory does not know them (never an id)', async () => {
    const record = await rejectedRecord();
    const stranger = randomUUID();
    await announce(decided(record.id, { decidedBy: stranger }));
    const reopened = await once(record.id, 'reviewed');
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen', actorId: stranger, actorName: '研判员' });
  });
});
