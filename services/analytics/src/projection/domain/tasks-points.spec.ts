import { TASK_EVENTS, type ScoreUpdatedV1, type TaskConcludedV1 } from '@cadre/contracts';
import { foldPoints, pointsBin, pointsCells } from './points';
import { foldTask, foldTeam, taskCells, teamCells } from './tasks';

const base = {
  taskId: 't1',
  version: 2,
  status: 'open',
  fromStatus: 'draft',
  action: 'publish',
  actorId: 'p1',
  batchId: 'b1',
  title: '自贸港政策落地',
  domain: 'ftp',
  flags: [],
  rewardPoints: 100,
  allowRace: false,
  publisherId: 'p1',
  departmentId: 'd1',
  departmentPath: ['d0', 'd1'],
  biddingDeadline: '2026-05-01T00:00:00Z',
  deliveryDeadline: '2026-09-01T00:00:00Z',
  createdAt: '2026-03-01T00:00:00Z',
  publishedAt: '2026-03-02T00:00:00Z',
  occurredAt: '2026-03-02T00:00:00Z',
} as const;

describe('a task folded from its events', () => {
  it('counts under the publisher’s path in the year of publication; claimed from the award on', () => {
    const open = foldTask(null, TASK_EVENTS.published, base as never)!;
    expect(taskCells(open).map((c) => `${c.doc}#${c.path}`)).toEqual(
      expect.arrayContaining(['task|d0|2026#published', 'task|d1|2026#byDomain.ftp', 'task|d1|2026#byStatus.open']),
    );
    expect(taskCells(open).some((c) => c.path === 'claimed')).toBe(false);
    const awarded = foldTask(open, TASK_EVENTS.awarded, { ...base, version: 4, status: 'in_progress' } as never)!;
    expect(taskCells(awarded).some((c) => c.path === 'claimed')).toBe(true);
    expect(foldTask(awarded, TASK_EVENTS.published, base as never)).toBeNull();
  });

  it('a draft withdrawn before publication is not counted at all', () => {
    expect(foldTask(null, TASK_EVENTS.withdrawn, { ...base, status: 'withdrawn', publishedAt: null } as never)).toBeNull();
  });

  it('once concluded, every member of every awarded team gets the task on their timeline', () => {
    const concluded: Partial<TaskConcludedV1> = {
      ...(base as object),
      version: 9,
      status: 'concluded',
      verdict: 'excellent',
      concludedAt: '2026-10-01T00:00:00Z',
      teams: [
        {
          bidId: 't1_1',
          teamId: 'm1',
          teamName: '攻坚队',
          leadId: 'u1',
          members: [
            { userId: 'u1', role: 'lead', share: 60, departmentId: 'd1', departmentPath: ['d0', 'd1'] },
            { userId: 'u2', role: 'member', share: 40, departmentId: 'd2', departmentPath: ['d0', 'd2'] },
          ],
        },
      ],
    };
    const fact = foldTask(null, TASK_EVENTS.concluded, concluded as never)!;
    const timeline = taskCells(fact).filter((c) => c.collection === 'cadres');
    expect(timeline.map((c) => c.doc)).toEqual(['ctask|u1', 'ctask|u2']);
    expect(timeline[0]!.value).toMatchObject({ verdict: 'excellent', role: 'lead', share: 60, memberIds: ['u1', 'u2'] });
  });

  it('a formed team appears with every member', () => {
    const team = foldTeam(null, { teamId: 'm1', teamName: '攻坚队', leadId: 'u1', version: 3, createdBy: 'u1', createdAt: 'x', formedAt: '2026-03-03T00:00:00Z', occurredAt: 'x', members: [
      { userId: 'u1', role: 'lead', share: 60, departmentId: 'd1', departmentPath: [] },
      { userId: 'u2', role: 'member', share: 40, departmentId: 'd2', departmentPath: [] },
    ] })!;
    expect(teamCells(team).map((c) => `${c.doc}#${c.path}`)).toEqual(['ctask|u1#teams.m1', 'ctask|u2#teams.m1']);
    expect(foldTeam(team, { ...team, teamId: 'm1', version: 3 } as never)).toBeNull();
  });
});

describe('a cadre’s points', () => {
  const report = (fields: Partial<ScoreUpdatedV1>): ScoreUpdatedV1 => ({
    cadreId: 'u1',
    period: '2026',
    total: 19.2,
    totalHundredths: 1920,
    byItem: { INVEST: 1920 },
    byMonth: { '2026-03': 1920 },
    bySource: { 'record:r1': 1920 },
    departmentId: 'd1',
    departmentPath: ['d0', 'd1'],
    standardVersion: 1,
    revision: 100,
    updatedAt: '2026-03-05T00:00:00Z',
    ...fields,
  });

  it('keeps the newest report of each year and ignores older ones', () => {
    const first = foldPoints(null, report({}))!;
    expect(foldPoints(first, report({ revision: 99, totalHundredths: 5 }))).toBeNull();
    const moved = foldPoints(first, report({ revision: 101, totalHundredths: 2500, departmentId: 'd2', departmentPath: ['d0', 'd2'] }))!;
    expect(moved.years['2026']!.total).toBe(2500);
    expect(moved.departmentId).toBe('d2');
    const older = foldPoints(moved, report({ period: '2025', revision: 50, departmentId: 'd1', departmentPath: ['d0', 'd1'] }))!;
    expect(older.departmentId).toBe('d2');
    expect(Object.keys(older.years).sort()).toEqual(['2025', '2026']);
  });

  it('adds to every department of the path, the histogram bin of 10 points, and the cadre’s file', () => {
    const fact = foldPoints(null, report({}))!;
    expect(pointsCells(fact).map((c) => `${c.collection}/${c.doc}#${c.path}=${typeof c.value === 'number' ? c.value : 'obj'}`)).toEqual(
      expect.arrayContaining(['rollups/pts|d0|2026#total=1920', 'rollups/pts|d1|2026#histogram.b10=1', 'rows/rpts|2026|d1#points=1920', 'cadres/cpts|u1#years.2026=obj']),
    );
    expect([pointsBin(0), pointsBin(999), pointsBin(1000), pointsBin(-1)]).toEqual([0, 0, 10, -10]);
  });
});
