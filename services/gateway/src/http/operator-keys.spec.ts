import { operatorKeyErrors } from './operator-keys';

describe('operatorKeyErrors', () => {
  it('finds operator objects and dotted keys at any depth, in arrays too', () => {
    const body = { title: 'x', participants: [{ userId: { $gt: '' } }], meta: { 'a.b': 1 }, $where: 'sleep(1)' };
    expect(operatorKeyErrors(body).map((e) => e.path)).toEqual(['participants.0.userId.$gt', 'meta.a.b', '$where']);
  });

  it('accepts ordinary data, including $ inside values', () => {
    expect(operatorKeyErrors({ title: '$100 招商', tags: ['a', 'b'], n: 1 })).toEqual([]);
  });
});
