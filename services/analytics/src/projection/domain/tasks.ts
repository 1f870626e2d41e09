import { TASK_EVENTS, type TaskConcludedV1, type TaskTransitionBaseV1, type TeamFormedV1 } from '@cadre/contracts';
import type { Cell } from './cells';
import { yearOf } from './time';

export interface TaskTeamMember {
  userId: string;
  role: string;
  share: number;
}

/** A published task as analytics knows it. Drafts never reach analytics (the first event is the publication). */
export interface TaskFact {
  id: string;
  version: number;
  title: string;
  domain: string;
  status: string;
  departmentId: string;
  departmentPath: string[];
  publishedAt: string;
  verdict: string | null;
  concludedAt: string | null;
  /** `verdict`: the team's own (races judge each team); absent for events from before per-team verdicts. */
  teams: { teamId: string; teamName: string; verdict?: string; members: TaskTeamMember[] }[];
}

/** A formed team (书院制 team-up), for the portrait's teams and collaborators. */
export interface TeamFact {
  id: string;
  version: number;
  teamName: string;
  formedAt: string;
  members: TaskTeamMember[];
}

/** Statuses in which a task counts as claimed (揭榜成功): awarded and after. */
const CLAIMED = new Set(['in_progress', 'reviewing', 'concluded']);

export function foldTask(fact: TaskFact | null, type: string, data: TaskTransitionBaseV1): TaskFact | null {
  if (fact && fact.version >= data.version) return null;
  // A draft withdrawn before publication was never on the board: not a task analytics counts.
  if (!fact && !data.publishedAt) return null;
  const concluded = type === TASK_EVENTS.concluded ? (data as TaskConcludedV1) : null;
  return {
    id: data.taskId,
    version: data.version,
    title: data.title,
    domain: data.domain,
    status: data.status,
    departmentId: data.departmentId,
    departmentPath: data.departmentPath,
    publishedAt: data.publishedAt ?? fact!.publishedAt,
    verdict: concluded?.verdict ?? fact?.verdict ?? null,
    concludedAt: concluded?.concludedAt ?? fact?.concludedAt ?? null,
    teams: concluded
      ? concluded.teams.map((t) => ({
          teamId: t.teamId,
          teamName: t.teamName,
          ...(t.verdict ? { verdict: t.verdict } : {}),
          members: t.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share })),
        }))
      : (fact?.teams ?? []),
  };
}

export function foldTeam(fact: TeamFact | null, data: TeamFormedV1): TeamFact | null {
  if (fact && fact.version >= data.version) return null;
  return {
    id: data.teamId,
    version: data.version,
    teamName: data.teamName,
    formedAt: data.formedAt,
    members: data.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share })),
  };
}

/**
 * What a task adds: `rollups/task|<dept>|<year of publication>` for every department on the publisher's path
 * (by domain, status, claimed, concluded, verdict), and, once concluded, a timeline entry in
 * `cadres/ctask|<member>` for every member of every awarded team, with that team's own verdict.
 */
export function taskCells(fact: TaskFact): Cell[] {
  const cells: Cell[] = [];
  const year = yearOf(fact.publishedAt);
  for (const dept of fact.departmentPath) {
    const doc = `task|${dept}|${year}`;
    cells.push(
      { collection: 'rollups', doc, path: 'published', value: 1 },
      { collection: 'rollups', doc, path: `byDomain.${fact.domain}`, value: 1 },
      { collection: 'rollups', doc, path: `byStatus.${fact.status}`, value: 1 },
    );
    if (CLAIMED.has(fact.status)) cells.push({ collection: 'rollups', doc, path: 'claimed', value: 1 });
    if (fact.status === 'concluded') cells.push({ collection: 'rollups', doc, path: 'concluded', value: 1 });
  }
  if (fact.status === 'concluded' && fact.concludedAt) {
    for (const team of fact.teams) {
      const memberIds = team.members.map((m) => m.userId);
      for (const m of team.members) {
        cells.push({
          collection: 'cadres',
          doc: `ctask|${m.userId}`,
          path: `tasks.${fact.id}`,
          value: { title: fact.title, domain: fact.domain, verdict: team.verdict ?? fact.verdict, concludedAt: fact.concludedAt, role: m.role, share: m.share, teamId: team.teamId, teamName: team.teamName, memberIds },
        });
      }
    }
  }
  return cells;
}

/** A formed team appears in every member's `cadres/ctask|<member>` under `teams`. */
export function teamCells(fact: TeamFact): Cell[] {
  const memberIds = fact.members.map((m) => m.userId);
  return fact.members.map((m) => ({
    collection: 'cadres' as const,
    doc: `ctask|${m.userId}`,
    path: `teams.${fact.id}`,
    value: { teamName: fact.teamName, role: m.role, memberIds, formedAt: fact.formedAt },
  }));
}
