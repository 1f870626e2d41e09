import { Inject, Injectable } from '@nestjs/common';
import mongoose, { type Model } from 'mongoose';
import type { TaskStatus } from '@cadre/contracts';
import { AggregateStore, type OutboxRelay } from '@cadre/messaging';
import { TASK_MODEL, TEAM_MODEL, type TaskDocument, type TeamDocument } from './task.schema';

/** The one way a team is written (see AggregateStore); inject it by this token. */
export const TEAM_STORE = Symbol('TEAM_STORE');
export type TeamStore = AggregateStore<TeamDocument>;

export function teamStore(model: Model<TeamDocument>, relay: OutboxRelay): TeamStore {
  return new AggregateStore(model, relay, { producer: 'tasks', touch: () => ({ updatedAt: new Date() }), notFound: 'No such team.' });
}

/** Reads of teams by member, and of the tasks teams bid on (queries keyed by the caller's id, never by request input). */
@Injectable()
export class TeamReads {
  constructor(
    @Inject(TEAM_MODEL) private readonly teams: Model<TeamDocument>,
    @Inject(TASK_MODEL) private readonly tasks: Model<TaskDocument>,
  ) {}

  /** Every team `userId` leads or is listed in (whatever their answer), newest first. */
  ofMember(userId: string): Promise<TeamDocument[]> {
    return this.teams.find({ memberIds: String(userId) }, { outbox: 0 }).sort({ createdAt: -1, _id: 1 }).lean<TeamDocument[]>();
  }

  /** The statuses of the tasks a team has bid on. */
  async bidTaskStatuses(teamId: string): Promise<TaskStatus[]> {
    const rows = await this.tasks.find({ teamIds: String(teamId) }, { status: 1 }).lean<Pick<TaskDocument, 'status'>[]>();
    return rows.map((row) => row.status);
  }

  /** The tasks any of `teamIds` has bid on, with what a list of bids shows. */
  tasksBidOnBy(teamIds: string[]): Promise<Pick<TaskDocument, '_id' | 'title' | 'status' | 'bids'>[]> {
    if (!teamIds.length) return Promise.resolve([]);
    return this.tasks.find({ teamIds: mongoose.trusted({ $in: teamIds.map(String) }) }, { title: 1, status: 1, bids: 1 }).lean<Pick<TaskDocument, '_id' | 'title' | 'status' | 'bids'>[]>();
  }
}
