import { Schema, type Connection, type Model } from 'mongoose';
import type { EvaluationScores, TaskDomain, TaskFlag, TaskStatus, TaskVerdict, TeamInvitationState, TeamMemberRole, ToleranceDecision } from '@cadre/contracts';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type { AttachedFile } from '@cadre/files';

/**
 * A task is one aggregate: its bids, their evaluations, the award, progress, results, reviews and history live
 * in the task's document, so every change is one single-document write carrying its events in the outbox, and
 * the public board reads one document per task. Bid ids are `<taskId>_<n>`, so a bid leads to its task by `_id`.
 */
export interface MemberSnapshot {
  userId: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
  role: TeamMemberRole;
  share: number;
}

export interface EvaluationEntry {
  evaluatorId: string;
  evaluatorName: string;
  scores: EvaluationScores;
  total: number;
  comment: string;
  at: Date;
}

export interface BidEntry {
  id: string;
  version: number;
  teamId: string;
  teamName: string;
  leadId: string;
  members: MemberSnapshot[];
  status: 'submitted' | 'awarded' | 'not_awarded';
  plan: string;
  expectedResults: string;
  milestones: { name: string; dueDate: string }[];
  commitment: string;
  /** The plan's files (absent on bids made before files were stored). */
  attachments?: AttachedFile[];
  evaluations: EvaluationEntry[];
  submittedAt: Date;
  updatedAt: Date;
}

/** A stored file with an optional note, or (typed in before files were stored) a name with an optional hash. */
export type StoredDeliverable = (AttachedFile & { description?: string }) | { name: string; description?: string; sha256?: string };

export interface ToleranceApplication {
  bidId: string;
  teamId: string;
  justification: string;
  appliedBy: string;
  appliedByName: string;
  appliedAt: Date;
}

export interface TeamVerdictEntry {
  bidId: string;
  teamId: string;
  verdict: TaskVerdict;
  verdictTally: Record<TaskVerdict, number>;
  reviewCount: number;
  tolerance: ToleranceDecision | null;
}

export interface TaskDocument {
  _id: string;
  version: number;
  status: TaskStatus;
  batchId: string;
  batchName: string;
  title: string;
  description: string;
  domain: TaskDomain;
  flags: TaskFlag[];
  goals: string;
  expectedResults: string;
  milestones: { name: string; dueDate: string }[];
  biddingDeadline: Date;
  deliveryDeadline: Date;
  rewardPoints: number;
  allowRace: boolean;
  publisherId: string;
  departmentId: string;
  departmentPath: string[];
  evaluators: { userId: string; name: string; departmentPath: string[] }[];
  bidSeq: number;
  /** bids.length, kept for the board's list, which does not load the bids. */
  bidCount: number;
  bids: BidEntry[];
  teamIds: string[];
  /** `reason` and `passedOverBidIds` are absent on awards made before the award reason existed. */
  award: { bidIds: string[]; teamIds: string[]; awardedBy: string; awardedAt: Date; reason?: string | null; passedOverBidIds?: string[] } | null;
  /** `attachments` is absent on reports made before files were stored. */
  progress: { milestone: string; note: string; teamId: string; authorId: string; authorName: string; attachments?: AttachedFile[]; at: Date }[];
  results: { bidId: string; teamId: string; summary: string; deliverables: StoredDeliverable[]; submittedBy: string; submittedAt: Date }[];
  /** 评审, one per evaluator and awarded team; `teamId` is absent on reviews given before reviews named a team (they judged every team). */
  reviews: { evaluatorId: string; evaluatorName: string; teamId?: string; verdict: TaskVerdict; comment: string; tolerance?: ToleranceDecision | null; at: Date }[];
  /** 容错 applications, at most one per awarded team. */
  tolerances?: ToleranceApplication[];
  /** Each awarded team's outcome, set at conclusion. */
  teamVerdicts?: TeamVerdictEntry[];
  /** The best awarded team's verdict. */
  verdict: TaskVerdict | null;
  reward: { rewardPoints: number; verdict: TaskVerdict; flagged: boolean; releasedAt: Date } | null;
  history: { action: string; from: TaskStatus | null; to: TaskStatus; actorId: string; actorName: string; at: Date; comment: string; version: number }[];
  publishedAt: Date | null;
  biddingClosedAt: Date | null;
  awardedAt: Date | null;
  resultsSubmittedAt: Date | null;
  concludedAt: Date | null;
  outbox: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The board's row of a task, kept beside it (the task document holds every bid and evaluation: a board listing
 * over whole task documents reads all of that). Written after each change of the task, only forward (version).
 */
