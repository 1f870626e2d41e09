import { Inject, Injectable } from '@nestjs/common';
import { isExportFormat, type ExportPage, type InboxView } from '@cadre/contracts';
import { exportPage } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { InboxStore } from '../../inbox-store';
import { callerAudience } from '../../domain/items';
import { inboxCsvColumns, inboxCsvFilename, itemView } from '../../domain/views';
import type { ListInboxCommand } from './command';

/** CSV exports take every item (up to this many), not one page. */
const CSV_LIMIT = 10_000;

/** What waits for the caller: one `_id` read per audience key of the caller, merged, counted and paged in memory. */
@Injectable()
export class ListInbox {
  constructor(
    @Inject(InboxStore) private readonly store: InboxStore,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute(command: ListInboxCommand): Promise<InboxView | ExportPage> {
    const now = new Date();
    const query = isExportFormat(command.format) ? { ...command.query, limit: CSV_LIMIT, offset: 0 } : command.query;
    const page = await this.store.page(callerAudience(command.caller), command.caller.userId, query, now);
    const names = new Map<string, string>();
    for (const id of new Set(page.items.map((item) => item.departmentId).filter(Boolean))) {
      names.set(id, (await this.directory.department(id))?.name ?? '');
    }
    const view: InboxView = {
      total: page.total,
      counts: page.counts,
      overdue: page.overdue,
      items: page.items.map((item) => itemView(item, names.get(item.departmentId) ?? '', now)),
      limit: command.query.limit,
      offset: command.query.offset,
    };
    return isExportFormat(command.format) ? exportPage(inboxCsvColumns(), view.items, inboxCsvFilename(view, now)) : view;
  }
}
