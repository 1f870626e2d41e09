import { conflictedEvaluators, isConflicted, reviewersExpected } from './conflicts';

// city ─┬─ district-a ─┬─ bureau-1
//       │              └─ bureau-2
//       └─ district-b
const city = ['city'];
const districtA = ['city', 'district-a'];
const bureau1 = ['city', 'district-a', 'bureau-1'];
const bureau2 = ['city', 'district-a', 'bureau-2'];
const districtB = ['city', 'district-b'];

describe('isConflicted', () => {
  it('conflicts an evaluator of the same department as a member', () => {
    expect(isConflicted({ departmentPath: bureau1 }, [districtB, bureau1])).toBe(true);
  });

  it('conflicts an evaluator whose department oversees a member’s', () => {
    expect(isConflicted({ departmentPath: districtA }, [bureau2])).toBe(true);
    expect(isConflicted({ departmentPath: city }, [districtB])).toBe(true);
  });

  it('does not conflict an evaluator below or beside every member’s department', () => {
    expect(isConflicted({ departmentPath: bureau1 }, [districtA])).toBe(false); // member above the evaluator
    expect(isConflicted({ departmentPath: bureau1 }, [bureau2, districtB, city])).toBe(false);
    expect(isConflicted({ departmentPath: districtB }, [bureau1, bureau2])).toBe(false);
  });

  it('conflicts an evaluator who is a member of the team', () => {
    expect(isConflicted({ userId: 'e1', departmentPath: districtB }, [bureau1], ['m1', 'e1'])).toBe(true);
    expect(isConflicted({ userId: 'e1', departmentPath: districtB }, [bureau1], ['m1'])).toBe(false);
  });

  it('does not conflict without members, and an evaluator without a department only by membership', () => {
    expect(isConflicted({ departmentPath: bureau1 }, [])).toBe(false);
    expect(isConflicted({ userId: 'e1', departmentPath: [] }, [bureau1])).toBe(false);
    expect(isConflicted({ userId: 'e1', departmentPath: [] }, [bureau1], ['e1'])).toBe(true);
  });
});

describe('conflictedEvaluators', () => {
  it('lists the conflicted evaluators in the order given', () => {
    const evaluators = [
      { userId: 'e-b', departmentPath: districtB },
      { userId: 'e-a', departmentPath: districtA },
      { userId: 'e-2', departmentPath: bureau2 },
      { userId: 'e-1', departmentPath: bureau1 },
    ];
    const members = [
      { userId: 'lead', departmentPath: bureau1 },
      { userId: 'e-b', departmentPath: districtB }, // an evaluator on the team
    ];
    expect(conflictedEvaluators(evaluators, members)).toEqual(['e-b', 'e-a', 'e-1']);
  });
});

describe('reviewersExpected', () => {
  it('is the assigned evaluators who are not conflicted, in order, each once', () => {
    expect(reviewersExpected(['e1', 'e2', 'e3', 'e4'], ['e2', 'e4'])).toEqual(['e1', 'e3']);
    expect(reviewersExpected(['e1', 'e2', 'e1'], new Set<string>())).toEqual(['e1', 'e2']);
  });

  it('ignores conflicted ids that are not assigned, and may be empty', () => {
    expect(reviewersExpected(['e1'], ['x', 'e1'])).toEqual([]);
    expect(reviewersExpected([], ['x'])).toEqual([]);
  });
});
