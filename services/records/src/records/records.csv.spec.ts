import type { RecordDocument } from './record.schema';
import { recordCsvNames, recordsCsv, type RecordCsvNames } from './records.csv';

const D1 = '5b0b7a4e-0e3f-4a59-9e47-0d7d5f3f0a01';
const U1 = '0f7c3a11-2b2d-4c4e-8f10-111111111111';
const U2 = '0f7c3a11-2b2d-4c4e-8f10-222222222222';

const row = (fields: Partial<RecordDocument>) =>
  ({
    _id: 'a3c1f0a2-8d8e-4f5e-9a0b-3c3c3c3c3c3c',
    title: '纪实',
    cadreName: '干部甲',
    cadreId: U1,
    departmentId: D1,
    itemCode: 'INVEST-03',
    status: 'draft',
    impactLevel: 'city',
    confirmedImpactLevel: null,
    rating: null,
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    participants: [],
    duplicateEvidence: false,
    createdAt: new Date('2026-01-31T17:05:00Z'),
    submittedAt: null,
    verifiedAt: null,
    ...fields,
  }) as unknown as RecordDocument;

const names: RecordCsvNames = {
  department: (id) => (id === D1 ? '龙华区发改局' : undefined),
  person: (id) => (id === U2 ? '李红梅' : undefined),
  items: new Map([
    ['INVEST', '招商引资'],
    ['INVEST-03', '500强企业引进'],
  ]),
};

const parse = (csv: string) => csv.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean);
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('records CSV', () => {
  it('shows every status in Chinese, the discarded one included, and the duplicate-evidence flag', () => {
    const lines = parse(recordsCsv([row({ status: 'discarded', duplicateEvidence: true }), row({ status: 'reviewed' }), row({ status: 'submitted' })], names));
    expect(lines[1]).toContain(',已作废,');
    expect(lines[1]).toMatch(/,是,/);
    expect(lines[2]).toContain(',待研判,');
    expect(lines[3]).toContain(',待审核,');
  });

  it('is written for people: labels, names, item names and Beijing time; the id only in the last column (编号)', () => {
    const verified = row({
      status: 'verified',
      rating: 'excellent',
      confirmedImpactLevel: 'province',
      participants: [
        { userId: U1, name: '干部甲', role: 'lead', share: 60, confirmation: 'confirmed', comment: '' },
        { userId: U2, name: '', role: 'member', share: 40, confirmation: 'disputed', comment: '份额偏低' },
      ],
      submittedAt: new Date('2026-02-01T02:00:00Z'),
      verifiedAt: new Date('2026-03-01T16:30:00Z'),
    });
    const lines = parse(recordsCsv([verified], names));
    expect(lines[0]).toBe('标题,填报人,单位,填报项,状态,申报影响层级,认定影响层级,研判等级,起始日期,截止日期,参与人,佐证重复,创建时间,报送时间,认定时间,编号');
    expect(lines[1]).toBe(
      '纪实,干部甲,龙华区发改局,招商引资 / 500强企业引进,已认定,市级,省级,优秀,2026-01-01,2026-06-30,干部甲（牵头 60%）；李红梅（成员 40%，有异议）,否,2026-02-01 01:05,2026-02-01 10:00,2026-03-02 00:30,a3c1f0a2-8d8e-4f5e-9a0b-3c3c3c3c3c3c',
    );
    expect(lines[1]).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(lines[1]!.replace(/,[^,]*$/, '')).not.toMatch(uuid);
  });

  it('without names: no id where a name belongs, codes only when nothing is known of them', () => {
    const lines = parse(recordsCsv([row({ cadreName: '', itemCode: 'NEW-01', participants: [{ userId: U2, name: '', role: 'member', share: 100, confirmation: 'pending', comment: '' }] })]));
    expect(lines[1]!.replace(/,[^,]*$/, '')).not.toMatch(uuid);
    expect(lines[1]).toContain('（未知人员）（成员 100%，待确认）');
    expect(lines[1]).toContain(',NEW-01,');
  });

  it('recordCsvNames looks each department and unnamed person up once, and takes item names from the current taxonomy', async () => {
    const looked: string[] = [];
    const found = await recordCsvNames([row({}), row({ cadreName: '', participants: [{ userId: U2, name: '', role: 'member', share: 100, confirmation: 'pending', comment: '' }] })], {
      department: async (id) => (looked.push(id), id === D1 ? { name: '龙华区发改局' } : null),
      user: async (id) => (looked.push(id), id === U2 ? { name: '李红梅' } : null),
      taxonomy: async () => ({ items: [{ code: 'INVEST', name: '招商引资（新）', children: [{ code: 'INVEST-03', name: '世界500强引进' }] }] }),
    });
    expect(looked.sort()).toEqual([D1, U1, U2].sort());
    expect(found.department(D1)).toBe('龙华区发改局');
    expect(found.person(U2)).toBe('李红梅');
    expect(found.person(U1)).toBeUndefined();
    expect(found.items.get('INVEST-03')).toBe('世界500强引进');
    expect(found.items.get('PARTY')).toBe('党的建设');
  });
});
