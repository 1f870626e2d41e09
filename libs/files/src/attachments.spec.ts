import { attachmentProblem, fileIdsOf, type AttachmentFacts } from './attachments';
import { isLoggedDownload } from './access-log';

const pending: AttachmentFacts = { uploaderId: 'lead', purpose: 'bid', status: 'pending', attachedTo: null };
const onBid: AttachmentFacts = { uploaderId: 'lead', purpose: 'bid', status: 'attached', attachedTo: { kind: 'bid', id: 't1_1' } };

describe('attachmentProblem', () => {
  it('takes the uploader’s own pending file of the purpose, or one already on the holder being revised', () => {
    expect(attachmentProblem(pending, 'bid', 'lead')).toBeNull();
    expect(attachmentProblem(onBid, 'bid', 'lead', { kind: 'bid', id: 't1_1' })).toBeNull();
  });

  it('refuses unknown and other people’s files alike, other purposes, and files attached elsewhere', () => {
    expect(attachmentProblem(null, 'bid', 'lead')).toBe('is not a file you uploaded');
    expect(attachmentProblem(pending, 'bid', 'other')).toBe('is not a file you uploaded');
    expect(attachmentProblem({ ...pending, status: 'uploading' }, 'bid', 'lead')).toBe('is not a file you uploaded');
    expect(attachmentProblem(pending, 'progress', 'lead')).toBe('was uploaded for another purpose (upload it with purpose=progress)');
    expect(attachmentProblem(onBid, 'bid', 'lead')).toBe('is attached elsewhere already');
    expect(attachmentProblem(onBid, 'bid', 'lead', { kind: 'bid', id: 't1_2' })).toBe('is attached elsewhere already');
    expect(attachmentProblem(onBid, 'bid', 'lead', { kind: 'result', id: 't1_1' })).toBe('is attached elsewhere already');
  });
});

describe('fileIdsOf', () => {
  it('reads each entry’s fileId as sent, whatever the rest', () => {
    expect(fileIdsOf([{ fileId: 'a' }, { fileId: 3 }, null, 'x'])).toEqual(['a', undefined, undefined, undefined]);
    expect(fileIdsOf(undefined)).toEqual([]);
  });
});

describe('isLoggedDownload', () => {
  it('logs downloads of attached files by anyone but the uploader', () => {
    expect(isLoggedDownload('rival', onBid, true)).toBe(true);
    expect(isLoggedDownload('lead', onBid, true)).toBe(false);
    expect(isLoggedDownload('rival', onBid, false)).toBe(false);
    expect(isLoggedDownload('lead', pending, true)).toBe(false);
  });
});
