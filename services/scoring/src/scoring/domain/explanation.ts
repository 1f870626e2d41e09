import { CYCLE_KIND_LABELS, GRADE_LABELS, IMPACT_LEVEL_LABELS, RATING_LABELS, TASK_FLAG_LABELS, TASK_VERDICT_LABELS, itemName, labelOf } from '@cadre/contracts';
import { formatHundredths } from './points';

/**
 * Why a ledger entry holds its points, as structured facts (stored with the entry) and as the Chinese sentence
 * people read (rendered from them on every read, so the wording can improve without rewriting the ledger):
 *
 *   纪实《引进500强企业》：招商引资 / 500强企业引进 市级 ×2，评定 良好 ×1.2 = 19.20（基础 8）；贡献度 80% 按分工 50% → 7.68
 *   任务《化解历史遗留问题》：奖励 100 ×1.5（急难险重：难），攻坚队 评审 优秀 ×1.2 = 180.00；牵头人加分 10% → 18.00
 *   考核《2026年度考核》：年度考核 优秀 → 10.00
 *   撤销（佐证材料不实）：冲减参与度 3.84；原计分：纪实《…》…
 *   等次退回（材料不全）：冲减考核等次积分 10.00；原计分：考核《2026年度考核》：年度考核 优秀 → 10.00
 *
 * Only numbers, `×`, `%`, `→` and the source's own words (its title, a team's name, a reason) are not Chinese; an item
 * the default taxonomy does not name is shown by its first-level name, or by its code when neither is known (scoring
 * keeps no copy of the records service's taxonomy versions).
 */

/** The parts as they are named in a reversal. */
const PART_LABELS: Record<string, string> = { participation: '参与度', contribution: '贡献度', bonus: '牵头人加分', appraisal: '考核等次积分' };

/** A record's item: `招商引资 / 500强企业引进`; the first-level name when the second level is unknown; the code otherwise. */
export function itemLabel(itemCode: string, firstLevelCode: string): string {
  const second = itemName(itemCode);
  if (second !== itemCode) return second;
  const first = itemName(firstLevelCode);
  return first && first !== firstLevelCode ? first : itemCode;
}

/** How a verified record's points were computed (before they are split). */
export interface RecordBasis {
  kind: 'record';
  title: string;
  itemCode: string;
  firstLevelCode: string;
  /** The impact level counted (the assessor's confirmed one, else the claimed one). */
  impactLevel: string;
  impactMultiplier: number;
  rating: string;
  ratingMultiplier: number;
  base: number;
  /** The record's points, in hundredths. */
  hundredths: number;
}

/** How a concluded task's points were computed for one awarded team (before they are split). */
export interface TaskBasis {
  kind: 'task';
  title: string;
  rewardPoints: number;
  flags: string[];
  /** The 急难险重 multiplier, null when the task has no flag. */
  flagMultiplier: number | null;
  /** The team, when it was judged on its own (races: per-team verdicts); null otherwise. */
  teamName: string | null;
  verdict: string;
  verdictMultiplier: number;
  /** The team's points, in hundredths. */
  hundredths: number;
}

/** The points a confirmed appraisal grade (考核等次) gave, by the standard's `appraisalGradePoints`. */
export interface AppraisalBasis {
  kind: 'appraisal';
  /** The cycle's name. */
  title: string;
  cycleKind: string;
  grade: string;
  /** The grade's points, in hundredths. */
  hundredths: number;
}

/** The part of the points an entry is (a grade's points are not split: the cadre's own). */
export type EntryShare =
  | { part: 'participation'; fraction: number; among: number }
  | { part: 'contribution'; fraction: number; share: number }
  | { part: 'bonus'; fraction: number }
  | { part: 'appraisal' };

/** The facts behind an entry; a reversal's are those of the entry it reverses, with the revocation (or the return). */
export interface EntryFacts {
  basis: RecordBasis | TaskBasis | AppraisalBasis;
  share: EntryShare;
  /** The (original) entry's hundredths. */
  hundredths: number;
  reversal?: { kind: 'revoked' | 'reopened' | 'returned'; reason: string };
}

