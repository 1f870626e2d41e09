import { Inject, Injectable } from '@nestjs/common';
import { beijingDate, outcomeListQuery, type Caller, type MySelectionView, type NoticeView, type OutcomeView } from '@cadre/contracts';
import { validate } from '@cadre/platform';
import { PeopleIndex } from '../people/people-index';
import { APPLICATIONS_PORT, type ApplicationsPort } from '../applications/applications.port';
import { RoundsReader } from './rounds-data.module';
import type { RoundDocument } from './round.schema';
import { requireOrganisation, withinRound } from './domain/access';
import { outcomeMatches, outcomesOf } from './domain/outcomes';
import { myCandidacyView, myObjectionView, noticeView, outcomeView } from './views';

/** Concluded notices stay listed this long. */
const RECENT_MS = 30 * 86_400_000;

/** What people read across rounds: the notices (everyone), their own part (`mine`), the outcomes (the organisation department). */
@Injectable()
export class SelectionReads {
  constructor(
    @Inject(RoundsReader) private readonly rounds: RoundsReader,
    @Inject(PeopleIndex) private readonly people: PeopleIndex,
    @Inject(APPLICATIONS_PORT) private readonly applications: ApplicationsPort,
  ) {}

  /** The notices running, and those concluded within 30 days: public fields only. */
  async notices(): Promise<{ items: NoticeView[] }> {
    const now = new Date();
    const recent = (r: RoundDocument) => r.status === 'notice' || (r.status === 'concluded' && !!r.concludedAt && now.getTime() - new Date(r.concludedAt).getTime() <= RECENT_MS);
    return { items: (await this.rounds.all()).flatMap((r) => (r.notice && recent(r) ? [noticeView(r, r.notice, now)] : [])) };
  }

  async mine(caller: Caller): Promise<MySelectionView> {
    const entry = await this.people.of(caller.userId);
    const objectionKeys = entry.objections.map((key) => key.split(':') as [string, string]);
    const [candidacyRounds, objectionRounds, applications, all] = await Promise.all([
      this.rounds.many(entry.candidacies),
      this.rounds.many(objectionKeys.map(([roundId]) => roundId)),
      entry.applications.length ? this.applications.byKeys(entry.applications) : Promise.resolve([]),
      this.rounds.all(),
    ]);
    const candidacies = candidacyRounds.flatMap((round) => {
      const candidate = round.candidates.find((c) => c.candidateId === caller.userId);
      return candidate ? [myCandidacyView(round, candidate)] : [];
    });
    const byRound = new Map(objectionRounds.map((r) => [r._id, r]));
    const objections = objectionKeys.flatMap(([roundId, objectionId]) => {
      const round = byRound.get(roundId);
      const objection = round?.objections.find((o) => o.id === objectionId && o.filedBy.id === caller.userId);
      return round && objection ? [myObjectionView(round, objection)] : [];
    });
    const today = beijingDate(new Date());
    const openAwards = all
      .flatMap((r) =>
        r.kind === 'award' && r.status === 'applying' && r.applyUntil && r.applyUntil >= today && withinRound(r.departmentIds, caller.departmentPath)
          ? [{ roundId: r._id, name: r.name, applyUntil: r.applyUntil, awards: r.positions.map((p) => ({ name: p.name, count: p.count })) }]
          : [],
      );
    return { candidacies, applications, objections, openAwards };
  }

  async outcomes(caller: Caller, payload: unknown): Promise<{ items: OutcomeView[]; total: number }> {
    requireOrganisation(caller, '查看选任结果');
    const query = validate(outcomeListQuery, payload ?? {});
    const items = (await this.rounds.all())
      .flatMap(outcomesOf)
      .filter((o) => outcomeMatches(o, query))
      .sort((a, b) => b.concludedAt.getTime() - a.concludedAt.getTime())
      .map(outcomeView);
    return { items, total: items.length };
  }
}
