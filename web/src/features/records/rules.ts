import type { RecordDetailView, RecordStatus, TaxonomyView } from '@cadre/contracts';

/** What the rules need of the signed-in user (a subset of `UserView`). */
export interface Actor {
  id: string;
  roles: readonly string[];
  departmentId: string;
}

/** What the rules need of a record. */
export type RecordFacts = Pick<RecordDetailView, 'status' | 'cadreId' | 'departmentPath' | 'participants'>;

type RecordActionKey = 'edit' | 'submit' | 'delete' | 'withdraw' | 'review' | 'assess' | 'revoke' | 'confirmShare' | 'disputeShare';

const takesPart = (record: RecordFacts, user: Actor) => record.cadreId === user.id || record.participants.some((p) => p.userId === user.id);

/**
 * The actions the console offers `user` on `record` in its current status (the API decides again):
 * the filer edits, submits or deletes a draft and withdraws a submission before review; a reviewer of the filer's department subtree reviews a submitted record;
 * an assessor assesses a reviewed one (neither acts on a record they filed or take part in); an admin revokes a
 * verified record; a co-participant confirms or disputes their share while the record is live.
 */
export function actionsFor(record: RecordFacts, user: Actor | null | undefined): RecordActionKey[] {
  if (!user) return [];
  const actions: RecordActionKey[] = [];
  const isFiler = record.cadreId === user.id;
  const has = (role: string) => user.roles.includes(role);
  if (isFiler && record.status === 'draft') actions.push('edit', 'submit', 'delete');
  if (isFiler && record.status === 'submitted') actions.push('withdraw');
  if (record.status === 'submitted' && has('reviewer') && !takesPart(record, user) && record.departmentPath.includes(user.departmentId)) actions.push('review');
  if (record.status === 'reviewed' && has('assessor') && !takesPart(record, user)) actions.push('assess');
  if (record.status === 'verified' && has('admin')) actions.push('revoke');
  const mine = record.participants.find((p) => p.userId === user.id);
  if (mine && !isFiler && record.status !== 'rejected' && record.status !== 'revoked' && record.status !== 'discarded') {
    if (mine.confirmation !== 'confirmed') actions.push('confirmShare');
    if (mine.confirmation !== 'disputed') actions.push('disputeShare');
  }
  return actions;
}

/**
 * Who stops an approval or a verification (the records service refuses it with 409): co-participants who have not
 * answered, and those who dispute their share.
 */
export function unconfirmedShares(record: Pick<RecordFacts, 'participants'>): { pending: string[]; disputed: string[] } {
  const name = (p: RecordFacts['participants'][number]) => p.name || p.userId;
  return {
    pending: record.participants.filter((p) => p.confirmation === 'pending').map(name),
    disputed: record.participants.filter((p) => p.confirmation === 'disputed').map(name),
  };
}

/** Every share confirmed: the record may be approved or verified. */
export const sharesSettled = (record: Pick<RecordFacts, 'participants'>) => record.participants.every((p) => p.confirmation === 'confirmed');

/** A dispute of a verified record reopens it (back to the assessor, its points reversed): a reason is asked for. */
export const disputeReopens = (record: Pick<RecordFacts, 'status'>) => record.status === 'verified';

export const STATUS_COLORS: Record<RecordStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  reviewed: 'cyan',
  verified: 'success',
  rejected: 'error',
  revoked: 'warning',
  discarded: 'default',
};

export interface ParticipantRow {
  userId?: string;
  role?: 'lead' | 'member';
  share?: number | null;
}

export type ShareProblem = { key: 'sum'; sum: number } | { key: 'needFiler' } | { key: 'needLead' } | { key: 'duplicate' };

/** The API's rules on participants (records service): shares sum to 100, the filer listed, a lead, nobody twice. */
export function shareProblems(rows: ParticipantRow[] | undefined, filerId: string): ShareProblem[] {
  const list = (rows ?? []).filter(Boolean);
  if (list.length === 0) return [];
  const problems: ShareProblem[] = [];
  const sum = list.reduce((total, row) => total + (Number(row.share) || 0), 0);
  if (sum !== 100) problems.push({ key: 'sum', sum });
  const ids = list.map((row) => (row.userId ?? '').trim()).filter(Boolean);
  if (new Set(ids).size !== ids.length) problems.push({ key: 'duplicate' });
  if (!ids.includes(filerId)) problems.push({ key: 'needFiler' });
  if (!list.some((row) => row.role === 'lead')) problems.push({ key: 'needLead' });
  return problems;
}

/** Participants as the API takes them (the filer alone when none are given: sole lead at 100). */
export function participantsBody(rows: ParticipantRow[] | undefined, filerId: string) {
  const list = (rows ?? []).filter(Boolean).map((row) => ({ userId: (row.userId ?? '').trim(), role: row.role ?? ('member' as const), share: Number(row.share) }));
  return list.length ? list : [{ userId: filerId, role: 'lead' as const, share: 100 }];
}

/** The `from`/`to` filter of a picked range of days, either end open (the API matches records whose period overlaps it). */
export function periodRange(range: readonly [{ format(pattern: string): string } | null, { format(pattern: string): string } | null] | null | undefined): { from?: string; to?: string } {
  return { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
}

/** The first-level item of a second-level code (`INVEST-03` → `INVEST`). */
const firstLevelOf = (code: string | undefined) => (code ? code.split('-')[0] : undefined);

/** Names of an item code in the taxonomy, for display. */
export function itemNames(taxonomy: TaxonomyView | null | undefined, code: string): { first?: string; second?: string } {
  const first = taxonomy?.items.find((item) => item.code === firstLevelOf(code));
  return { first: first?.name, second: first?.children.find((child) => child.code === code)?.name };
}

/** Base points of a first-level item under a scoring standard (`byFirstLevel`, else `default`). */
export function basePointsOf(standard: { itemBasePoints: { default: number; byFirstLevel: Record<string, number> } } | null | undefined, code: string | undefined) {
  if (!standard || !code) return undefined;
  return standard.itemBasePoints.byFirstLevel[code.split('-')[0]] ?? standard.itemBasePoints.default;
}

/** Review: a comment is asked for when the record goes back or is rejected (the filer must know why). */
export const reviewNeedsComment = (decision: string | undefined) => decision === 'return' || decision === 'reject';

/** The latest day a record's period may end: today in Beijing (UTC+8) plus 31 days (the records service's rule). */
export function latestPeriodEnd(now: Date = new Date()): string {
  const day = new Date(now.getTime() + 8 * 60 * 60 * 1000);
  day.setUTCDate(day.getUTCDate() + 31);
  return day.toISOString().slice(0, 10);
}
