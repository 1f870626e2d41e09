import type { CandidateStatus, RoundStatus } from '@cadre/contracts';
import type { MY_CANDIDACY_STATUSES } from '@cadre/contracts';

export type MyCandidacyStatus = (typeof MY_CANDIDACY_STATUSES)[number];

/**
 * What a candidate sees of their own candidacy: nothing before the notice (考察中, whatever was decided); then
 * 公示中 / 未入选 / 已撤回; 已确定 once concluded. Never anything of objections.
 */
export function myCandidacyStatus(round: RoundStatus, candidate: CandidateStatus): MyCandidacyStatus {
  if (round === 'applying' || round === 'inspecting') return 'inspecting';
  if (candidate === 'withdrawn') return 'withdrawn';
  if (candidate === 'selected') return round === 'concluded' ? 'confirmed' : 'in_notice';
  return 'not_selected';
}
