import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { Caller, ProblemFieldError } from '@cadre/contracts';
import { fieldErrors, problems } from '@cadre/platform';
import { DirectoryReplica, type ReplicaUser } from '@cadre/directory';
import type { Participant } from './record.schema';
import { TaxonomyCatalog } from './taxonomy-catalog';
import { mayTakePart } from './domain/access';
import { normaliseParticipants, participantProblems, type ParticipantShare } from './domain/participants';
import { periodEndProblem } from './domain/period';

/** What the content rules look at; each is checked only when its inputs are well-formed (the schema names the rest). */
export interface CheckedContent {
  itemCode?: unknown;
  periodStart?: unknown;
  periodEnd?: unknown;
  participants?: ParticipantShare[];
}

const ITEM_CODE = /^[A-Z]+-\d{2}$/;
const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The directory as one request sees it: each user read once, however many rules and names need them. Start one
 * per request (`RecordRules.people()`), never share it across requests: a user's standing may change between them.
 */
export class People {
  private readonly read = new Map<string, Promise<ReplicaUser | null>>();

  constructor(private readonly directory: DirectoryReplica) {}

  user(id: string): Promise<ReplicaUser | null> {
    let found = this.read.get(id);
    if (!found) {
      found = Promise.resolve(this.directory.user(id)); // a mongoose query runs once per `then`: settle it once
      this.read.set(id, found);
    }
    return found;
  }
}

/** The rules of a record's content that need data: the taxonomy and the directory. */
@Injectable()
export class RecordRules {
  constructor(
    @Inject(TaxonomyCatalog) private readonly taxonomy: TaxonomyCatalog,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  /**
   * Parses with the contract schema and checks the rules that need data (taxonomy, period order, shares, known
   * cadres) in the same pass, so one 400 names every offending field.
   */
  async parse<S extends z.ZodType>(schema: S, payload: unknown, filerId: string, taxonomyVersion?: number, people = this.people()): Promise<z.infer<S>> {
    const parsed = schema.safeParse(payload);
    const schemaErrors = parsed.success ? [] : fieldErrors(parsed.error);
    const raw = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const participants = Array.isArray(raw.participants) ? (raw.participants as ParticipantShare[]) : undefined;
    const ruleErrors = await this.problems(
      filerId,
      { itemCode: raw.itemCode, periodStart: raw.periodStart, periodEnd: raw.periodEnd, participants: participants ? normaliseParticipants(filerId, participants) : undefined },
      taxonomyVersion,
      people,
    );
    const taken = new Set(schemaErrors.map((e) => e.path));
    const errors = [...schemaErrors, ...ruleErrors.filter((e) => !taken.has(e.path) && ![...taken].some((path) => path.startsWith(`${e.path}.`)))];
    if (errors.length || !parsed.success) throw problems.invalid(errors);
    return parsed.data;
  }

  /** The rule problems of content filed by `filerId` under taxonomy `taxonomyVersion` (the current one unless given). */
  async problems(filerId: string, content: CheckedContent, taxonomyVersion?: number, people = this.people()): Promise<ProblemFieldError[]> {
    const errors: ProblemFieldError[] = [];
    if (typeof content.itemCode === 'string' && ITEM_CODE.test(content.itemCode) && !(await this.taxonomy.hasItem(content.itemCode, taxonomyVersion))) {
      errors.push({ path: 'itemCode', message: 'is not a second-level item of the taxonomy' });
    }
    if (isDate(content.periodStart) && isDate(content.periodEnd) && content.periodEnd < content.periodStart) {
      errors.push({ path: 'periodEnd', message: 'must not be before periodStart' });
    } else if (isDate(content.periodEnd)) {
      const tooLate = periodEndProblem(content.periodEnd, new Date());
      if (tooLate) errors.push(tooLate);
    }
    const given = content.participants;
    const participants = given?.filter((p) => p && typeof p.userId === 'string' && typeof p.share === 'number');
    if (given && participants && participants.length === given.length) {
      errors.push(...participantProblems(filerId, participants));
      const others = await Promise.all(participants.map((p) => (p.userId === filerId ? undefined : people.user(p.userId))));
      others.forEach((other, index) => {
        if (other !== undefined && !mayTakePart(other)) errors.push({ path: `participants.${index}.userId`, message: 'must be an active cadre' });
      });
    }
    return errors;
  }

  /** A fresh view of the directory for one request: pass it to `parse`/`problems` and `named` to read each user once. */
  people(): People {
    return new People(this.directory);
  }

  /** The participants as stored: named from the directory, the filer's share confirmed, the others pending. */
  async named(who: Caller, participants: ParticipantShare[], people = this.people()): Promise<Participant[]> {
    return Promise.all(
      participants.map(async (p) => ({
        userId: p.userId,
        name: p.userId === who.userId ? who.name : ((await people.user(p.userId))?.name ?? ''),
        role: p.role,
        share: p.share,
        confirmation: p.userId === who.userId ? ('confirmed' as const) : ('pending' as const),
        comment: '',
      })),
    );
  }
}
