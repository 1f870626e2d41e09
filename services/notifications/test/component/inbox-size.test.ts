/**
 * The inbox at size, read by `_id` only: 300 open items of one bureau's reviewers beside 300 of another district's,
 * applied through the projector in process. The read touches the audience documents only (never the items
 * collection, which FerretDB v1 would scan whole), and a delivery that wrote an item and died before placing it is
 * completed by the redelivery.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { RECORD_EVENTS, RPC, createEnvelope, type InboxView } from '@cadre/contracts';
import { callerOf, department, startComponent, user, type Component } from '@cadre/testing';
import { InboxProjector } from '../../src/inbox/inbox-projector';
import { InboxStore } from '../../src/inbox/inbox-store';
import { inboxModule, recordAt } from './inbox-fixtures';

jest.setTimeout(300_000);

const city = department('海口市');
const district = department('龙华区', city);
const bureau = department('龙华区发改局', district);
const otherDistrict = department('美兰区', city);
const filer = user('王海军', bureau, ['cadre']);
const otherFiler = user('刘美兰', otherDistrict, ['cadre']);
const reviewer = user('张审核', bureau, ['reviewer']);
const otherReviewer = user('赵局外', otherDistrict, ['reviewer']);
const N = 300;

describe('notifications in process: the inbox at size, by _id', () => {
  let svc: Component;
  let projector: InboxProjector;
  const inbox = (who: typeof reviewer, query: Record<string, unknown> = {}) => svc.request<InboxView>(RPC.notifications.inbox, query, callerOf(who));
  const submitted = (who: typeof filer, id: string, version = 2) => createEnvelope(RECORD_EVENTS.submitted, 'records', recordAt(who, id, version, {}));
  const mine: string[] = [];

  beforeAll(async () => {
    svc = await startComponent({ service: 'notifications', module: inboxModule });
    await svc.seedDirectory({ users: [filer, otherFiler, reviewer, otherReviewer] });
    projector = svc.app.get(InboxProjector);
    for (let i = 0; i < N; i++) {
      const id = randomUUID();
      mine.push(`record_review:${id}`);
      await projector.apply(submitted(filer, id));
      await projector.apply(submitted(otherFiler, randomUUID()));
    }
  });
  afterAll(async () => {
    mongoose.set('debug', false);
    await svc?.stop();
  });

  it('counts and pages one reviewer’s 300 items (not the other district’s), due soonest first', async () => {
    const first = await inbox(reviewer);
    expect(first.total).toBe(N);
    expect(first.counts.record_review).toBe(N);
    expect(first.items).toHaveLength(50); // the default page
    expect(first.items.every((i) => i.departmentName === '龙华区发改局')).toBe(true);
    const pages: string[] = [];
    for (let offset = 0; offset < N; offset += 100) pages.push(...(await inbox(reviewer, { limit: 100, offset })).items.map((i) => i.id));
    expect(pages).toHaveLength(N);
    expect([...pages].sort()).toEqual([...mine].sort());
    const due = await Promise.all([0, 100, 200].map(async (offset) => (await inbox(reviewer, { limit: 100, offset })).items.map((i) => Date.parse(i.dueAt))));
    const flat = due.flat();
    expect(flat).toEqual([...flat].sort((a, b) => a - b));
    expect((await inbox(otherReviewer)).total).toBe(N);
    expect((await inbox(filer)).total).toBe(0);
  });

  it('reads only audience documents by _id, never the items collection', async () => {
    const calls: { collection: string; method: string; filter: unknown }[] = [];
    mongoose.set('debug', (collection: string, method: string, filter: unknown) => calls.push({ collection, method, filter }));
    try {
      await inbox(reviewer);
      await inbox(reviewer, { kind: 'record_review', limit: 5, offset: 290 });
      await svc.request(RPC.notifications.inbox, { format: 'csv' }, callerOf(reviewer));
    } finally {
      mongoose.set('debug', false);
    }
    const reads = calls.filter((c) => c.collection.startsWith('inbox_'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((c) => c.collection !== 'inbox_audiences')).toEqual([]);
    for (const read of reads) {
      expect(read.method).toBe('findOne');
      expect(Object.keys(read.filter as object)).toEqual(['_id']);
      expect(typeof (read.filter as { _id: unknown })._id).toBe('string');
    }
  });

  it('closing one item updates the counts and the pages', async () => {
    const closing = mine[0].split(':')[1];
    await projector.apply(createEnvelope(RECORD_EVENTS.reviewed, 'records', recordAt(filer, closing, 3, { status: 'reviewed', fromStatus: 'submitted', action: 'review:approve', actorId: reviewer.id })));
    const after = await inbox(reviewer, { limit: 100, offset: 200 });
    expect(after.total).toBe(N - 1);
    expect(after.counts.record_review).toBe(N - 1);
    expect(after.items).toHaveLength(N - 1 - 200);
    const all = (await inbox(reviewer, { format: 'json', limit: 100, offset: 0 })).items.map((i) => i.id);
    expect(all).not.toContain(mine[0]);
    expect((await inbox(otherReviewer)).total).toBe(N);
  });

  it('an item written by a delivery that died before placing it appears once the event is delivered again', async () => {
    const store = svc.app.get(InboxStore);
    const id = randomUUID();
    // The first delivery: the item is noted and written, then the process dies (no placement, no ack).
    const killed = jest.spyOn(store, 'place').mockImplementation(() => Promise.reject(new Error('killed')));
    await expect(projector.apply(submitted(filer, id))).rejects.toThrow('killed');
    killed.mockRestore();
    expect(await store.find(`record_review:${id}`)).toMatchObject({ open: true });
    expect((await inbox(reviewer)).total).toBe(N - 1);
    // The redelivery: nothing to write (the item is at this version), but the subject's items are placed again.
    await projector.apply(submitted(filer, id));
    // Opened last, due last: the last page's last item.
    const view = await inbox(reviewer, { limit: 1, offset: N - 1 });
    expect(view.total).toBe(N);
    expect(view.items.map((i) => i.id)).toEqual([`record_review:${id}`]);
    // And an old event of the subject (below the applied version) places them again too: harmless, nothing doubles.
    await projector.apply(submitted(filer, id, 1));
    expect((await inbox(reviewer)).total).toBe(N);
  });
});
