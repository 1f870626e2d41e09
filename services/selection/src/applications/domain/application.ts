import { problems } from '@cadre/platform';
import type { ApplicationBody, ApplicationStatus, ApplicationView, CandidateType, RecommendBody } from '@cadre/contracts';
import type { RoundFacts } from '../../rounds/rounds.port';

export interface Person {
  id: string;
  name: string;
}

/** One application as its department's sheet keeps it (times as ISO strings). */
export interface ApplicationEntry {
  id: string;
  roundId: string;
  roundName: string;
  applicantType: CandidateType;
  /** The cadre's id, or the department's. */
  applicantId: string;
  applicantName: string;
  /** The applicant's own department (the cadre's, or the department itself): the sheet it is in. */
  departmentId: string;
  departmentName: string;
  departmentPath: string[];
  award: string;
  statement: string;
  records: ApplicationView['records'];
  status: ApplicationStatus;
  recommendation: { recommend: boolean; comment: string; by: Person; at: string } | null;
  drawn: boolean;
  drawnAt: string | null;
  submittedBy: Person;
  submittedAt: string;
  /** Grows with each change announced (submitted 1, each recommendation +1). */
  version: number;
}

/** The applicant as the gateway resolved it (a cadre, or a department: then `id` and `departmentId` are the department's). */
export interface Applicant {
  id: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
}

/** 400 naming `award` when it is not one of the round's positions (its awards). */
export function awardError(round: RoundFacts, award: string): { path: string; message: string } | null {
  if (round.positions.some((p) => p.name === award)) return null;
  return { path: 'award', message: `must be one of the round's awards (${round.positions.map((p) => p.name).join('、')})` };
}

/** The round takes applications: an award round (评先评优), 申报中, and today (Beijing) not after `applyUntil`. */
export function assertTakingApplications(round: RoundFacts, today: string): void {
  if (round.kind !== 'award') throw problems.conflict(`《${round.name}》不是评先评优，不接受申报`);
  if (round.status !== 'applying') throw problems.conflict(`《${round.name}》已截止申报`);
  if (round.applyUntil && today > round.applyUntil) throw problems.conflict(`《${round.name}》的申报已于 ${round.applyUntil} 截止`);
}

/** The applicant lies within one of the round's departments (each with its subtree). */
export function isWithinRound(round: RoundFacts, departmentPath: readonly string[]): boolean {
  return round.departmentIds.some((id) => departmentPath.includes(id));
}

/** The applicant's earlier application for the same award, if any (one per applicant and award). */
export function sameApplication(entries: Iterable<ApplicationEntry>, applicantId: string, award: string): ApplicationEntry | undefined {
  for (const e of entries) if (e.applicantId === applicantId && e.award === award) return e;
  return undefined;
}

export function newApplication(input: {
  id: string;
  round: RoundFacts;
  body: ApplicationBody;
  applicant: Applicant;
  departmentName: string;
  records: ApplicationView['records'];
  by: Person;
  now: Date;
}): ApplicationEntry {
  const { body, applicant } = input;
  return {
    id: input.id,
    roundId: input.round.roundId,
    roundName: input.round.name,
    applicantType: body.applicantType,
    applicantId: applicant.id,
    applicantName: applicant.name,
    departmentId: applicant.departmentId,
    departmentName: input.departmentName,
    departmentPath: applicant.departmentPath,
    award: body.award,
    statement: body.statement,
    records: input.records,
    status: 'submitted',
    recommendation: null,
    drawn: false,
    drawnAt: null,
    submittedBy: input.by,
    submittedAt: input.now.toISOString(),
    version: 1,
  };
}

/** 推荐 / 不推荐 with the comment: while the round is 申报中 and the application not drawn; may be changed until then. */
export function recommend(entry: ApplicationEntry, round: RoundFacts, body: RecommendBody, by: Person, now: Date): ApplicationEntry {
  if (entry.drawn) throw problems.conflict('该申报已确定为考察对象，不能再修改推荐意见');
  if (round.status !== 'applying') throw problems.conflict(`《${round.name}》已截止申报，不能再修改推荐意见`);
  return {
    ...entry,
    status: body.recommend ? 'recommended' : 'not_recommended',
    recommendation: { recommend: body.recommend, comment: body.comment, by, at: now.toISOString() },
    version: entry.version + 1,
  };
}

/** Recommended and not drawn yet: what a draw from applications takes. */
export function isDrawable(entry: ApplicationEntry): boolean {
  return entry.status === 'recommended' && !entry.drawn;
}

/** The entries with the listed ones marked drawn; null when none changes (already drawn, or not in this sheet). */
export function markedDrawn(entries: Record<string, ApplicationEntry>, ids: readonly string[], now: Date): Record<string, ApplicationEntry> | null {
  const next = { ...entries };
  let changed = false;
  for (const id of ids) {
    const entry = next[id];
    if (!entry || entry.drawn) continue;
    next[id] = { ...entry, drawn: true, drawnAt: now.toISOString() };
    changed = true;
  }
  return changed ? next : null;
}

/** Newest first, then by id (a stable order for equal times). */
export function newestFirst(a: ApplicationEntry, b: ApplicationEntry): number {
  return b.submittedAt.localeCompare(a.submittedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
