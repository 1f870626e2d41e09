import type { PortraitView, ScoreView } from '@cadre/contracts';
import type { DossierSources } from '../../src/dossier/compose-dossier';

/** What the owning services answer for one cadre and year (2026): a concluded task, a verified record, grades and 测评 of 2025 and 2026. */
const at = (iso: string) => iso;

export function portraitOf(fields: Partial<PortraitView> = {}): PortraitView {
  return {
    cadre: { id: 'c-1', name: '钱红', departmentId: 'd-1', departmentName: '龙华区商务局', rankLevel: 'section', title: '副局长' },
    period: '2026',
    total: 27.68,
    radar: [],
    strengths: [],
    timeline: [
      { kind: 'task', id: 't-1', title: '自贸港政策落地攻坚', at: at('2026-06-30T16:30:00.000Z'), category: 'legacy', rating: 'excellent', impactLevel: null, role: 'lead', share: 60, points: 20 },
      { kind: 'record', id: 'r-1', title: '引进500强企业区域总部', at: at('2026-03-31T17:00:00.000Z'), category: 'INVEST-03', rating: 'good', impactLevel: 'city', role: 'member', share: 50, points: 7.68 },
    ],
    trend: [],
    teams: [],
    collaborators: [],
    appraisal: {
      grades: [
        { cycleId: 'cy-2026', cycleName: '2026年第一季度考核', kind: 'quarterly', kindLabel: '平时考核', period: '2026-Q1', grade: 'good', gradeLabel: '好' },
        { cycleId: 'cy-2025', cycleName: '2025年度考核', kind: 'annual', kindLabel: '年度考核', period: '2025', grade: 'excellent', gradeLabel: '优秀' },
      ],
      surveys: [
        { cycleId: 'cy-2026', cycleName: '2026年第一季度考核', period: '2026-Q1', overall: 86.5, satisfaction: 92.31, criteria: [] },
        { cycleId: 'cy-2025', cycleName: '2025年度考核', period: '2025', overall: 80, satisfaction: 88, criteria: [] },
      ],
    },
    outcomes: [],
    ...fields,
  };
}

export function scoreOf(fields: Partial<ScoreView> = {}): ScoreView {
  return {
    cadreId: 'c-1',
    period: '2026',
    total: 29.68,
    participation: 3.84,
    contribution: 23.84,
    bonus: 0,
    reversal: 0,
    appraisal: 2,
    byItem: { INVEST: 7.68, TASK: 20, APPRAISAL: 2, PARTY: 0 },
    capped: [],
    entries: [],
    standardVersion: 1,
    updatedAt: '2026-06-30T16:30:00.000Z',
    ...fields,
  };
}

export function sourcesOf(fields: Partial<DossierSources> = {}): DossierSources {
  return {
    portrait: portraitOf(),
    score: scoreOf(),
    recordPeriods: new Map([['r-1', { periodStart: '2026-01-01', periodEnd: '2026-03-15' }]]),
    place: { cityRank: 3, cityCadres: 120 },
    generatedBy: { id: 'u-9', name: '研判员' },
    generatedAt: new Date('2026-07-01T02:05:00.000Z'),
    ...fields,
  };
}
