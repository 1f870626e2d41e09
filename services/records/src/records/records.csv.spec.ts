import type { RecordDocument } from './record.schema';
import { recordsCsv } from './records.csv';

const row = (fields: Partial<RecordDocument>) =>
  ({
    _id: 'r1',
    title: '纪实',
    cadreName: '干部甲',
    cadreId: 'u1',
    itemCode: 'INVEST-03',
    status: 'draft',
    impactLevel: 'city',
    confirmedImpactLevel: null,
    rating: null,
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    participants: [],
    duplicateEvidence: false,
    submittedAt: null,
    verifiedAt: null,
    ...fields,
  }) as unknown as RecordDocument;

describe('records CSV', () => {
  it('shows every status in Chinese, the discarded one included, and the duplicate-evidence flag', () => {
    const csv = recordsCsv([row({ status: 'discarded', duplicateEvidence: true }), row({ _id: 'r2', status: 'reviewed' })]);
    const lines = csv.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean);
    expect(lines[1]).toContain('已作废');
    expect(lines[1]).toMatch(/,是,/);
    expect(lines[2]).toContain('已审核');
  });
});
