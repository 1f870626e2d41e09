import { Inject, Injectable } from '@nestjs/common';
import { JSONCodec } from 'nats';
import type { Logger } from 'pino';
import { LIVE_SUBJECTS, TASK_EVENTS, type EventEnvelope, type InboxKind, type LiveInboxChange, type TaskTransitionBaseV1, type TeamChangedV1 } from '@cadre/contracts';
import { EventPublisher } from '@cadre/messaging';
import { DirectoryReplica } from '@cadre/directory';
import type { InboxChange } from './inbox-change';
import { InboxStore } from './inbox-store';
import { TeamNames } from './team-names';
import { liveAudience, peopleNamed, planOf, type InboxPlan, type ItemDraft } from './domain/items';
import { applicationClosedPlan, applicationsClosedBy, roundOfApplication } from './domain/selection-items';
import { reconcile } from './domain/reconcile';
import { dueAt, type Duration, type WorkCalendar } from './domain/service-levels';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_LOGGER, type InboxSettings } from './inbox.tokens';

const codec = JSONCodec();

/**
 * Turns each domain event into inbox item changes and writes them: plan (pure, domain/items.ts), compare with the
 * items held (pure, domain/reconcile.ts), write each item (InboxStore). Idempotent: a record's, task's or team's
 * event (an appraisal's grade event; an objection's, appeal's or application's) at or below the version already applied is skipped whole, and each item keeps the source version it last
 * applied. Announces on core NATS `live.inbox` whose inbox changed.
 */
@Injectable()
export class InboxProjector {
  private readonly sla: Record<InboxKind, Duration>;
  private readonly calendar: WorkCalendar;

  constructor(
    @Inject(InboxStore) private readonly store: InboxStore,
    @Inject(TeamNames) private readonly teams: TeamNames,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(NOTIFICATIONS_CONFIG) settings: InboxSettings,
    @Inject(NOTIFICATIONS_LOGGER) private readonly logger: Logger | null,
  ) {
    this.sla = {
      record_review: settings.SLA_RECORD_REVIEW,
      record_assess: settings.SLA_RECORD_ASSESS,
      share_confirm: settings.SLA_SHARE_CONFIRM,
      record_fix: settings.SLA_RECORD_FIX,
      team_invitation: settings.SLA_TEAM_INVITATION,
      bid_evaluate: settings.SLA_BID_EVALUATE,
      result_review: settings.SLA_RESULT_REVIEW,
      task_award: settings.SLA_TASK_AWARD,
      task_conclude: settings.SLA_TASK_CONCLUDE,
      appraisal_review: settings.SLA_APPRAISAL_REVIEW,
      appraisal_revise: settings.SLA_APPRAISAL_REVISE,
      objection_handle: settings.SLA_OBJECTION_HANDLE,
      appeal_decide: settings.SLA_APPEAL_DECIDE,
      application_recommend: settings.SLA_APPLICATION_RECOMMEND,
    };
    this.calendar = { holidays: settings.WORK_CALENDAR_HOLIDAYS, workdays: settings.WORK_CALENDAR_WORKDAYS };
  }

  /** When an item of `kind` whose clock starts at `from` is due. */
  dueOf(kind: InboxKind, from: Date): Date {
    return dueAt(from, this.sla[kind], this.calendar);
  }

