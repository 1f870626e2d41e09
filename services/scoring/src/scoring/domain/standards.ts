import { DEFAULT_APPRAISAL_GRADE_POINTS, type ScoringStandard } from '@cadre/contracts';

/**
 * A scoring standard's lifecycle (docs/DOMAIN.md §3): a draft is dry-run (nothing changes) and activated (everything is
 * recomputed under it); activating retires the active one. Each function answers why the step is refused (a
 * conflict), or null when it may go ahead.
 */

export type StandardStatus = 'draft' | 'active' | 'retired';

interface StandardState {
  version: number;
  status: StandardStatus;
}

export function dryRunRefusal(standard: StandardState): string | null {
  return standard.status === 'draft' ? null : `A dry run is for a draft; version ${standard.version} is ${standard.status}.`;
}

/** Asking for an activation: only a draft. */
export function activationRefusal(standard: StandardState): string | null {
  return standard.status === 'draft' ? null : `Only a draft can be activated; version ${standard.version} is ${standard.status}.`;
}

/**
 * Applying a standard (the activation job): a draft, or the active one again (a retried job finishes what it began);
 * never a retired one.
 */
export function applicationRefusal(standard: StandardState): string | null {
  return standard.status === 'retired' ? `Version ${standard.version} is retired.` : null;
}

/** The version a standard parameter names (`'2'`, 2), or null when it names none. */
export function standardVersionOf(version: unknown): number | null {
  const number = typeof version === 'string' || typeof version === 'number' ? Number(version) : NaN;
  return Number.isInteger(number) && number > 0 ? number : null;
}

/**
 * A stored standard's body as the code reads it: a standard stored before grades gave points has no
 * `appraisalGradePoints` and reads with the defaults (as `scoringStandardBody` would parse it), each read its own copy.
 */
export function standardOf(body: Record<string, unknown>): ScoringStandard {
  const standard = body as unknown as ScoringStandard;
  if (standard.appraisalGradePoints) return standard;
  return {
    ...standard,
    appraisalGradePoints: {
      annual: { ...DEFAULT_APPRAISAL_GRADE_POINTS.annual },
      quarterly: { ...DEFAULT_APPRAISAL_GRADE_POINTS.quarterly },
      special: { ...DEFAULT_APPRAISAL_GRADE_POINTS.special },
    },
  };
}
