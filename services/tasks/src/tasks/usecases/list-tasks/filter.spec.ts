import { taskListQuery, type Caller } from '@cadre/contracts';
import { boardFilter, boardSort, escapeRegex } from './filter';

const cadre = { userId: 'u1', roles: ['cadre'], departmentId: 'd1' } as unknown as Caller;
const publisher = { userId: 'u2', roles: ['publisher'], departmentId: 'd2' } as unknown as Caller;
const query = (raw: Record<string, unknown>) => taskListQuery.parse(raw);
/** The filter as the JSON mongoose sends (trusted operators are plain objects). */
const json = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the board filter', () => {
  it('escapes every regular-expression metacharacter, so a keyword matches literally', () => {
    const pattern = escapeRegex('a.*+?^${}()|[]\\b');
    expect(new RegExp(pattern).test('a.*+?^${}()|[]\\b')).toBe(true);
    expect(new RegExp(pattern).test('aXXb')).toBe(false);
  });

  it('keeps the keyword beside the drafts rule (both $or kept, under $and)', () => {
    expect(json(boardFilter(publisher, query({ q: 'a.b' })))).toEqual({
      $and: [
        { $or: [{ status: { $ne: 'draft' } }, { departmentPath: 'd2' }] },
        { $or: [{ title: { $regex: 'a\\.b', $options: 'i' } }, { description: { $regex: 'a\\.b', $options: 'i' } }] },
      ],
    });
  });

  it('lists nothing when drafts are asked for by someone who may not list them', () => {
    expect(boardFilter(cadre, query({ status: 'draft', q: 'x' }))).toBeNull();
  });

  it('sorts by the asked field, descending with `-`, then by id', () => {
    expect(boardSort('-rewardPoints')).toEqual({ rewardPoints: -1, _id: 1 });
    expect(boardSort('biddingDeadline')).toEqual({ biddingDeadline: 1, _id: 1 });
  });
});
