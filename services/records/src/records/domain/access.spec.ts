import { isWithinSubtree, type Caller, type Role } from '@cadre/contracts';
import {
  canSee,
  listScope,
  mayAnswerShare,
  mayAssess,
  mayDelete,
  mayEdit,
  mayFile,
  mayPublishTaxonomy,
  mayReview,
  mayRevoke,
  maySubmit,
  mayWithdraw,
  mayTakePart,
  scopeFilter,
} from './access';

// Department tree: city → district-a → bureau-1; city → district-b.
const A1 = ['city', 'district-a', 'bureau-1'];
const A = ['city', 'district-a'];
const B = ['city', 'district-b'];
const record = { cadreId: 'filer', departmentPath: A1, participantIds: ['filer', 'member'] };

const caller = (userId: string, roles: Role[], departmentPath: string[]): Caller => ({
  userId,
  name: userId,
  roles,
  departmentId: departmentPath[departmentPath.length - 1],
  departmentPath,
});

const filer = caller('filer', ['cadre'], A1);
const member = caller('member', ['cadre'], B);
const colleague = caller('colleague', ['cadre'], A1);
const reviewerA = caller('rev-a', ['reviewer'], A);
const reviewerB = caller('rev-b', ['reviewer'], B);
const assessor = caller('assessor', ['assessor'], ['city']);
const admin = caller('admin', ['admin'], ['city']);

const reasonOf = (decision: { allowed: boolean; reason?: string }) => (decision.allowed ? 'allowed' : decision.reason);

describe('seeing a record', () => {
  it('lets the filer and co-participants see it wherever they work', () => {
    expect(canSee(filer, record)).toBe(true);
    expect(canSee(member, record)).toBe(true);
  });

  it('hides it from a colleague of the same bureau who takes no part', () => {
    expect(canSee(colleague, record)).toBe(false);
  });

  it('lets reviewers see their department subtree only', () => {
    expect(canSee(reviewerA, record)).toBe(true);
    expect(canSee(caller('rev-a1', ['reviewer'], A1), record)).toBe(true);
    expect(canSee(reviewerB, record)).toBe(false);
  });

  it('lets assessors and admins see everything', () => {
    expect(canSee(assessor, record)).toBe(true);
    expect(canSee(caller('assessor-b', ['assessor'], B), record)).toBe(true);
    expect(canSee(admin, record)).toBe(true);
  });
});

describe('filing, editing and submitting', () => {
  it('lets cadres file, nobody else', () => {
    expect(mayFile(filer)).toEqual({ allowed: true });
    for (const other of [reviewerA, assessor, admin]) expect(reasonOf(mayFile(other))).toBe('Only cadres file records.');
  });

  it('lets the filer edit and submit, not a co-participant, a colleague, a reviewer or an admin', () => {
    expect(mayEdit(filer, record)).toEqual({ allowed: true });
    expect(maySubmit(filer, record)).toEqual({ allowed: true });
    for (const other of [member, colleague, reviewerA, admin]) {
      expect(reasonOf(mayEdit(other, record))).toBe('Only the filer edits a record.');
      expect(reasonOf(maySubmit(other, record))).toBe('Only the filer submits a record.');
    }
  });

  it('lets the filer alone withdraw a submission and delete a draft', () => {
    expect(mayWithdraw(filer, record)).toEqual({ allowed: true });
    expect(mayDelete(filer, record)).toEqual({ allowed: true });
    for (const other of [member, colleague, reviewerA, assessor, admin]) {
      expect(reasonOf(mayWithdraw(other, record))).toBe('Only the filer withdraws a record.');
      expect(reasonOf(mayDelete(other, record))).toBe('Only the filer deletes a record.');
    }
  });
});

describe('review', () => {
  it('lets a reviewer of the filer’s department subtree review', () => {
    expect(mayReview(reviewerA, record)).toEqual({ allowed: true });
    expect(mayReview(caller('rev-city', ['reviewer'], ['city']), record)).toEqual({ allowed: true });
  });

  it('refuses a reviewer of another department', () => {
    expect(reasonOf(mayReview(reviewerB, record))).toBe('The record is outside your department.');
  });

  it('refuses without the reviewer role, whatever the department', () => {
    expect(reasonOf(mayReview(caller('x', ['cadre'], A), record))).toBe('Only reviewers review records.');
    expect(reasonOf(mayReview(assessor, record))).toBe('Only reviewers review records.');
    expect(reasonOf(mayReview(admin, record))).toBe('Only reviewers review records.');
  });

  it('refuses a reviewer who filed or takes part', () => {
    expect(reasonOf(mayReview(caller('member', ['reviewer', 'cadre'], A), record))).toBe('Nobody reviews a record they filed or take part in.');
    expect(reasonOf(mayReview(caller('filer', ['reviewer', 'cadre'], A1), record))).toBe('Nobody reviews a record they filed or take part in.');
  });
});

