import { randomBytes } from 'node:crypto';
import { DEFAULT_SURVEY_CRITERIA } from '@cadre/contracts';
import { addBallot, scoreErrors, voterHash } from './ballot';

const all = (answer: 'good' | 'fairly_good' | 'average' | 'poor') => Object.fromEntries(DEFAULT_SURVEY_CRITERIA.map((c) => [c.code, answer]));

describe('scoreErrors', () => {
  it('names each missing criterion and each unknown code as scores.<code>', () => {
    const { de: _de, ...rest } = all('good');
    void _de;
    expect(scoreErrors(DEFAULT_SURVEY_CRITERIA, { ...rest, zz: 'good' }).map((e) => e.path)).toEqual(['scores.de', 'scores.zz']);
    expect(scoreErrors(DEFAULT_SURVEY_CRITERIA, all('poor'))).toEqual([]);
  });
});

describe('addBallot', () => {
  it('adds only sums, and keeps the voters sorted whatever the order of the ballots', () => {
    const one = addBallot(null, { scores: all('good'), satisfaction: 'satisfied' }, 'bbb');
    const two = addBallot(one, { scores: { ...all('average'), ji: 'poor' }, satisfaction: 'dissatisfied' }, 'aaa');
    expect(two.count).toBe(2);
    expect(two.voters).toEqual(['aaa', 'bbb']);
    expect(two.answers.de).toEqual({ good: 1, fairly_good: 0, average: 1, poor: 0 });
    expect(two.answers.ji).toEqual({ good: 1, fairly_good: 0, average: 0, poor: 1 });
    expect(two.satisfaction).toEqual({ satisfied: 1, basically_satisfied: 0, dissatisfied: 1 });
    expect(one.count).toBe(1); // the tally read is not changed in place
    expect(Object.keys(two).sort()).toEqual(['answers', 'count', 'satisfaction', 'voters']);
  });
});

describe('voterHash', () => {
  it('is stable under one key, differs under another, and is not the plain hash of the id', () => {
    const key = randomBytes(32).toString('base64');
    expect(voterHash(key, 'u1')).toBe(voterHash(key, 'u1'));
    expect(voterHash(key, 'u1')).not.toBe(voterHash(key, 'u2'));
    expect(voterHash(randomBytes(32).toString('base64'), 'u1')).not.toBe(voterHash(key, 'u1'));
    expect(voterHash(key, 'u1')).toMatch(/^[0-9a-f]{64}$/);
  });
});
