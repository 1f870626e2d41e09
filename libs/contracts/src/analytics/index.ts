export interface RecordCountsReply {
  total: number;
  byItem: Record<string, number>;
}
