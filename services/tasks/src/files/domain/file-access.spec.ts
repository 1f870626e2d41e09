import type { Caller } from '@cadre/contracts';
import type { AttachmentFacts } from '@cadre/files';
import { mayReadAccessLog, mayReadTaskFile, taskIdOfHolder, type FileHolderTask } from './file-access';

const caller = (userId: string, roles: Caller['roles'] = ['cadre'], departmentId = 'd-a'): Caller => ({ userId, name: userId, roles, departmentId, departmentPath: ['city', departmentId] });
const file = (kind: 'bid' | 'progress' | 'result', id: string): AttachmentFacts => ({ uploaderId: 'lead', purpose: kind, status: 'attached', attachedTo: { kind, id } });
const f = { fileId: 'f1', name: 'a.pdf', mediaType: 'application/pdf', size: 1, sha256: 'x' };
const bid = { id: 't1_1', leadId: 'lead', members: [{ userId: 'lead' }, { userId: 'member' }], attachments: [f] };
const task = (status: FileHolderTask['status'], fields: Partial<FileHolderTask> = {}): FileHolderTask =>
  ({ status, departmentPath: ['city', 'd-a'], bids: [bid], progress: [], results: [], ...fields }) as never;

describe('mayReadTaskFile', () => {
  it('lets only the uploader read a pending file', () => {
    const pending: AttachmentFacts = { uploaderId: 'lead', purpose: 'bid', status: 'pending', attachedTo: null };
    expect(mayReadTaskFile(caller('lead'), 'f1', pending, null)).toBe(true);
    expect(mayReadTaskFile(caller('admin', ['admin']), 'f1', pending, null)).toBe(false);
  });

  it('seals a bid’s attachment like its content: its team only while bidding is open, everyone after', () => {
    const open = task('open');
    expect(mayReadTaskFile(caller('lead'), 'f1', file('bid', 't1_1'), open)).toBe(true);
    expect(mayReadTaskFile(caller('member'), 'f1', file('bid', 't1_1'), open)).toBe(true);
    expect(mayReadTaskFile(caller('rival'), 'f1', file('bid', 't1_1'), open)).toBe(false);
    expect(mayReadTaskFile(caller('pub', ['publisher']), 'f1', file('bid', 't1_1'), open)).toBe(false);
    expect(mayReadTaskFile(caller('admin', ['admin']), 'f1', file('bid', 't1_1'), open)).toBe(false);
    expect(mayReadTaskFile(caller('rival'), 'f1', file('bid', 't1_1'), task('evaluating'))).toBe(true);
  });

  it('refuses a file its holder no longer lists, an unknown holder, a missing task and a draft’s to another department', () => {
    expect(mayReadTaskFile(caller('lead'), 'f1', file('bid', 't1_1'), task('evaluating', { bids: [{ ...bid, attachments: [] }] } as never))).toBe(false);
    expect(mayReadTaskFile(caller('lead'), 'f1', file('bid', 't1_9'), task('evaluating'))).toBe(false);
    expect(mayReadTaskFile(caller('lead'), 'f1', file('bid', 't1_1'), null)).toBe(false);
    expect(mayReadTaskFile(caller('pub', ['publisher'], 'd-b'), 'f1', file('progress', 't1'), task('draft', { progress: [{ attachments: [f] }] } as never))).toBe(false);
    expect(mayReadTaskFile(caller('lead'), 'f1', null, task('evaluating'))).toBe(false);
  });

  it('shows progress attachments and deliverables to whoever sees the task', () => {
    const running = task('in_progress', { progress: [{ attachments: [f] }], results: [{ bidId: 't1_1', deliverables: [f] }] } as never);
    expect(mayReadTaskFile(caller('anyone'), 'f1', file('progress', 't1'), running)).toBe(true);
    expect(mayReadTaskFile(caller('anyone'), 'f1', file('result', 't1_1'), running)).toBe(true);
    expect(mayReadTaskFile(caller('anyone'), 'f1', file('result', 't1_2'), running)).toBe(false);
    expect(mayReadTaskFile(caller('anyone'), 'f2', file('progress', 't1'), running)).toBe(false);
  });
});

describe('taskIdOfHolder', () => {
  it('reads the task from a bid or result id, and takes a progress holder’s id as is', () => {
    expect(taskIdOfHolder({ kind: 'bid', id: 'abc_2' })).toBe('abc');
    expect(taskIdOfHolder({ kind: 'result', id: 'abc_1' })).toBe('abc');
    expect(taskIdOfHolder({ kind: 'progress', id: 'abc' })).toBe('abc');
  });
});

describe('mayReadAccessLog', () => {
  it('is for administrators', () => {
    expect(mayReadAccessLog(caller('a', ['admin']))).toBe(true);
    expect(mayReadAccessLog(caller('e', ['evaluator', 'publisher']))).toBe(false);
  });
});
