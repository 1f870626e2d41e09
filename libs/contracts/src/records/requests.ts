export interface CreateRecordPayload {
  itemCode: string;
  title: string;
  description?: string;
}

export interface RecordView {
  id: string;
  version: number;
  cadreId: string;
  itemCode: string;
  title: string;
  description: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}
