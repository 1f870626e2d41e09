import type { Caller } from '@cadre/contracts';
import type { AttachmentFacts } from '@cadre/files';
import type { TaskDocument } from '../../tasks/task.schema';
import { maySee } from '../../tasks/domain/access';
import { bidContentVisible } from '../../tasks/domain/visibility';

/** What the file rules read of the task a file is attached to. */
export type FileHolderTask = Pick<TaskDocument, 'status' | 'departmentPath' | 'bids' | 'progress' | 'results'>;

const lists = (files: readonly object[] | undefined, fileId: string) => (files ?? []).some((f) => 'fileId' in f && f.fileId === fileId);

/**
 * Reading a tasks file (download or metadata): a pending file only by its uploader; a bid's attachment by whoever
 * may see the bid's content (sealed while bidding is open: its own team only); a progress report's attachment
 * and a result's deliverable by whoever may see the task. Only while what it is attached to still lists it; 404
 * (never 403) to everyone else.
 */
export function mayReadTaskFile(caller: Caller, fileId: string, file: AttachmentFacts | null, task: FileHolderTask | null): boolean {
  if (!file || file.status === 'uploading') return false;
  if (file.status === 'pending') return file.uploaderId === caller.userId;
  const holder = file.attachedTo;
  if (!holder || !task || !maySee(caller, task)) return false;
  switch (holder.kind) {
    case 'bid': {
      const bid = task.bids.find((b) => b.id === holder.id);
      return !!bid && lists(bid.attachments, fileId) && bidContentVisible(task, bid, caller);
    }
    case 'progress':
      return task.progress.some((p) => lists(p.attachments, fileId));
    case 'result':
      return task.results.some((r) => r.bidId === holder.id && lists(r.deliverables, fileId));
    default:
      return false;
  }
}

/** The task a file attached to `holder` belongs to: bids and results are `<taskId>_<n>`; progress is the task's id. */
export function taskIdOfHolder(holder: { kind: string; id: string }): string {
  return holder.kind === 'progress' ? holder.id : holder.id.split('_')[0];
}

/** The access log is for administrators. */
export function mayReadAccessLog(caller: Caller): boolean {
  return caller.roles.includes('admin');
}
