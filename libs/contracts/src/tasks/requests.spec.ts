import {
  awardInput,
  createBatchInput,
  createBidInput,
  createTaskInput,
  createTeamInput,
  evaluationInput,
  progressInput,
  resultsInput,
  taskListQuery,
  taskReviewInput,
  toleranceInput,
  updateBidInput,
  updateTaskInput,
} from './requests';
import type { z } from 'zod';

/** `path: message` of every issue, as the gateway reports them (unknown keys listed under the key). */
function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${base ? `${base}.` : ''}${key}: unknown field`);
    return [`${base || '(body)'}: ${issue.message}`];
  });
}
const paths = (schema: z.ZodType, input: unknown) => problems(schema, input).map((p) => p.split(':')[0]);

const task = {
  batchId: 'batch-1',
  title: '  化解历史遗留问题  ',
  description: '描述',
  domain: 'legacy',
  flags: ['hard', 'urgent'],
  goals: '目标',
  expectedResults: '预期成果',
  milestones: [
    { name: '调研', dueDate: '2025-03-01' },
    { name: '方案', dueDate: '2025-05-01' },
  ],
  biddingDeadline: '2025-01-31T16:00:00Z',
  deliveryDeadline: '2025-12-31T23:59:59+08:00',
  rewardPoints: 100,
  evaluatorIds: ['e1', 'e2', 'e3'],
  allowRace: false,
};

describe('createTaskInput', () => {
  it('accepts a full task and trims its texts', () => {
    const parsed = createTaskInput.parse(task);
    expect(parsed.title).toBe('化解历史遗留问题');
    expect(parsed.flags).toEqual(['hard', 'urgent']);
  });

  it('defaults flags to none and allowRace to false', () => {
    const rest: Record<string, unknown> = { ...task };
    delete rest.flags;
    delete rest.allowRace;
    expect(createTaskInput.parse(rest)).toMatchObject({ flags: [], allowRace: false });
  });

  it('rejects unknown fields, such as a status or points set by the client', () => {
    expect(problems(createTaskInput, { ...task, status: 'open', id: 'x' })).toEqual(['status: unknown field', 'id: unknown field']);
  });

  it('rejects an operator object in place of any string', () => {
    for (const field of ['batchId', 'title', 'description', 'goals', 'expectedResults', 'biddingDeadline', 'domain']) {
      expect(paths(createTaskInput, { ...task, [field]: { $gt: '' } })).toEqual([field]);
    }
    expect(paths(createTaskInput, { ...task, evaluatorIds: [{ $ne: null }] })).toEqual(['evaluatorIds.0']);
    expect(paths(createTaskInput, { ...task, milestones: [{ name: { $gt: '' }, dueDate: '2025-03-01' }] })).toEqual(['milestones.0.name']);
  });

  it('bounds lengths and sizes', () => {
    expect(paths(createTaskInput, { ...task, title: 'x'.repeat(201) })).toEqual(['title']);
    expect(paths(createTaskInput, { ...task, title: 'x'.repeat(200) })).toEqual([]);
    expect(paths(createTaskInput, { ...task, description: 'x'.repeat(20_001) })).toEqual(['description']);
    expect(paths(createTaskInput, { ...task, title: '   ' })).toEqual(['title']);
    const milestones = Array.from({ length: 21 }, (_, i) => ({ name: `m${i}`, dueDate: '2025-03-01' }));
    expect(paths(createTaskInput, { ...task, milestones })).toEqual(['milestones']);
    expect(paths(createTaskInput, { ...task, milestones: [] })).toEqual(['milestones']);
    const evaluatorIds = Array.from({ length: 16 }, (_, i) => `e${i}`);
    expect(paths(createTaskInput, { ...task, evaluatorIds })).toEqual(['evaluatorIds']);
    expect(paths(createTaskInput, { ...task, evaluatorIds: evaluatorIds.slice(0, 15) })).toEqual([]);
    expect(paths(createTaskInput, { ...task, evaluatorIds: [] })).toEqual(['evaluatorIds']);
  });

  it('rejects repeated flags, evaluators and milestone names at the repeat', () => {
    expect(paths(createTaskInput, { ...task, flags: ['hard', 'risky', 'hard'] })).toEqual(['flags.2']);
    expect(paths(createTaskInput, { ...task, evaluatorIds: ['e1', 'e1'] })).toEqual(['evaluatorIds.1']);
    expect(paths(createTaskInput, { ...task, milestones: [task.milestones[0], task.milestones[0]] })).toEqual(['milestones.1']);
    expect(paths(createTaskInput, { ...task, flags: ['brave'] })).toEqual(['flags.0']);
  });

  it('checks dates, date-times and their order', () => {
    expect(paths(createTaskInput, { ...task, milestones: [{ name: 'x', dueDate: '2025-02-30' }] })).toEqual(['milestones.0.dueDate']);
    expect(paths(createTaskInput, { ...task, biddingDeadline: '2025-01-31' })).toEqual(['biddingDeadline']);
    expect(paths(createTaskInput, { ...task, deliveryDeadline: task.biddingDeadline })).toEqual(['deliveryDeadline']);
    // 2025-02-01T00:00+08:00 is 2025-01-31T16:00Z: the same instant as the bidding deadline
    expect(paths(createTaskInput, { ...task, deliveryDeadline: '2025-02-01T00:00:00+08:00' })).toEqual(['deliveryDeadline']);
    expect(paths(createTaskInput, { ...task, deliveryDeadline: '2025-02-01T00:00:01+08:00' })).toEqual([]);
  });

  it('bounds the reward from 0 to 1000 with at most two decimals', () => {
    expect(paths(createTaskInput, { ...task, rewardPoints: 0 })).toEqual([]);
    expect(paths(createTaskInput, { ...task, rewardPoints: 1000 })).toEqual([]);
    expect(paths(createTaskInput, { ...task, rewardPoints: 12.34 })).toEqual([]);
    expect(paths(createTaskInput, { ...task, rewardPoints: 1000.01 })).toEqual(['rewardPoints']);
    expect(paths(createTaskInput, { ...task, rewardPoints: -1 })).toEqual(['rewardPoints']);
    expect(paths(createTaskInput, { ...task, rewardPoints: 1.234 })).toEqual(['rewardPoints']);
    expect(paths(createTaskInput, { ...task, rewardPoints: '100' })).toEqual(['rewardPoints']);
  });

  it('names every missing field', () => {
    expect(paths(createTaskInput, {})).toEqual([
      'batchId',
      'title',
      'description',
      'domain',
      'goals',
      'expectedResults',
      'milestones',
      'biddingDeadline',
      'deliveryDeadline',
      'rewardPoints',
      'evaluatorIds',
    ]);
  });
});

describe('updateTaskInput', () => {
  it('needs the version and at least one field', () => {
    expect(paths(updateTaskInput, { title: 'x' })).toEqual(['version']);
    expect(problems(updateTaskInput, { version: 1 })).toEqual(['(body): give at least one field to change']);
    expect(updateTaskInput.parse({ version: 3, title: ' y ' })).toEqual({ version: 3, title: 'y' });
  });

  it('adds no defaults and checks the deadlines when both are given', () => {
    expect(updateTaskInput.parse({ version: 1, rewardPoints: 5 })).toEqual({ version: 1, rewardPoints: 5 });
    expect(paths(updateTaskInput, { version: 1, biddingDeadline: '2025-02-01T00:00:00Z', deliveryDeadline: '2025-01-01T00:00:00Z' })).toEqual([
      'deliveryDeadline',
    ]);
    // an unknown field is refused, and is no field to change either
    expect(problems(updateTaskInput, { version: 1, status: 'open' })).toEqual(['status: unknown field', '(body): give at least one field to change']);
    expect(paths(updateTaskInput, { version: 1, title: 't', status: 'open' })).toEqual(['status']);
  });
});

describe('taskListQuery', () => {
  it('coerces paging, filters and refuses unknown parameters', () => {
    expect(taskListQuery.parse({ page: '2', status: 'open' })).toEqual({ page: 2, pageSize: 20, status: 'open', format: 'json', sort: 'createdAt' });
    expect(paths(taskListQuery, { pageSize: '101' })).toEqual(['pageSize']);
    expect(paths(taskListQuery, { status: ['open', 'draft'] })).toEqual(['status']);
    expect(paths(taskListQuery, { sort: 'x' })).toEqual(['sort']);
  });
});

describe('teams and bids', () => {
  it('takes team members with whole-percent shares', () => {
    const team = { name: '攻坚队', members: [{ userId: 'u1', role: 'lead', share: 60 }, { userId: 'u2', role: 'member', share: 40 }] };
    expect(createTeamInput.parse(team)).toEqual(team);
    expect(paths(createTeamInput, { ...team, members: [{ userId: 'u1', role: 'lead', share: 60.5 }] })).toEqual(['members.0.share']);
    expect(paths(createTeamInput, { ...team, members: [{ userId: 'u1', role: 'boss', share: 0 }] })).toEqual(['members.0.role', 'members.0.share']);
    expect(paths(createTeamInput, { ...team, members: [] })).toEqual(['members']);
    expect(paths(createTeamInput, { ...team, members: [{ ...team.members[0], invitation: 'accepted' }] })).toEqual(['members.0.invitation']);
  });

  it('takes a bid and its revision', () => {
    const bidBody = { teamId: 't1', plan: '方案', expectedResults: '成果', milestones: [{ name: 'm', dueDate: '2025-04-01' }], commitment: '军令状' };
    expect(paths(createBidInput, bidBody)).toEqual([]);
    expect(paths(createBidInput, { ...bidBody, commitment: '' })).toEqual(['commitment']);
    expect(paths(updateBidInput, { version: 2, plan: '新方案' })).toEqual([]);
    expect(paths(updateBidInput, { version: 2, plan: 'p', teamId: 't2' })).toEqual(['teamId']);
  });
});

describe('evaluationInput', () => {
  const scores = { feasibility: 27.5, innovation: 20, capability: 0, benefit: 18.1 };

  it('takes each criterion from 0 to its maximum, whole or with one decimal', () => {
    expect(evaluationInput.parse({ scores })).toEqual({ scores, comment: '' });
    expect(paths(evaluationInput, { scores: { ...scores, feasibility: 30.1 } })).toEqual(['scores.feasibility']);
    expect(paths(evaluationInput, { scores: { ...scores, innovation: 21 } })).toEqual(['scores.innovation']);
    expect(paths(evaluationInput, { scores: { ...scores, capability: -0.1 } })).toEqual(['scores.capability']);
    expect(paths(evaluationInput, { scores: { ...scores, benefit: 18.15 } })).toEqual(['scores.benefit']);
    expect(paths(evaluationInput, { scores: { ...scores, benefit: 0.1 + 0.2 } })).toEqual([]);
    expect(paths(evaluationInput, { scores: { feasibility: 1 } })).toEqual(['scores.innovation', 'scores.capability', 'scores.benefit']);
    expect(paths(evaluationInput, { scores: { ...scores, total: 100 } })).toEqual(['scores.total']);
  });
});

describe('delivery, review and award', () => {
  it('takes progress, results and a review', () => {
    expect(paths(progressInput, { milestone: '调研', note: '完成' })).toEqual([]);
    expect(resultsInput.parse({ summary: '总结' })).toEqual({ summary: '总结', deliverables: [] });
    expect(paths(resultsInput, { summary: 's', deliverables: [{ name: 'd', sha256: 'ABC' }] })).toEqual(['deliverables.0.fileId', 'deliverables.0.name', 'deliverables.0.sha256']);
    expect(paths(resultsInput, { summary: 's', deliverables: [{ fileId: 'tsk_00000000-0000-4000-8000-000000000000', description: '总结' }] })).toEqual([]);
    expect(paths(progressInput, { milestone: '调研', note: '完成', attachments: [{ fileId: 'rec_x' }] })).toEqual(['attachments.0.fileId']);
    expect(progressInput.parse({ milestone: '调研', note: '完成' }).attachments).toEqual([]);
    expect(taskReviewInput.parse({ verdict: 'tolerated' })).toEqual({ verdict: 'tolerated', comment: '' });
    expect(paths(taskReviewInput, { verdict: 'good' })).toEqual(['verdict']);
  });

  it('takes a review naming the team and deciding on 容错, and a 容错 application with a justification', () => {
    expect(paths(taskReviewInput, { teamId: 'team-1', verdict: 'tolerated', tolerance: 'accepted' })).toEqual([]);
    expect(paths(taskReviewInput, { teamId: '', verdict: 'pass', tolerance: 'maybe' }).sort()).toEqual(['teamId', 'tolerance']);
    expect(toleranceInput.parse({ justification: ' 尽职 ' })).toEqual({ justification: '尽职' });
    expect(paths(toleranceInput, { justification: '   ' })).toEqual(['justification']);
    expect(paths(toleranceInput, {})).toEqual(['justification']);
  });

  it('takes one or more distinct bids to award', () => {
    expect(paths(awardInput, { bidIds: ['b1'] })).toEqual([]);
    expect(paths(awardInput, { bidIds: [] })).toEqual(['bidIds']);
    expect(paths(awardInput, { bidIds: ['b1', 'b1'] })).toEqual(['bidIds.1']);
    expect(paths(awardInput, { bidIds: { $in: ['b1'] } })).toEqual(['bidIds']);
    // The reason for passing over a higher-ranked bid: optional here (the domain decides when it is required), trimmed, bounded.
    expect(awardInput.parse({ bidIds: ['b1'], reason: ' 熟悉片区 ' })).toEqual({ bidIds: ['b1'], reason: '熟悉片区' });
    expect(paths(awardInput, { bidIds: ['b1'], reason: 'x'.repeat(2001) })).toEqual(['reason']);
    expect(paths(awardInput, { bidIds: ['b1'], reason: { $ne: null } })).toEqual(['reason']);
  });

  it('takes a batch', () => {
    expect(createBatchInput.parse({ name: '第一批' })).toEqual({ name: '第一批', description: '' });
  });
});
