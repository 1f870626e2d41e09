/** The "recompute cadre X" job (enqueued by every event that moved the cadre's entries, and by an activation). */
export interface RecomputeCadreCommand {
  cadreId: string;
}
