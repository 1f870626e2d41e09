import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPath, type OutboxEntry } from '@cadre/messaging';
import type {
  CandidateStatus,
  CandidateType,
  FrozenEvidence,
  ObjectionStatus,
  Position,
  RankLevel,
  RoundAction,
  RoundCriteria,
  RoundKind,
  RoundStatus,
} from '@cadre/contracts';

/** Someone who did something, named as they were then. */
export interface Actor {
  id: string;
  name: string;
}

export interface Note {
  at: Date;
  by: Actor;
  note: string;
}

export interface Decision {
  selected: boolean;
  position: string | null;
  reason: string;
  by: Actor;
  at: Date;
}

/** A candidate of a round, with the evidence frozen when drawn. */
export interface CandidateEntry {
  type: CandidateType;
  candidateId: string;
  name: string;
  departmentId: string;
  departmentName: string;
  departmentPath: string[];
  rankLevel: RankLevel | null;
  title: string;
  source: 'shortlist' | 'application';
  applicationId: string | null;
  status: CandidateStatus;
  evidence: FrozenEvidence;
  inspection: Note[];
  decision: Decision | null;
  drawnAt: Date;
  drawnBy: Actor;
}

/** An objection (异议) with its objector: only the organisation department ever reads `filedBy`. */
export interface ObjectionEntry {
  id: string;
  candidateId: string;
  candidateName: string;
  reason: string;
  status: ObjectionStatus;
  filedBy: Actor & { departmentName: string };
  filedAt: Date;
  investigation: Note[];
  answer: string | null;
  answeredBy: Actor | null;
  answeredAt: Date | null;
  withdrewCandidate: boolean;
}

export interface HistoryEntry {
  at: Date;
  action: RoundAction;
  by: Actor;
  /** The candidate the step concerns, by name; '' for the round itself. */
  subject: string;
  /** A sentence of Chinese; never an objector's name. */
  detail: string;
}

export interface NoticeWindow {
  startsAt: Date;
  endsAt: Date;
  days: number;
  publishedBy: Actor;
}

/** `rounds` (`_id` the round id): one aggregate, small collection, listed whole. */
export interface RoundDocument {
  _id: string;
  version: number;
  kind: RoundKind;
  name: string;
  status: RoundStatus;
  positions: Position[];
  rankLevel: RankLevel | null;
  departmentIds: string[];
  criteria: RoundCriteria;
  noticeDays: number;
  /** Beijing date (award rounds), else null. */
  applyUntil: string | null;
  candidates: CandidateEntry[];
  notice: NoticeWindow | null;
  objections: ObjectionEntry[];
  openedBy: Actor;
  openedAt: Date;
  decidedAt: Date | null;
  concludedAt: Date | null;
  concludedBy: Actor | null;
  history: HistoryEntry[];
  updatedAt: Date;
  outbox: OutboxEntry[];
}

const mixed = (fallback: () => unknown) => ({ type: Schema.Types.Mixed, default: fallback }) as never;
const list = () => ({ type: [Schema.Types.Mixed], default: () => [] }) as never;

const RoundSchema = new Schema<RoundDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    status: { type: String, required: true },
    positions: list(),
    rankLevel: { type: String, default: null },
    departmentIds: { type: [String], default: [] },
    criteria: mixed(() => ({})),
    noticeDays: { type: Number, required: true },
    applyUntil: { type: String, default: null },
    candidates: list(),
    notice: mixed(() => null),
    objections: list(),
    openedBy: mixed(() => ({})),
    openedAt: { type: Date, required: true },
    decidedAt: { type: Date, default: null },
    concludedAt: { type: Date, default: null },
    concludedBy: mixed(() => null),
    history: list(),
    updatedAt: { type: Date, required: true },
    ...outboxPath,
  },
  { collection: 'rounds', versionKey: false, minimize: false, autoIndex: false },
);

export const ROUND_MODEL = Symbol('ROUND_MODEL');
export const roundModel = (c: Connection): Model<RoundDocument> => c.model<RoundDocument>('Round', RoundSchema);
