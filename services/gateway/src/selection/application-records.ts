import { itemName, type ApplicationView, type ProblemFieldError, type RecordDetailView } from '@cadre/contracts';
import { problems } from '@cadre/platform';

/** Who applies (评先评优): a cadre (the caller) or a department (先进集体), as the selection service is handed it. */
export interface Applicant {
  id: string;
  name: string;
  departmentId: string;
  departmentPath: string[];
}

export type ApplicationRecord = ApplicationView['records'][number];

/** A record as read for an application: the record, or why it cannot be read as the caller (hidden, unknown). */
export type RecordRead = { record: RecordDetailView } | { missing: true };

/**
 * Whether a record is the applicant's: a cadre filed it or took part in it; a department's is one of its subtree
 * (the record's department within the applicant department's subtree).
 */
export function isApplicantsRecord(record: RecordDetailView, applicantType: 'cadre' | 'department', applicant: Applicant): boolean {
  if (applicantType === 'department') return record.departmentPath.includes(applicant.id);
  return record.cadreId === applicant.id || record.participants.some((participant) => participant.userId === applicant.id);
}

/**
 * The application's evidence: each listed record must be visible to the caller, verified and the applicant's; 400
 * naming `recordIds.<i>` for every one that is not. Item names from the taxonomy's `names`.
 */
export function applicationRecords(
  reads: RecordRead[],
  applicantType: 'cadre' | 'department',
  applicant: Applicant,
  names: ReadonlyMap<string, string> | undefined,
): ApplicationRecord[] {
  const errors: ProblemFieldError[] = [];
  const records: ApplicationRecord[] = [];
  reads.forEach((read, index) => {
    const path = `recordIds.${index}`;
    if ('missing' in read) return void errors.push({ path, message: 'no such record visible to you' });
    const { record } = read;
    if (record.status !== 'verified') return void errors.push({ path, message: 'is not a verified record (已认定)' });
    if (!isApplicantsRecord(record, applicantType, applicant)) {
      return void errors.push({ path, message: applicantType === 'cadre' ? 'is not a record you filed or took part in' : 'is not a record of the department’s subtree' });
    }
    records.push({ recordId: record.id, title: record.title, itemCode: record.itemCode, itemName: itemName(record.itemCode, names), verifiedAt: record.verifiedAt });
  });
  if (errors.length) throw problems.invalid(errors, '部分佐证纪实不能用于本次申报');
  return records;
}
