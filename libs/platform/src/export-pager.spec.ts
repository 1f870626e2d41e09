import { afterPosition, decodeCursor, encodeCursor, exportPageSize } from './export-pager';
import { ProblemException } from './problem';

/** The filter as plain data (mongoose.trusted only marks objects). */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('export paging', () => {
  it('takes the page size from EXPORT_PAGE_SIZE within 1 to 5,000, else 1,000', () => {
    expect(exportPageSize({})).toBe(1000);
    expect(exportPageSize({ EXPORT_PAGE_SIZE: '7' })).toBe(7);
    expect(exportPageSize({ EXPORT_PAGE_SIZE: '0' })).toBe(1000);
    expect(exportPageSize({ EXPORT_PAGE_SIZE: 'x' })).toBe(1000);
    expect(exportPageSize({ EXPORT_PAGE_SIZE: '99999' })).toBe(5000);
  });

  it('round-trips a cursor of a date, a string, a number and a missing value', () => {
    const at = new Date('2026-12-04T05:00:00.000Z');
    expect(decodeCursor(encodeCursor({ field: 'createdAt', direction: -1 }, { _id: 'a', createdAt: at }))).toEqual({ value: at, id: 'a' });
    expect(decodeCursor(encodeCursor({ field: 'title', direction: 1 }, { _id: 'b', title: '招商' }))).toEqual({ value: '招商', id: 'b' });
    expect(decodeCursor(encodeCursor({ field: 'rewardPoints', direction: 1 }, { _id: 'c', rewardPoints: 12 }))).toEqual({ value: 12, id: 'c' });
    expect(decodeCursor(encodeCursor({ field: 'submittedAt', direction: 1 }, { _id: 'd' }))).toEqual({ value: null, id: 'd' });
  });

  it('refuses a cursor that is not one of ours with a 400 naming cursor', () => {
    for (const bad of ['nonsense', Buffer.from('{"v":1}').toString('base64url'), Buffer.from('{"v":{"d":"x"},"id":"a"}').toString('base64url')]) {
      try {
        decodeCursor(bad);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(ProblemException);
        expect((error as ProblemException).problem).toMatchObject({ status: 400, errors: [{ path: 'cursor' }] });
      }
    }
  });

  it('starts after the position: later values, or the same value with a later id (nulls first ascending, last descending)', () => {
    expect(plain(afterPosition({ field: 'title', direction: 1 }, { value: 'm', id: 'x' }))).toEqual({ $or: [{ title: { $gt: 'm' } }, { title: 'm', _id: { $gt: 'x' } }] });
    expect(plain(afterPosition({ field: 'title', direction: -1 }, { value: 'm', id: 'x' }))).toEqual({ $or: [{ title: { $lt: 'm' } }, { title: 'm', _id: { $gt: 'x' } }, { title: null }] });
    expect(plain(afterPosition({ field: 'submittedAt', direction: 1 }, { value: null, id: 'x' }))).toEqual({ $or: [{ submittedAt: null, _id: { $gt: 'x' } }, { submittedAt: { $ne: null } }] });
    expect(plain(afterPosition({ field: 'submittedAt', direction: -1 }, { value: null, id: 'x' }))).toEqual({ submittedAt: null, _id: { $gt: 'x' } });
  });
});
