import { Inject, Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { DirectoryReplica } from '@cadre/directory';
import { processTraced } from '@cadre/platform';
import { INBOX_ITEMS, type InboxItemDoc } from '../inbox/inbox.schema';
import { InboxStore } from '../inbox/inbox-store';
import { NotificationStore } from '../messages/notification-store';
import { NotificationFanout } from '../messages/notification-fanout';
import { escalationDraft, escalationTargets, holdersOf, holdersText, reminderDraft, type Audience, type ItemFacts } from './domain/escalation';
import { REMINDER_JOBS, REMINDER_QUEUE, ReminderScheduler, type ReminderJob } from './reminder-scheduler';

/** The reminder and escalation worker: re-reads the item (open, same due time) and then tells people. Retried with backoff; every effect keyed. */
@Processor(REMINDER_QUEUE, { concurrency: 2 })
export class ReminderProcessor extends WorkerHost {
  private readonly logger = new Logger('ReminderProcessor');

  constructor(
    @Inject(INBOX_ITEMS) private readonly items: Model<InboxItemDoc>,
    @Inject(InboxStore) private readonly inbox: InboxStore,
    @Inject(NotificationStore) private readonly store: NotificationStore,
    @Inject(NotificationFanout) private readonly fanout: NotificationFanout,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(ReminderScheduler) private readonly scheduler: ReminderScheduler,
  ) {
    super();
  }

  process(job: Job<ReminderJob>): Promise<unknown> {
    return processTraced(job, () => this.run(job.name, job.data));
  }

  private async run(name: string, { itemId, dueAt }: ReminderJob): Promise<unknown> {
    if (name === REMINDER_JOBS.sweep) return { items: await this.scheduler.sweep() };
    const item = await this.items.findById(itemId).lean<InboxItemDoc>();
    if (!item || !item.open || new Date(item.dueAt).getTime() !== dueAt) return { skipped: 'closed or due time changed' };
    const facts = item as unknown as ItemFacts;
    const now = new Date();
    if (name === REMINDER_JOBS.remind) {
      if (item.remindedAt) return { skipped: 'reminded' };
      const holders = await this.people(holdersOf(facts), item.excludeUserIds);
      await this.fanout.send(await this.store.insert(holders.map((userId) => reminderDraft(facts, userId, now))));
      await this.inbox.markReminded(itemId);
      return { reminded: holders.length };
    }
    if (name === REMINDER_JOBS.escalate) {
      if (item.overdue) return { skipped: 'overdue already' };
      const owner = await this.store.subject(`${item.subjectType}:${item.subjectId}`);
      let targets: string[] = [];
      for (const audience of escalationTargets(item.kind, item.departmentPath, owner?.ownerId ?? null)) {
        targets = await this.people(audience, item.excludeUserIds);
        if (targets.length > 0) break;
      }
      const holderAudience = holdersOf(facts);
      const words = holdersText(holderAudience, await this.fanout.names(holderAudience.type === 'users' ? holderAudience.userIds : []));
      await this.fanout.send(await this.store.insert(targets.map((userId) => escalationDraft(facts, userId, words, now))));
      await this.inbox.markOverdue(itemId, targets);
      return { escalatedTo: targets.length };
    }
    this.logger.warn(`unknown reminder job ${name}`);
    return undefined;
  }

  /** The active people an audience names, without the excluded (a record's participants never handle it). */
  private async people(audience: Audience, exclude: string[]): Promise<string[]> {
    const excluded = new Set(exclude);
    let ids: string[];
    if (audience.type === 'users') {
      const users = await Promise.all(audience.userIds.map((id) => this.directory.user(id)));
      ids = audience.userIds.filter((_, i) => users[i] === null || users[i]!.active); // unknown to the replica yet: told anyway
    } else {
      ids = (await this.directory.usersWithRole(audience.role, audience.departmentIds)).map((u) => u._id);
    }
    return [...new Set(ids)].filter((id) => !excluded.has(id));
  }
}