describe('assessment', () => {
  it('lets assessors assess city-wide', () => {
    expect(mayAssess(assessor, record)).toEqual({ allowed: true });
    expect(mayAssess(caller('assessor-b', ['assessor'], B), record)).toEqual({ allowed: true });
  });

  it('refuses without the assessor role', () => {
    for (const other of [reviewerA, admin, filer]) expect(reasonOf(mayAssess(other, record))).toBe('Only assessors assess records.');
  });

  it('never lets an assessor assess a record they filed or take part in', () => {
    expect(reasonOf(mayAssess(caller('filer', ['assessor', 'cadre'], ['city']), record))).toBe('Nobody assesses a record they filed or take part in.');
    expect(reasonOf(mayAssess(caller('member', ['assessor', 'cadre'], B), record))).toBe('Nobody assesses a record they filed or take part in.');
  });
});

describe('revocation and the taxonomy', () => {
  it('lets administrators revoke, from any department', () => {
    expect(mayRevoke(admin)).toEqual({ allowed: true });
    expect(mayRevoke(caller('admin-b', ['admin'], B))).toEqual({ allowed: true });
  });

  it('refuses the filer, the reviewer and the assessor', () => {
    for (const other of [filer, reviewerA, assessor]) expect(reasonOf(mayRevoke(other))).toBe('Only administrators revoke records.');
  });

  it('lets administrators alone publish the taxonomy (a request without a caller included)', () => {
    expect(mayPublishTaxonomy(admin)).toEqual({ allowed: true });
    for (const other of [filer, reviewerA, assessor, undefined]) expect(reasonOf(mayPublishTaxonomy(other))).toBe('Only administrators publish the taxonomy.');
  });
});

describe('answering a share', () => {
  it('lets a listed co-participant answer, from another department too', () => {
    expect(mayAnswerShare(member, record)).toEqual({ allowed: true });
  });

  it('refuses the filer (their share is theirs to edit), a colleague and a reviewer', () => {
    for (const other of [filer, colleague, reviewerA, admin]) {
      expect(reasonOf(mayAnswerShare(other, record))).toBe('Only a listed co-participant confirms or disputes a share.');
    }
  });

  it('names only active cadres as co-participants', () => {
    expect(mayTakePart({ active: true, roles: ['cadre'] })).toBe(true);
    expect(mayTakePart({ active: true, roles: ['reviewer', 'cadre'] })).toBe(true);
    expect(mayTakePart({ active: false, roles: ['cadre'] })).toBe(false);
    expect(mayTakePart({ active: true, roles: ['reviewer'] })).toBe(false);
    expect(mayTakePart(null)).toBe(false);
  });
});

describe('list scope', () => {
  it('lists everything for assessors and admins', () => {
    expect(listScope(assessor)).toEqual({ all: true });
    expect(listScope(admin)).toEqual({ all: true });
    expect(scopeFilter(listScope(admin))).toEqual({});
  });

  it('lists a cadre’s own records and those they take part in', () => {
    expect(listScope(member)).toEqual({ all: false, userId: 'member', departmentId: undefined });
    expect(scopeFilter(listScope(member))).toEqual({ $or: [{ cadreId: 'member' }, { participantIds: 'member' }] });
  });

  it('adds the reviewer’s department subtree, and only theirs', () => {
    expect(scopeFilter(listScope(reviewerB))).toEqual({ $or: [{ cadreId: 'rev-b' }, { participantIds: 'rev-b' }, { departmentPath: 'district-b' }] });
  });

  it('matches canSee: what the filter admits is what the caller may see', () => {
    const admits = (who: Caller) => {
      const scope = listScope(who);
      return scope.all || record.cadreId === scope.userId || record.participantIds.includes(scope.userId) || (!!scope.departmentId && isWithinSubtree(record.departmentPath, scope.departmentId));
    };
    for (const who of [filer, member, colleague, reviewerA, reviewerB, assessor, admin]) expect(admits(who)).toBe(canSee(who, record));
  });
});
