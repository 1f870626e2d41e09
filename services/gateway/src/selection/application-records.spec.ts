import type { RecordDetailView } from '@cadre/contracts';
import { applicationRecords, isApplicantsRecord } from './application-records';

const record = (fields: Partial<RecordDetailView>): RecordDetailView =>
  ({
    id: 'r1',
    title: '引进500强企业',
    status: 'verified',
    cadreId: 'u1',
    participants: [],
    departmentId: 'd3',
    departmentPath: ['root', 'd2', 'd3'],
    itemCode: 'INVEST-03',
    verifiedAt: '2026-02-01T00:00:00.000Z',
    ...fields,
  }) as RecordDetailView;
const cadre = { id: 'u1', name: '张伟', departmentId: 'd3', departmentPath: ['root', 'd2', 'd3'] };
const department = { id: 'd2', name: '龙华区', departmentId: 'd2', departmentPath: ['root', 'd2'] };

describe('whose a record is', () => {
  it('a cadre’s: filed by them, or one they took part in', () => {
    expect(isApplicantsRecord(record({}), 'cadre', cadre)).toBe(true);
    expect(isApplicantsRecord(record({ cadreId: 'u2', participants: [{ userId: 'u1' }] as RecordDetailView['participants'] }), 'cadre', cadre)).toBe(true);
    expect(isApplicantsRecord(record({ cadreId: 'u2' }), 'cadre', cadre)).toBe(false);
  });

  it('a department’s: of its subtree', () => {
    expect(isApplicantsRecord(record({ cadreId: 'u2' }), 'department', department)).toBe(true);
    expect(isApplicantsRecord(record({ departmentPath: ['root', 'd9'] }), 'department', department)).toBe(false);
  });
});

describe('an application’s records', () => {
  it('are named with the taxonomy’s items and their verification time', () => {
    const names = new Map([
      ['INVEST', '招商引资'],
      ['INVEST-03', '500强企业引进'],
    ]);
    expect(applicationRecords([{ record: record({}) }], 'cadre', cadre, names)).toEqual([
      { recordId: 'r1', title: '引进500强企业', itemCode: 'INVEST-03', itemName: '招商引资 / 500强企业引进', verifiedAt: '2026-02-01T00:00:00.000Z' },
    ]);
  });

  it('400 naming recordIds.<i> for each one hidden, not verified, or not the applicant’s', () => {
    const reads = [{ record: record({}) }, { missing: true as const }, { record: record({ status: 'reviewed' }) }, { record: record({ cadreId: 'u2' }) }];
    expect(() => applicationRecords(reads, 'cadre', cadre, undefined)).toThrow(
      expect.objectContaining({
        problem: expect.objectContaining({ status: 400, errors: ['recordIds.1', 'recordIds.2', 'recordIds.3'].map((path) => expect.objectContaining({ path })) }),
      }),
    );
  });
});
