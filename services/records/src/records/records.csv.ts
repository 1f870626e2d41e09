import { toCsv, type CsvColumn } from '@cadre/platform';
import type { RecordDocument } from './record.schema';

const STATUS = { draft: '草稿', submitted: '已报送', reviewed: '已审核', verified: '已认定', rejected: '未通过', revoked: '已撤销', discarded: '已作废' } as Record<string, string>;
const IMPACT = { unit: '本单位', district: '区级', city: '市级', province: '省级', national: '国家级' } as Record<string, string>;
const RATING = { excellent: '优秀', good: '良好', pass: '合格', none: '不予认定' } as Record<string, string>;

const COLUMNS: CsvColumn<RecordDocument>[] = [
  ['编号', (r) => r._id],
  ['标题', (r) => r.title],
  ['填报人', (r) => r.cadreName],
  ['填报人编号', (r) => r.cadreId],
  ['填报项', (r) => r.itemCode],
  ['状态', (r) => STATUS[r.status] ?? r.status],
  ['申报影响层级', (r) => IMPACT[r.impactLevel] ?? r.impactLevel],
  ['认定影响层级', (r) => (r.confirmedImpactLevel ? IMPACT[r.confirmedImpactLevel] : '')],
  ['研判等级', (r) => (r.rating ? RATING[r.rating] : '')],
  ['起始日期', (r) => r.periodStart],
  ['截止日期', (r) => r.periodEnd],
  ['参与人', (r) => r.participants.map((p) => `${p.name || p.userId}(${p.share}%)`).join('; ')],
  ['佐证重复', (r) => (r.duplicateEvidence ? '是' : '否')],
  ['报送时间', (r) => (r.submittedAt ? new Date(r.submittedAt).toISOString() : '')],
  ['认定时间', (r) => (r.verifiedAt ? new Date(r.verifiedAt).toISOString() : '')],
];

export function recordsCsv(rows: RecordDocument[]): string {
  return toCsv(COLUMNS, rows);
}
