import { beijingDateTime } from '@cadre/contracts';

/** What people read: Beijing time (UTC+8), `2026-12-03 09:30` (the contracts' one formatter). */
export function beijingTime(iso: string): string {
  return beijingDateTime(iso);
}

/** Points in hundredths as people read them: `+12.50`, `-3.00`, `0.00`. */
export function formatPoints(hundredths: number): string {
  const sign = hundredths > 0 ? '+' : hundredths < 0 ? '-' : '';
  return `${sign}${(Math.abs(hundredths) / 100).toFixed(2)}`;
}

/** Where the console opens an object. */
export const links = {
  record: (id: string) => `/records/${id}`,
  task: (id: string) => `/tasks/${id}`,
  team: (id: string) => `/tasks/teams/${id}`,
  /** The cadre's own department's sheet of the cycle (the console's 考核评定 page). */
  appraisalSheet: (cycleId: string, departmentId: string) => `/appraisal/sheet?cycleId=${encodeURIComponent(cycleId)}&departmentId=${encodeURIComponent(departmentId)}`,
  /** The cadre's own appraisals (我的考评). */
  myAppraisal: () => '/appraisal/mine',
  /** My candidacies, applications and objections (选人用人). */
  mySelection: () => '/selection/mine',
  appeal: (id: string) => `/selection/appeals/${id}`,
  inbox: () => '/',
};