  /**
   * Applies one event. `rebuilding`: replayed by the rebuild (closures are not announced again, nothing goes live).
   */
  async apply(envelope: EventEnvelope, options: { rebuilding?: boolean } = {}): Promise<InboxChange[]> {
    while (this.paused) await this.paused;
    this.inFlight += 1;
    try {
      return await this.applyNow(envelope, options);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  private paused?: Promise<void>;
  private inFlight = 0;
  private idle?: () => void;

  /** Runs `work` (the rebuild's drop) while no event is being applied; events wait meanwhile. */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    while (this.paused) await this.paused;
    let release!: () => void;
    this.paused = new Promise<void>((resolve) => (release = resolve));
    try {
      while (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
      return await work();
    } finally {
      this.idle = undefined;
      this.paused = undefined;
      release();
    }
  }

  private async applyNow(envelope: EventEnvelope, options: { rebuilding?: boolean }): Promise<InboxChange[]> {
    if (envelope.type === TASK_EVENTS.teamChanged || envelope.type === TASK_EVENTS.teamFormed) {
      const team = envelope.data as TeamChangedV1;
      await this.teams.remember(team.teamId, team.teamName, team.version);
    }
    const closedRound = applicationsClosedBy(envelope);
    if (closedRound) return this.closeApplications(closedRound, envelope, options);
    const names = await this.namesFor(envelope);
    let plan = planOf(envelope, names);
    if (!plan) return [];
    if (plan.subjectType === 'application') {
      // Noted before the item is written, so a round closing meanwhile finds it; an application of a closed round opens nothing.
      const { closed } = await this.store.noteRoundApplication(roundOfApplication(plan.subjectId), plan.subjectId);
      if (closed) plan = applicationClosedPlan(plan.subjectId);
    }
    return this.applyPlan(plan, envelope, options);
  }

  /** A round past applying: every 待推荐 of its applications closes (and none of them opens again). */
  private async closeApplications(roundId: string, envelope: EventEnvelope, options: { rebuilding?: boolean }): Promise<InboxChange[]> {
    const changes: InboxChange[] = [];
    for (const subjectId of await this.store.closeRoundApplications(roundId)) changes.push(...(await this.applyPlan(applicationClosedPlan(subjectId), envelope, options)));
    return changes;
  }

  private async applyPlan(plan: InboxPlan, envelope: EventEnvelope, options: { rebuilding?: boolean }): Promise<InboxChange[]> {
    const sourceKey = `${plan.subjectType}:${plan.subjectId}`;
    if (plan.sourceVersion <= (await this.store.sourceVersion(sourceKey))) {
      // Old or redelivered: nothing to write, but the audience documents are placed again (see below).
      await this.store.placeSubject(plan.subjectId);
      return [];
    }
    if (plan.subjectType === 'team') await this.placeTeamItems(plan.kinds.team_invitation ?? [], (envelope.data as TeamChangedV1).leadId);

    const kinds = new Set(Object.keys(plan.kinds));
    const existing = (await this.store.itemsOf(plan.subjectId)).filter((item) => kinds.has(item.kind));
    const ops = reconcile(plan, existing, (draft) => this.dueOf(draft.kind, new Date(draft.clockFrom)));
    const changes = await this.store.apply(ops, { announce: !options.rebuilding, at: new Date(envelope.occurredAt) });
    // The items are the truth and are written first, each then placed in its audience documents; a delivery that died
    // in between is redelivered (not acked) and places every item of the subject again, the ones written just now aside.
    await this.store.placeSubject(plan.subjectId, new Set(ops.map((op) => op.id)));
    await this.store.advanceSource(sourceKey, plan.sourceVersion);
    if (changes.length && !options.rebuilding) this.announce(changes);
    return changes;
  }

  /** A team's items belong to its lead's department (the event carries none). */
  private async placeTeamItems(drafts: ItemDraft[], leadId: string): Promise<void> {
    if (!drafts.length) return;
    const lead = await this.directory.user(leadId);
    for (const draft of drafts) {
      draft.departmentId = lead?.departmentId ?? '';
      draft.departmentPath = lead?.departmentPath ?? [];
    }
  }

  private async namesFor(envelope: EventEnvelope) {
    const people = new Map<string, string>();
    for (const id of peopleNamed(envelope)) people.set(id, (await this.directory.user(id))?.name ?? '');
    const teamIds = (((envelope.data ?? {}) as TaskTransitionBaseV1).waiting?.pendingReviews ?? []).flatMap((p) => p.teamIds ?? []);
    const teams = await this.teams.names(teamIds);
    return { person: (id: string) => people.get(id) ?? '', team: (id: string) => teams.get(id) ?? '' };
  }

  private announce(changes: InboxChange[]): void {
    const change: LiveInboxChange = liveAudience(changes.map((c) => c.item));
    try {
      this.publisher.connection.publish(LIVE_SUBJECTS.inbox, codec.encode(change));
    } catch (error) {
      // At most once by design: the lists are the truth, and the console reads them again on reconnect.
      this.logger?.warn({ err: error }, 'live.inbox could not be published');
    }
  }
}
