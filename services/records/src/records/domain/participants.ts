import type { ProblemFieldError } from '@cadre/contracts';

export interface ParticipantShare {
  userId: string;
  role: 'lead' | 'member';
  share: number;
}

/**
 * Participants of a record: the filer and any co-participants, each `lead` or `member` with a contribution share,
 * the shares summing to 100. Without co-participants the filer is the sole lead with 100.
 */
export function normaliseParticipants(filerId: string, given: ParticipantShare[] | undefined): ParticipantShare[] {
  if (!given || given.length === 0) return [{ userId: filerId, role: 'lead', share: 100 }];
  return given.map((p) => ({ userId: p.userId, role: p.role, share: p.share }));
}

export function participantProblems(filerId: string, participants: ParticipantShare[], path = 'participants'): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  const total = participants.reduce((sum, p) => sum + p.share, 0);
  if (total !== 100) problems.push({ path, message: `shares must sum to 100 (they sum to ${total})` });
  const seen = new Set<string>();
  participants.forEach((p, index) => {
    if (seen.has(p.userId)) problems.push({ path: `${path}.${index}.userId`, message: 'is listed twice' });
    seen.add(p.userId);
  });
  if (!seen.has(filerId)) problems.push({ path, message: 'must include the filer' });
  if (!participants.some((p) => p.role === 'lead')) problems.push({ path, message: 'must have a lead' });
  return problems;
}
