/**
 * Bid, progress and result files in the tasks service against real FerretDB: uploaded through @cadre/files' store
 * as the gateway does, attached by fileId (the server's name, type, size and hash; 400 naming the field for an
 * unknown file, another user's, another purpose's or one attached elsewhere; a revision releases what it drops),
 * read as what holds them (a sealed bid's attachment: its team until bidding closes; 404 to the wrong team, role
 * or department), downloads by others logged for admins, and files nobody attached removed by the cleanup.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { RPC, type BidView, type FileMetaView, type FilePurpose } from '@cadre/contracts';
import { FILE_ACCESS_LOG, type FileStore } from '@cadre/files';
import { errorPaths, waitUntil, type Component } from '@cadre/testing';
import { TASK_FILE_STORE } from '../../src/files/task-files';
import { as, people, startTasks, type Person, type Steps } from './fixtures';

jest.setTimeout(120_000);

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

describe('tasks files in process', () => {
  let tasks: Component;
  let s: Steps;
  let store: FileStore;
  beforeAll(async () => {
    ({ tasks, steps: s } = await startTasks({ FILES_PENDING_MAX_AGE_MS: '8000', FILES_CLEANUP_EVERY_MS: '500' }));
    store = tasks.app.get<FileStore>(TASK_FILE_STORE);
  });
  afterAll(async () => {
    await tasks?.stop();
  });

  /** What the gateway does for `POST /files?purpose=…`, with bytes of the test's choosing. */
  const upload = (who: Person, purpose: FilePurpose, bytes = pdf(4_000), name = '实施方案.pdf') =>
    store.upload(Readable.from([bytes]), { name, purpose, uploader: { userId: people[who].id, name: people[who].name }, maxBytes: 20 * 1024 * 1024 });
  const authorize = (who: Person, fileId: string, download = true): Promise<FileMetaView> => tasks.request(RPC.tasks.fileAuthorize, { fileId, download }, as(who));
  const refusedRead = async (who: Person, fileId: string) => (await tasks.refusal(RPC.tasks.fileAuthorize, { fileId, download: true }, as(who))).status;

  it('attaches files to a bid with the server’s facts; sealed to others while bidding is open, readable once it closes', async () => {
    const task = await s.open();
    const team = await s.team('cadreA1', [['cadreA2', 30]]);
    const bytes = pdf(5_000);
    const file = await upload('cadreA1', 'bid', bytes);
    const bid = await s.bid('cadreA1', task.id, team.id, { attachments: [{ fileId: file.fileId }] });
    expect(bid.attachments).toEqual([{ fileId: file.fileId, name: '实施方案.pdf', mediaType: 'application/pdf', size: 5_000, sha256: createHash('sha256').update(bytes).digest('hex') }]);
    expect((await store.find(file.fileId))?.metadata).toMatchObject({ status: 'attached', attachedTo: { kind: 'bid', id: bid.id } });

    // The team reads it; another team's lead, a publisher, an evaluator and an admin get 404 while bidding is open.
    expect((await authorize('cadreA2', file.fileId)).fileId).toBe(file.fileId);
    for (const who of ['cadreB1', 'pubA', 'evalC1', 'viewer'] as const) expect(await refusedRead(who, file.fileId)).toBe(404);
    expect((await s.get(task.id, 'cadreB1')).bids[0]).toMatchObject({ sealed: true, attachments: null });

    await s.closeBidding(task.id);
    expect((await authorize('cadreB1', file.fileId)).name).toBe('实施方案.pdf');
    expect((await s.get(task.id, 'cadreB1')).bids[0].attachments).toHaveLength(1);

    // Downloads by others than the uploader are logged (names and the task's title); the uploader's are not.
    await authorize('cadreA1', file.fileId);
    const log = await tasks.db.collection(FILE_ACCESS_LOG).find({ fileId: file.fileId }).toArray();
    expect(log.map((e) => e.userName).sort()).toEqual([people.cadreA2.name, people.cadreB1.name].sort());
    expect(log[0]).toMatchObject({ uploaderName: people.cadreA1.name, fileName: '实施方案.pdf', title: expect.stringContaining(task.title), attachedTo: { kind: 'bid', id: bid.id } });
    const page = await tasks.request(RPC.tasks.fileAccessLog, { pageSize: 100 }, { ...as('viewer'), roles: ['admin'] });
    expect(page.items.filter((e: { fileId: string }) => e.fileId === file.fileId)).toHaveLength(2);
    expect((await tasks.refusal(RPC.tasks.fileAccessLog, {}, as('pubA'))).status).toBe(403);
  });

  it('refuses unknown, other people’s, other purposes’ and attached-elsewhere files with 400 naming each, storing nothing', async () => {
    const task = await s.open();
    const team = await s.team('cadreB1');
    const other = await s.team('cadreB2');
    const theirs = await upload('cadreA1', 'bid');
    const forProgress = await upload('cadreB1', 'progress');
    const used = await upload('cadreB2', 'bid');
    await s.bid('cadreB2', task.id, other.id, { attachments: [{ fileId: used.fileId }] });
    const usedOnB1 = await upload('cadreB1', 'bid');
    const body = {
      attachments: [{ fileId: 'tsk_00000000-0000-4000-8000-000000000000' }, { fileId: theirs.fileId }, { fileId: forProgress.fileId }, { fileId: used.fileId }, { fileId: usedOnB1.fileId }, { fileId: usedOnB1.fileId }],
    };
    const refused = await tasks.refusal(RPC.tasks.bidCreate, { id: task.id, ...s.bidBody(team.id, { ...body, plan: '' }) }, as('cadreB1'));
    expect(refused.status).toBe(400);
    expect(errorPaths(refused)).toEqual(['attachments.0.fileId', 'attachments.1.fileId', 'attachments.2.fileId', 'attachments.3.fileId', 'attachments.5.fileId', 'plan']);
    expect((await s.get(task.id, 'pubA')).bids).toHaveLength(1);
    expect((await store.find(usedOnB1.fileId))?.metadata.status).toBe('pending');
    expect((await store.find(used.fileId))?.metadata.attachedTo).toMatchObject({ kind: 'bid' });
  });

  it('a revision replaces the list: dropped files are pending again, kept ones stay, only the lead revises', async () => {
    const task = await s.open();
    const team = await s.team('cadreA1', [['cadreA2', 30]]);
    const first = await upload('cadreA1', 'bid');
    const second = await upload('cadreA1', 'bid');
    const bid = await s.bid('cadreA1', task.id, team.id, { attachments: [{ fileId: first.fileId }] });
    const mine = await upload('cadreA2', 'bid');
    expect((await tasks.refusal(RPC.tasks.bidUpdate, { id: bid.id, version: 1, attachments: [{ fileId: mine.fileId }] }, as('cadreA2'))).status).toBe(403);
    expect((await store.find(mine.fileId))?.metadata.status).toBe('pending');
    const revised: BidView = await tasks.request(RPC.tasks.bidUpdate, { id: bid.id, version: 1, attachments: [{ fileId: second.fileId }] }, as('cadreA1'));
    expect(revised.attachments?.map((a) => a.fileId)).toEqual([second.fileId]);
    expect((await store.find(first.fileId))?.metadata).toMatchObject({ status: 'pending', attachedTo: null });
    expect((await store.find(second.fileId))?.metadata.status).toBe('attached');
    const kept: BidView = await tasks.request(RPC.tasks.bidUpdate, { id: bid.id, version: 2, plan: '新方案', attachments: [{ fileId: second.fileId }] }, as('cadreA1'));
    expect(kept.attachments?.map((a) => a.fileId)).toEqual([second.fileId]);
    // Dropped, it is no longer the bid's: pending, its uploader's alone (the team's other member gets 404).
    expect(await refusedRead('cadreA2', first.fileId)).toBe(404);
  });

  it('progress attachments and result deliverables, readable by whoever sees the task; old deliverables stay readable', async () => {
    const { task, bid } = await s.evaluating('cadreA1', [['cadreA2', 30]]);
    await s.evaluate('evalC1', bid.id);
    await s.evaluate('evalC2', bid.id);
    await s.award(task.id, [bid.id]);
    const photo = await upload('cadreA2', 'progress', pdf(2_000), '现场照片.pdf');
    const wrong = await upload('cadreA2', 'result');
    const badProgress = await tasks.refusal(RPC.tasks.progress, { id: task.id, milestone: '调研摸底', note: '完成摸底', attachments: [{ fileId: wrong.fileId }] }, as('cadreA2'));
    expect(errorPaths(badProgress)).toEqual(['attachments.0.fileId']);
    const reported = await tasks.request(RPC.tasks.progress, { id: task.id, milestone: '调研摸底', note: '完成摸底', attachments: [{ fileId: photo.fileId }] }, as('cadreA2'));
    expect(reported.progress[0].attachments).toEqual([expect.objectContaining({ fileId: photo.fileId, name: '现场照片.pdf', size: 2_000 })]);
    expect((await authorize('viewer', photo.fileId)).fileId).toBe(photo.fileId);
    const again = await tasks.refusal(RPC.tasks.progress, { id: task.id, milestone: '方案落地', note: '再报', attachments: [{ fileId: photo.fileId }] }, as('cadreA2'));
    expect(again.errors).toEqual([{ path: 'attachments.0.fileId', message: 'is attached elsewhere already' }]);

    // Results: only the awarded lead; a member's attempt claims nothing.
    const report = await upload('cadreA1', 'result', pdf(3_000), '总结报告.pdf');
    expect((await tasks.refusal(RPC.tasks.results, { id: task.id, summary: '总结', deliverables: [{ fileId: wrong.fileId }] }, as('cadreA2'))).status).toBe(403);
    expect((await store.find(wrong.fileId))?.metadata.status).toBe('pending');
    const done = await tasks.request(RPC.tasks.results, { id: task.id, summary: '已完成', deliverables: [{ fileId: report.fileId, description: '终期报告' }] }, as('cadreA1'));
    expect(done.results[0].deliverables).toEqual([{ fileId: report.fileId, name: '总结报告.pdf', mediaType: 'application/pdf', size: 3_000, sha256: report.sha256, description: '终期报告' }]);
    expect((await authorize('evalC1', report.fileId)).name).toBe('总结报告.pdf');

    // A result typed in before files were stored reads with no file behind it.
    await tasks.db.collection('tasks').updateOne({ _id: task.id } as never, { $push: { results: { bidId: 'x_9', teamId: 'old', summary: '旧', deliverables: [{ name: '旧成果.docx', sha256: 'a'.repeat(64) }], submittedBy: 'u', submittedAt: new Date() } } } as never);
    const read = await s.get(task.id);
    expect(read.results.find((r) => r.teamId === 'old')?.deliverables).toEqual([{ fileId: null, name: '旧成果.docx', mediaType: null, size: null, sha256: 'a'.repeat(64) }]);
  });

  it('a pending file is its uploader’s alone; the cleanup removes files nobody attached, attached ones stay', async () => {
    const task = await s.open();
    const team = await s.team('cadreB2');
    const left = await upload('cadreB2', 'bid');
    const kept = await upload('cadreB2', 'bid');
    expect((await authorize('cadreB2', left.fileId)).status).toBe('pending');
    expect(await refusedRead('pubB', left.fileId)).toBe(404);
    await s.bid('cadreB2', task.id, team.id, { attachments: [{ fileId: kept.fileId }] });
    await waitUntil(async () => (await store.find(left.fileId)) === null, { timeoutMs: 30_000, what: 'the pending file removed' });
    expect(await store.bucket.find({ _id: left.fileId as never }).toArray()).toEqual([]);
    expect((await store.find(kept.fileId))?.metadata.status).toBe('attached');
  });
});
