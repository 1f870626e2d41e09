import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { TASK_EVENTS, createEnvelope, createTeamInput, isId, type Caller, type ProblemFieldError, type TeamFormedV1, type TeamView } from '@cadre/contracts';
import { ensureIndexes, fieldErrors, idFrom, problems, requireCaller } from '@cadre/platform';
import { OutboxRelay, outboxEntry } from '@cadre/messaging';
import { DirectoryReplica } from '@cadre/directory';
import { TEAM_MODEL, type TeamDocument } from './task.schema';
import { isTeamFormed, teamMemberProblems } from './domain/shares';
import { teamView } from './views';

/** Teams across departments (书院制): a cadre creates one and leads it; members join by accepting. */
@Injectable()
export class TeamsService implements OnModuleInit {
  constructor(
    @Inject(TEAM_MODEL) private readonly teams: Model<TeamDocument>,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async onModuleInit() {
    await ensureIndexes([this.teams]);
    this.relay.register(this.teams);
  }

  async create(caller: Caller | undefined, payload: unknown): Promise<TeamView> {
    const who = requireCaller(caller);
    if (!who.roles.includes('cadre')) throw problems.forbidden('Only cadres form teams.');
    const parsed = createTeamInput.safeParse(payload ?? {});
    const errors: ProblemFieldError[] = parsed.success ? teamMemberProblems(who.userId, parsed.data.members) : fieldErrors(parsed.error);
    const raw = (payload ?? {}) as { members?: unknown };
    const members = Array.isArray(raw.members) ? raw.members : [];
    const users = await Promise.all(
      members.map(async (member: unknown, index) => {
        const userId = (member as { userId?: unknown } | null)?.userId;
        if (!isId(userId)) return null;
        const user = userId === who.userId ? null : await this.directory.user(userId);
        if (userId !== who.userId && (!user || !user.active)) errors.push({ path: `members.${index}.userId`, message: 'is not a known user' });
        return user;
      }),
    );
    if (errors.length || !parsed.success) throw problems.invalid(errors);
    const now = new Date();
    const doc: TeamDocument = {
      _id: randomUUID(),
      version: 1,
      name: parsed.data.name,
      leadId: who.userId,
      createdBy: who.userId,
      members: parsed.data.members.map((m, index) => {
        const isLead = m.userId === who.userId;
        const user = users[index];
        return {
          userId: m.userId,
          name: isLead ? who.name : (user?.name ?? ''),
          departmentId: isLead ? who.departmentId : (user?.departmentId ?? ''),
          departmentPath: isLead ? who.departmentPath : (user?.departmentPath ?? []),
          role: m.role,
          share: m.share,
          invitation: isLead ? ('accepted' as const) : ('invited' as const),
          respondedAt: isLead ? now : null,
        };
      }),
      memberIds: parsed.data.members.map((m) => m.userId),
      formedAt: null,
      outbox: [],
      createdAt: now,
      updatedAt: now,
    };
    if (isTeamFormed(doc.members)) doc.formedAt = now;
    const outbox = doc.formedAt ? [formedEvent(doc)] : [];
    await this.teams.create({ ...doc, outbox });
    if (outbox.length) void this.relay.notify(this.teams, doc._id, outbox);
    return teamView(doc);
  }

  async get(caller: Caller | undefined, payload: unknown): Promise<TeamView> {
    requireCaller(caller);
    return teamView(await this.load(idFrom(payload, 'team')));
  }

  accept(caller: Caller | undefined, payload: unknown): Promise<TeamView> {
    return this.respond(requireCaller(caller), idFrom(payload, 'team'), 'accepted');
  }

  decline(caller: Caller | undefined, payload: unknown): Promise<TeamView> {
    return this.respond(requireCaller(caller), idFrom(payload, 'team'), 'declined');
  }

  private async respond(who: Caller, id: string, answer: 'accepted' | 'declined'): Promise<TeamView> {
    const written = await this.relay.locks.run(this.teams.collection.collectionName, id, async () => {
      const team = await this.load(id);
      const member = team.members.find((m) => m.userId === who.userId);
      if (!member || member.role === 'lead') throw problems.forbidden('Only an invited member answers an invitation.');
      if (member.invitation !== 'invited') throw problems.conflict(`You have ${member.invitation} this invitation already.`);
      const now = new Date();
      const members = team.members.map((m) => (m.userId === who.userId ? { ...m, invitation: answer, respondedAt: now } : m));
      const formedAt = isTeamFormed(members) ? now : null;
      const next = { ...team, members, formedAt, version: team.version + 1 };
      const outbox = formedAt ? [formedEvent(next)] : [];
      const result = await this.teams.updateOne(
        { _id: id, version: team.version },
        { $set: { members, formedAt, version: team.version + 1, updatedAt: now }, ...(outbox.length ? { $push: { outbox: outbox[0] } } : {}) },
      );
      if (result.matchedCount === 0) throw problems.conflict('The team changed meanwhile; try again.');
      return outbox;
    });
    if (written.length) void this.relay.notify(this.teams, id, written);
    return teamView(await this.load(id));
  }

  private async load(id: string): Promise<TeamDocument> {
    const team = await this.teams.findById(id).lean<TeamDocument>();
    if (!team) throw problems.notFound('No such team.');
    return team;
  }
}

function formedEvent(team: TeamDocument) {
  const now = new Date().toISOString();
  const data: TeamFormedV1 = {
    teamId: team._id,
    teamName: team.name,
    leadId: team.leadId,
    members: team.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share, departmentId: m.departmentId, departmentPath: m.departmentPath })),
    version: team.version,
    createdBy: team.createdBy,
    createdAt: new Date(team.createdAt).toISOString(),
    formedAt: team.formedAt ? new Date(team.formedAt).toISOString() : now,
    occurredAt: now,
  };
  return outboxEntry(TASK_EVENTS.teamFormed, createEnvelope(TASK_EVENTS.teamFormed, 'tasks', data));
}