/** `×2`, `×1.2`, `×0.3`. */
function times(multiplier: number): string {
  return `×${Number(multiplier.toPrecision(12))}`;
}

/** `0.2` → `20%`. */
function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}

function quoted(title: string): string {
  const text = title.trim();
  return text ? `《${text}》` : '';
}

/**
 * The computation of a source's points: `纪实《…》：… = 19.20（基础 8）`, `任务《…》：奖励 100 … = 150.00`,
 * `考核《2026年度考核》：年度考核 优秀 → 10.00`.
 */
export function explainBasis(basis: RecordBasis | TaskBasis | AppraisalBasis): string {
  if (basis.kind === 'appraisal') {
    return `考核${quoted(basis.title)}：${labelOf(CYCLE_KIND_LABELS, basis.cycleKind)} ${labelOf(GRADE_LABELS, basis.grade)} → ${formatHundredths(basis.hundredths)}`;
  }
  if (basis.kind === 'record') {
    return (
      `纪实${quoted(basis.title)}：${itemLabel(basis.itemCode, basis.firstLevelCode)} ${labelOf(IMPACT_LEVEL_LABELS, basis.impactLevel)} ${times(basis.impactMultiplier)}，` +
      `评定 ${labelOf(RATING_LABELS, basis.rating)} ${times(basis.ratingMultiplier)} = ${formatHundredths(basis.hundredths)}（基础 ${Number(basis.base.toPrecision(12))}）`
    );
  }
  const flags = basis.flagMultiplier !== null && basis.flags.length > 0 ? ` ${times(basis.flagMultiplier)}（急难险重：${basis.flags.map((f) => labelOf(TASK_FLAG_LABELS, f)).join('、')}）` : '';
  const team = basis.teamName ? `${basis.teamName} ` : '';
  return (
    `任务${quoted(basis.title)}：奖励 ${Number(basis.rewardPoints.toPrecision(12))}${flags}，` +
    `${team}评审 ${labelOf(TASK_VERDICT_LABELS, basis.verdict)} ${times(basis.verdictMultiplier)} = ${formatHundredths(basis.hundredths)}`
  );
}

/** The part an entry is: `参与度 20% 由 3 人均分 → 1.28`, `贡献度 80% 按分工 50% → 7.68`, `牵头人加分 10% → 15.00`. */
export function explainShare(share: EntryShare, hundredths: number): string {
  const amount = formatHundredths(hundredths);
  switch (share.part) {
    case 'participation':
      return `参与度 ${percent(share.fraction)} ${share.among <= 1 ? '独得' : `由 ${share.among} 人均分`} → ${amount}`;
    case 'contribution':
      return `贡献度 ${percent(share.fraction)} 按分工 ${Number(share.share.toPrecision(12))}% → ${amount}`;
    case 'bonus':
      return `牵头人加分 ${percent(share.fraction)} → ${amount}`;
    case 'appraisal':
      return `考核等次积分 → ${amount}`;
  }
}

const REVERSAL_LABELS: Record<NonNullable<EntryFacts['reversal']>['kind'], string> = { revoked: '撤销', reopened: '份额异议，待重新认定', returned: '等次退回' };

/** The whole sentence of an entry (a reversal's names what it takes back and the original's computation). */
export function explain(facts: EntryFacts): string {
  // A grade's points are the cadre's own, not split: the computation is the whole sentence.
  const original = facts.basis.kind === 'appraisal' ? explainBasis(facts.basis) : `${explainBasis(facts.basis)}；${explainShare(facts.share, facts.hundredths)}`;
  if (!facts.reversal) return original;
  const reason = facts.reversal.reason.trim() ? `（${facts.reversal.reason.trim().slice(0, 200)}）` : '';
  const what = REVERSAL_LABELS[facts.reversal.kind] ?? '撤销';
  return `${what}${reason}：冲减${labelOf(PART_LABELS, facts.share.part)} ${formatHundredths(facts.hundredths)}；原计分：${original}`;
}
