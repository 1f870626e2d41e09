/**
 * Which points a verified or concluded message shows: scoring announces a cadre's points by source
 * (`scoring.score.updated` bySource `record:<id>` / `task:<id>`, hundredths). A message takes them from the newest
 * announcement computed at or after the message's event (an older one may predate a re-verification and hold the
 * reversed points; a few seconds of clock difference between the services are allowed); none yet → null (filled
 * when one comes). Pure.
 */
export const CLOCK_SKEW_MS = 5_000;

export interface KnownScore {
  bySource: Record<string, number>;
  revision: number;
  updatedAt: Date;
}

export function pointsFor(message: { pointsSource: string | null; createdAt: Date }, scores: readonly KnownScore[]): number | null {
  if (!message.pointsSource) return null;
  let best: KnownScore | undefined;
  for (const score of scores) {
    if (score.updatedAt.getTime() < message.createdAt.getTime() - CLOCK_SKEW_MS) continue;
    const points = score.bySource?.[message.pointsSource];
    if (typeof points !== 'number' || !Number.isFinite(points)) continue;
    if (!best || score.revision > best.revision) best = score;
  }
  return best ? best.bySource[message.pointsSource] : null;
}
