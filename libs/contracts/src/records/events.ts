/** Event types of the records service (stream RECORDS). */
export const RECORD_EVENTS = {
  created: 'records.record.created',
} as const;

export interface RecordCreatedV1 {
  recordId: string;
  version: number;
  cadreId: string;
  departmentPath: string[];
  itemCode: string;
  title: string;
  status: 'draft';
  createdAt: string;
}