export interface TaskCardDocument {
  _id: string;
  version: number;
  status: TaskStatus;
  batchId: string;
  title: string;
  /** For the board's keyword search (absent on cards written before search, until the repair at start fills it). */
  description?: string;
  domain: TaskDomain;
  flags: TaskFlag[];
  rewardPoints: number;
  allowRace: boolean;
  departmentId: string;
  departmentPath: string[];
  biddingDeadline: Date;
  deliveryDeadline: Date;
  bidCount: number;
  verdict: TaskVerdict | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BatchDocument {
  _id: string;
  name: string;
  description: string;
  createdBy: string;
  departmentId: string;
  createdAt: Date;
}

export interface TeamHistoryEntry {
  action: 'update' | 'reinvite';
  actorId: string;
  actorName: string;
  at: Date;
  comment: string;
  version: number;
}

export interface TeamDocument {
  _id: string;
  version: number;
  name: string;
  leadId: string;
  createdBy: string;
  members: (MemberSnapshot & { invitation: TeamInvitationState; respondedAt: Date | null })[];
  memberIds: string[];
  formedAt: Date | null;
  /** The lead's repairs (edits, re-invitations); absent on teams written before repairs existed. */
  history?: TeamHistoryEntry[];
  outbox: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const mixedArray = () => ({ type: [Schema.Types.Mixed], default: () => [] }) as never;
const mixed = () => ({ type: Schema.Types.Mixed, default: null }) as never;
/**
 * Written by the code, not by mongoose's timestamps: a change's `updatedAt` is the one the aggregate store sets
 * (and computes its answer with), so what is answered is what is stored.
 */
const stamps = () => ({ createdAt: { type: Date, required: true }, updatedAt: { type: Date, required: true } });

export const TaskSchema = new Schema<TaskDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    batchId: { type: String, required: true },
    batchName: { type: String, default: '' },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    domain: { type: String, required: true },
    flags: { type: [String], default: [] },
    goals: { type: String, default: '' },
    expectedResults: { type: String, default: '' },
    milestones: mixedArray(),
    biddingDeadline: { type: Date, required: true },
    deliveryDeadline: { type: Date, required: true },
    rewardPoints: { type: Number, required: true },
    allowRace: { type: Boolean, default: false },
    publisherId: { type: String, required: true },
    departmentId: { type: String, required: true },
    departmentPath: { type: [String], default: [] },
    evaluators: mixedArray(),
    bidSeq: { type: Number, default: 0 },
    bidCount: { type: Number, default: 0 },
    bids: mixedArray(),
    teamIds: { type: [String], default: [] },
    award: mixed(),
    progress: mixedArray(),
    results: mixedArray(),
    reviews: mixedArray(),
    tolerances: mixedArray(),
    teamVerdicts: mixedArray(),
    verdict: { type: String, default: null },
    reward: mixed(),
    history: mixedArray(),
    publishedAt: { type: Date, default: null },
    biddingClosedAt: { type: Date, default: null },
    awardedAt: { type: Date, default: null },
    resultsSubmittedAt: { type: Date, default: null },
    concludedAt: { type: Date, default: null },
    ...outboxPath,
    ...stamps(),
  },
  { collection: 'tasks', versionKey: false, minimize: false },
);
TaskSchema.index({ batchId: 1, createdAt: 1 });
TaskSchema.index({ status: 1, biddingDeadline: 1 });
// `GET /bids/mine`: the tasks my teams bid on.
TaskSchema.index({ teamIds: 1 });

export const TaskCardSchema = new Schema<TaskCardDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    batchId: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String },
    domain: { type: String, required: true },
    flags: { type: [String], default: [] },
    rewardPoints: { type: Number, required: true },
    allowRace: { type: Boolean, default: false },
    departmentId: { type: String, required: true },
    departmentPath: { type: [String], default: [] },
    biddingDeadline: { type: Date, required: true },
    deliveryDeadline: { type: Date, required: true },
    bidCount: { type: Number, default: 0 },
    verdict: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'task_cards', versionKey: false, minimize: false },
);
TaskCardSchema.index({ batchId: 1, createdAt: 1 });

export const BatchSchema = new Schema<BatchDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    createdBy: { type: String, required: true },
    departmentId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'task_batches', versionKey: false, minimize: false },
);

export const TeamSchema = new Schema<TeamDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    leadId: { type: String, required: true },
    createdBy: { type: String, required: true },
    members: mixedArray(),
    memberIds: { type: [String], default: [] },
    formedAt: { type: Date, default: null },
    history: mixedArray(),
    ...outboxPath,
    ...stamps(),
  },
  { collection: 'teams', versionKey: false, minimize: false },
);
TeamSchema.index({ memberIds: 1 });

export const TASK_MODEL = Symbol('TASK_MODEL');
export const BATCH_MODEL = Symbol('BATCH_MODEL');
export const TASK_CARD_MODEL = Symbol('TASK_CARD_MODEL');
export const TEAM_MODEL = Symbol('TEAM_MODEL');

export const taskModel = (connection: Connection): Model<TaskDocument> => connection.model<TaskDocument>('Task', TaskSchema);
export const taskCardModel = (connection: Connection): Model<TaskCardDocument> => connection.model<TaskCardDocument>('TaskCard', TaskCardSchema);
export const batchModel = (connection: Connection): Model<BatchDocument> => connection.model<BatchDocument>('TaskBatch', BatchSchema);
export const teamModel = (connection: Connection): Model<TeamDocument> => connection.model<TeamDocument>('Team', TeamSchema);
