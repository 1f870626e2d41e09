import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { reportQueueDepth } from '@cadre/platform';
import { INBOX_ITEMS, type InboxItemDoc } from '../inbox/inbox.schema';
import { NOTIFICATIONS_CONFIG, type InboxSettings } from '../inbox/inbox.tokens';
import type { InboxChange } from '../inbox/inbox-change';
import { remindAt, reminderJobIds } from './domain/escalation';

export const REMINDER_QUEUE = 'notifications-reminders';
export const REMINDER_JOBS = { remind: 'remind', escalate: 'escalate', sweep: 'sweep' } as const;
/** The safety net: every open item's jobs scheduled again (idempotent), at start and every 15 minutes. */
export const REMINDER_SWEEP = { id: 'reminder-sweep', every: 15 * 60_000 } as const;

export interface ReminderJob {
  itemId: string;
  /** The due time the job was scheduled for (epoch ms): a job for another due time does nothing. */
  dueAt: number;
}

const KEEP = { removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 }, attempts: 8, backoff: { type: 'exponential' as const, delay: 2_000 } };

/**
 * The 催办 schedule: for each opened item (or one whose due time moved) a delayed job that reminds its holders
 * REMIND_BEFORE ahead of the due time and one that escalates at the due time; a closed item's jobs are removed.
 * Job ids name the item and its due time, so scheduling twice (a redelivery, a rebuild) adds nothing; and the worker
 * checks the item is still open and due then, so a job that outlived its item does nothing.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReminderScheduler');

  constructor(
    @InjectQueue(REMINDER_QUEUE) private readonly queue: Queue<ReminderJob>,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: InboxSettings,
    @Inject(INBOX_ITEMS) private readonly items: Model<InboxItemDoc>,
  ) {}

  async onApplicationBootstrap() {
    reportQueueDepth(this.queue);
    // A job lost with Redis (or never added: a crash between the item's write and the schedule) is added again.
    await this.queue.upsertJobScheduler(REMINDER_SWEEP.id, { every: REMINDER_SWEEP.every }, { name: REMINDER_JOBS.sweep, opts: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } } });
  }

  /** Schedules the jobs of every open item not yet overdue (job ids make it idempotent); answers how many items. */
  async sweep(): Promise<number> {
    let n = 0;
    const cursor = this.items.find({ open: true, overdue: false } as never).lean<InboxItemDoc[]>().cursor();
    for await (const item of cursor) {
      await this.schedule([{ change: 'opened', item: item as InboxItemDoc }]);
      n += 1;
    }
    return n;
  }

  async schedule(changes: InboxChange[], now = new Date()): Promise<void> {
    for (const { change, item } of changes) {
      const due = new Date(item.dueAt);
      const ids = reminderJobIds(item._id, due);
      if (change === 'closed' || !item.open) {
        await Promise.all([this.remove(ids.remind), this.remove(ids.escalate)]);
        continue;
      }
      if (item.overdue) continue; // escalated already
      const calendar = { holidays: this.config.WORK_CALENDAR_HOLIDAYS, workdays: this.config.WORK_CALENDAR_WORKDAYS };
      const data: ReminderJob = { itemId: item._id, dueAt: due.getTime() };
      const remindTime = item.remindedAt ? null : remindAt(new Date(item.openedAt), due, this.config.REMIND_BEFORE, calendar);
      if (remindTime && remindTime.getTime() > now.getTime() - 60_000 && due.getTime() > now.getTime()) {
        await this.queue.add(REMINDER_JOBS.remind, data, { ...KEEP, jobId: ids.remind, delay: Math.max(0, remindTime.getTime() - now.getTime()) });
      }
      await this.queue.add(REMINDER_JOBS.escalate, data, { ...KEEP, jobId: ids.escalate, delay: Math.max(0, due.getTime() - now.getTime()) });
    }
  }

  private async remove(jobId: string): Promise<void> {
    try {
      await this.queue.remove(jobId);
    } catch (error) {
      // A job running now cannot be removed; it finds the item closed and does nothing.
      this.logger.debug(`reminder job ${jobId} not removed: ${(error as Error).message}`);
    }
  }
}
