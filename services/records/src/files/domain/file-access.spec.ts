import type { Caller } from '@cadre/contracts';
import { evidenceFileProblem, isLoggedAccess, mayReadAccessLog, mayReadFile, type EvidenceHolderFacts, type FileFacts } from './file-access';

const caller = (userId: string, roles: Caller['roles'], departmentId = 'd-a'): Caller => ({ userId, name: userId, roles, departmentId, departmentPath: ['city', departmentId] });
const pending: FileFacts = { uploaderId: 'filer', purpose: 'record', status: 'pending', attachedTo: null };
const attached: FileFacts = { uploaderId: 'filer', purpose: 'record', status: 'attached', attachedTo: { kind: 'record', id: 'r1' } };
const record: EvidenceHolderFacts = { cadreId: 'filer', departmentPath: ['city', 'd-a'], participantIds: ['filer'], status: 'submitted', evidence: [{ fileId: 'f1' }] };

describe('mayReadFile', () => {
  it('lets only the uploader read a pending file', () => {
    expect(mayReadFile(caller('filer', ['cadre']), 'f1', pending, null)).toBe(true);
    expect(mayReadFile(caller('admin', ['admin']), 'f1', pending, null)).toBe(false);
    expect(mayReadFile(caller('other', ['cadre']), 'f1', pending, null)).toBe(false);
  });

  it('scopes evidence like its record: the filer, a reviewer of the subtree, assessors and admins', () => {
    expect(mayReadFile(caller('filer', ['cadre']), 'f1', attached, record)).toBe(true);
    expect(mayReadFile(caller('rev', ['reviewer'], 'd-a'), 'f1', attached, record)).toBe(true);
    expect(mayReadFile(caller('assessor', ['assessor'], 'city'), 'f1', attached, record)).toBe(true);
    expect(mayReadFile(caller('admin', ['admin'], 'city'), 'f1', attached, record)).toBe(true);
  });

  it('refuses the wrong department, the wrong role, another cadre, a record that dropped the file or is gone', () => {
    expect(mayReadFile(caller('rev', ['reviewer'], 'd-b'), 'f1', attached, record)).toBe(false);
    expect(mayReadFile(caller('pub', ['publisher'], 'd-a'), 'f1', attached, record)).toBe(false);
    expect(mayReadFile(caller('other', ['cadre'], 'd-a'), 'f1', attached, record)).toBe(false);
    expect(mayReadFile(caller('filer', ['cadre']), 'f1', attached, { ...record, evidence: [] })).toBe(false);
    expect(mayReadFile(caller('filer', ['cadre']), 'f1', attached, null)).toBe(false);
    expect(mayReadFile(caller('filer', ['cadre']), 'f1', attached, { ...record, status: 'deleted' })).toBe(false);
    expect(mayReadFile(caller('filer', ['cadre']), 'f1', null, record)).toBe(false);
    expect(mayReadFile(caller('filer', ['cadre']), 'f1', { ...pending, status: 'uploading' }, null)).toBe(false);
  });
});

describe('isLoggedAccess', () => {
  it('logs downloads of attached evidence by anyone but the uploader', () => {
    expect(isLoggedAccess(caller('rev', ['reviewer']), attached, true)).toBe(true);
    expect(isLoggedAccess(caller('filer', ['cadre']), attached, true)).toBe(false);
    expect(isLoggedAccess(caller('rev', ['reviewer']), attached, false)).toBe(false);
    expect(isLoggedAccess(caller('filer', ['cadre']), pending, true)).toBe(false);
  });
});

describe('evidenceFileProblem', () => {
  it('takes the filer’s own pending record file, or one already on this record', () => {
    expect(evidenceFileProblem(pending, 'filer')).toBeNull();
    expect(evidenceFileProblem(attached, 'filer', 'r1')).toBeNull();
  });

  it('refuses unknown files and other people’s alike, other purposes, and files on another record', () => {
    expect(evidenceFileProblem(null, 'filer')).toBe('is not a file you uploaded');
    expect(evidenceFileProblem(pending, 'other')).toBe('is not a file you uploaded');
    expect(evidenceFileProblem({ ...pending, purpose: 'bid' }, 'filer')).toMatch(/another purpose/);
    expect(evidenceFileProblem(attached, 'filer', 'r2')).toMatch(/another record/);
    expect(evidenceFileProblem(attached, 'filer')).toMatch(/another record/);
  });
});

describe('mayReadAccessLog', () => {
  it('is for administrators', () => {
    expect(mayReadAccessLog(caller('a', ['admin']))).toBe(true);
    expect(mayReadAccessLog(caller('r', ['reviewer', 'assessor']))).toBe(false);
  });
});
