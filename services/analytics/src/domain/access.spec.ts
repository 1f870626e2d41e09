import { isWithinSubtree, type Caller, type Role } from '@cadre/contracts';
import { ProblemException } from '@cadre/platform';
import type { Department } from '../directory/people-directory';
import { dashboardScope, mayReadCityWide, mayReadPortrait, mayRebuild, scopeKey, shortlistScope, type DepartmentLookup } from './access';

// city → district A → bureau A1; city → district B.
const dept = (id: string, name: string, path: string[]): Department => ({ id, name, parentId: path.at(-2) ?? null, path, version: 1 });
const city = dept('city', '海口市', ['city']);
const a = dept('a', '龙华区', ['city', 'a']);
const a1 = dept('a1', '龙华区发改局', ['city', 'a', 'a1']);
const b = dept('b', '美兰区', ['city', 'b']);
const directory: DepartmentLookup = {
  department: (id) => [city, a, a1, b].find((d) => d.id === id),
  roots: () => [city],
};

const caller = (userId: string, roles: Role[], home: Department): Caller => ({ userId, name: userId, roles, departmentId: home.id, departmentPath: home.path });
const cadre = caller('cadre', ['cadre'], a1);
const reviewerA = caller('reviewer-a', ['reviewer'], a);
const reviewerA1 = caller('reviewer-a1', ['reviewer'], a1);
const reviewerB = caller('reviewer-b', ['reviewer'], b);
const assessor = caller('assessor', ['assessor'], b);
const admin = caller('admin', ['admin'], city);
const publisher = caller('publisher', ['publisher', 'evaluator'], a);

const statusOf = (work: () => unknown): number => {
  try {
    work();
    return 200;
  } catch (error) {
    return (error as ProblemException).problem.status;
  }
};

describe('isWithinSubtree (the one subtree test)', () => {
  it('holds for the department itself and every department below it', () => {
    expect(isWithinSubtree(a.path, 'a')).toBe(true);
    expect(isWithinSubtree(a1.path, 'a')).toBe(true);
    expect(isWithinSubtree(a1.path, 'city')).toBe(true);
  });

  it('fails for a sibling, a department above, and an empty path', () => {
    expect(isWithinSubtree(b.path, 'a')).toBe(false);
    expect(isWithinSubtree(a.path, 'a1')).toBe(false);
    expect(isWithinSubtree([], 'a')).toBe(false);
  });
});

describe('dashboards (overview, departments)', () => {
  it('assessors and admins see the whole city, or any department they name', () => {
    for (const who of [assessor, admin]) {
      expect(mayReadCityWide(who)).toBe(true);
      expect(dashboardScope(directory, who, undefined)).toEqual({ roots: [city], view: { departmentId: 'city', departmentName: '海口市' } });
      expect(dashboardScope(directory, who, 'a1').roots).toEqual([a1]);
    }
  });

  it('a reviewer sees their own subtree, or a department within it', () => {
    expect(dashboardScope(directory, reviewerA, undefined).roots).toEqual([a]);
    expect(dashboardScope(directory, reviewerA, 'a1').view).toEqual({ departmentId: 'a1', departmentName: '龙华区发改局' });
  });

  it('refuses a reviewer a department outside their subtree: a sibling district, or the district above their bureau', () => {
    expect(statusOf(() => dashboardScope(directory, reviewerA, 'b'))).toBe(403);
    expect(statusOf(() => dashboardScope(directory, reviewerB, 'a1'))).toBe(403);
    expect(statusOf(() => dashboardScope(directory, reviewerA1, 'a'))).toBe(403);
  });

  it('refuses the wrong role (a cadre, a publisher) and answers 404 for an unknown department', () => {
    expect(statusOf(() => dashboardScope(directory, cadre, undefined))).toBe(403);
    expect(statusOf(() => dashboardScope(directory, publisher, 'a'))).toBe(403);
    expect(statusOf(() => dashboardScope(directory, admin, 'nowhere'))).toBe(404);
  });

  it('keys a scope by its roots; several roots read as one scope named after all', () => {
    const two: DepartmentLookup = { department: directory.department, roots: () => [a, b] };
    const scope = dashboardScope(two, admin, undefined);
    expect(scope.view).toEqual({ departmentId: '*', departmentName: '龙华区、美兰区' });
    expect(scopeKey(scope)).toBe('a,b');
  });
});

describe('the candidate shortlist', () => {
  it('is for assessors and admins, city-wide or for a department', () => {
    expect(shortlistScope(directory, assessor, undefined).roots).toEqual([city]);
    expect(shortlistScope(directory, admin, 'b').roots).toEqual([b]);
    expect(statusOf(() => shortlistScope(directory, admin, 'nowhere'))).toBe(404);
  });

  it('refuses reviewers, even of the department asked for, and cadres', () => {
    expect(statusOf(() => shortlistScope(directory, reviewerA, 'a'))).toBe(403);
    expect(statusOf(() => shortlistScope(directory, cadre, undefined))).toBe(403);
  });
});

describe('a portrait', () => {
  const person = { id: 'cadre', departmentPath: a1.path };

  it('is for the cadre, reviewers of their subtree, assessors and admins', () => {
    for (const who of [cadre, reviewerA, reviewerA1, assessor, admin]) expect(mayReadPortrait(who, person)).toBe(true);
  });

  it('is for appraisers (考核专员) of their subtree only', () => {
    expect(mayReadPortrait(caller('appraiser-a', ['appraiser'], a), person)).toBe(true);
    expect(mayReadPortrait(caller('appraiser-b', ['appraiser'], b), person)).toBe(false);
  });

  it('is refused to another department’s reviewer and to other roles', () => {
    expect(mayReadPortrait(reviewerB, person)).toBe(false);
    expect(mayReadPortrait(caller('other', ['cadre'], a1), person)).toBe(false);
    expect(mayReadPortrait(publisher, person)).toBe(false);
  });
});

describe('rebuilding the models', () => {
  it('is for admins only', () => {
    expect(mayRebuild(admin)).toBe(true);
    for (const who of [assessor, reviewerA, cadre]) expect(mayRebuild(who)).toBe(false);
  });
});
