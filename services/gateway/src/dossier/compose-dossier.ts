import {
  APPRAISAL_ITEM_KEY,
  IMPACT_LEVEL_LABELS,
  MEMBER_ROLE_LABELS,
  RANK_LEVEL_LABELS,
  RATING_LABELS,
  TASK_VERDICT_LABELS,
  itemName,
  labelOf,
  periodYear,
  type DossierView,
  type PortraitView,
  type ScoreView,
} from '@cadre/contracts';

/** What the points for grades are called where people read them (the standard's `APPRAISAL` pseudo-item). */
const APPRAISAL_ITEM_NAME = '考核等次';

/** A record's own period, as the records service shows it to the caller. */
export interface RecordPeriod {
  periodStart: string;
  periodEnd: string;
}

/** The cadre's place by points city-wide (analytics' shortlist), when the caller may read it. */
export interface CityPlace {
  cityRank: number;
  cityCadres: number;
}

export interface DossierSources {
  portrait: PortraitView;
  score: ScoreView;
  recordPeriods: ReadonlyMap<string, RecordPeriod>;
  place: CityPlace | null;
  /** The current taxonomy's item names; the default taxonomy's when absent. */
  itemNames?: ReadonlyMap<string, string>;
  generatedBy: { id: string; name: string };
  generatedAt: Date;
}

function byItemName(item: string, names?: ReadonlyMap<string, string>): string {
  return item === APPRAISAL_ITEM_KEY ? APPRAISAL_ITEM_NAME : itemName(item, names);
}

/**
 * 实绩档案 of one year, from what the owning services answered the caller: the cadre and the year's verified records
 * and concluded tasks from the portrait, the points from the score, the records' own periods from the records service,
 * the grades and 测评 results of the year's cycles (the portrait lists every year's).
 */
export function composeDossier(sources: DossierSources): DossierView {
  const { portrait, score, recordPeriods, place, itemNames } = sources;
  const period = portrait.period;
  const rankLevel = portrait.cadre.rankLevel ?? null;
  return {
    cadre: {
      id: portrait.cadre.id,
      name: portrait.cadre.name,
      departmentId: portrait.cadre.departmentId,
      departmentName: portrait.cadre.departmentName,
      title: portrait.cadre.title,
      rankLevel,
      rankLabel: labelOf(RANK_LEVEL_LABELS, rankLevel),
    },
    period,
    generatedAt: sources.generatedAt.toISOString(),
    generatedBy: sources.generatedBy,
    points: {
      total: score.total,
      participation: score.participation,
      contribution: score.contribution,
      appraisal: score.appraisal,
      byItem: Object.entries(score.byItem)
        .filter(([, points]) => points !== 0)
        .map(([item, points]) => ({ item, name: byItemName(item, itemNames), points }))
        .sort((a, b) => b.points - a.points || a.item.localeCompare(b.item)),
      cityRank: place?.cityRank ?? null,
      cityCadres: place?.cityCadres ?? null,
    },
    records: portrait.timeline
      .filter((entry) => entry.kind === 'record')
      .map((entry) => {
        const own = recordPeriods.get(entry.id);
        return {
          recordId: entry.id,
          title: entry.title,
          itemCode: entry.category,
          itemName: itemName(entry.category, itemNames),
          periodStart: own?.periodStart ?? null,
          periodEnd: own?.periodEnd ?? null,
          impactLevel: entry.impactLevel,
          impactLevelLabel: labelOf(IMPACT_LEVEL_LABELS, entry.impactLevel),
          rating: entry.rating,
          ratingLabel: labelOf(RATING_LABELS, entry.rating),
          role: entry.role,
          share: entry.share,
          verifiedAt: entry.at,
          points: entry.points,
        };
      }),
    tasks: portrait.timeline
      .filter((entry) => entry.kind === 'task')
      .map((entry) => ({
        taskId: entry.id,
        title: entry.title,
        role: entry.role,
        roleLabel: labelOf(MEMBER_ROLE_LABELS, entry.role),
        verdict: entry.rating,
        verdictLabel: labelOf(TASK_VERDICT_LABELS, entry.rating),
        share: entry.share,
        concludedAt: entry.at,
        points: entry.points,
      })),
    appraisal: {
      grades: portrait.appraisal.grades
        .filter((grade) => periodYear(grade.period) === period)
        .map((grade) => ({ cycleId: grade.cycleId, cycleName: grade.cycleName, kindLabel: grade.kindLabel, period: grade.period, grade: grade.grade, gradeLabel: grade.gradeLabel })),
      surveys: portrait.appraisal.surveys
        .filter((survey) => periodYear(survey.period) === period)
        .map((survey) => ({ cycleId: survey.cycleId, cycleName: survey.cycleName, period: survey.period, overall: survey.overall, satisfaction: survey.satisfaction })),
    },
  };
}
