import type { Caller } from '@cadre/contracts';
import type { DirectoryReplica, ReplicaUser } from '@cadre/directory';
import type { TaxonomyCatalog } from './taxonomy-catalog';
import { RecordRules } from './record-rules';

const cadre = (id: string, active = true) => ({ _id: id, name: `name of ${id}`, roles: ['cadre'], active }) as unknown as ReplicaUser;
const filer = { userId: 'u1', name: '填报人' } as Caller;

function rules(users: ReplicaUser[]) {
  const reads: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const read = async (id: string) => {
    reads.push(id);
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    return users.find((u) => u._id === id) ?? null;
  };
  // Like a mongoose query: a thenable that may be settled only once.
  const directory = {
    user: (id: string) => {
      let settled = false;
      return {
        then: (resolve: (user: ReplicaUser | null) => unknown, reject: (error: unknown) => unknown) => {
          if (settled) throw new Error('Query was already executed');
          settled = true;
          return read(id).then(resolve, reject);
        },
      };
    },
  } as unknown as DirectoryReplica;
  const taxonomy = { hasItem: async () => true } as unknown as TaxonomyCatalog;
  return { rules: new RecordRules(taxonomy, directory), reads, mostInFlight: () => mostInFlight };
}

describe('RecordRules and the directory', () => {
  const shares = [
    { userId: 'u1', role: 'lead' as const, share: 50 },
    { userId: 'u2', role: 'member' as const, share: 30 },
    { userId: 'u3', role: 'member' as const, share: 20 },
  ];

  it('looks the co-participants up at once, and names them from the same reads', async () => {
    const { rules: r, reads, mostInFlight } = rules([cadre('u2'), cadre('u3')]);
    const people = r.people();
    expect(await r.problems('u1', { participants: shares }, 1, people)).toEqual([]);
    const named = await r.named(filer, shares, people);
    expect(named.map((p) => [p.userId, p.name, p.confirmation])).toEqual([
      ['u1', '填报人', 'confirmed'],
      ['u2', 'name of u2', 'pending'],
      ['u3', 'name of u3', 'pending'],
    ]);
    expect(reads.sort()).toEqual(['u2', 'u3']);
    expect(mostInFlight()).toBe(2);
  });

  it('refuses every co-participant who is not an active cadre, each by its path', async () => {
    const { rules: r } = rules([cadre('u2', false)]);
    expect(await r.problems('u1', { participants: shares }, 1)).toEqual([
      { path: 'participants.1.userId', message: 'must be an active cadre' },
      { path: 'participants.2.userId', message: 'must be an active cadre' },
    ]);
  });

  it('reads the directory afresh for each request', async () => {
    const { rules: r, reads } = rules([cadre('u2'), cadre('u3')]);
    await r.named(filer, shares);
    await r.named(filer, shares);
    expect(reads).toHaveLength(4);
  });
});
