import type { ApplicationView, OutcomeView, RoundCandidateView, RoundView } from '@cadre/contracts';

const assessor = { id: 'u-ass', name: '组织部张三' };

export function candidate(overrides: Partial<RoundCandidateView> & Pick<RoundCandidateView, 'candidateId' | 'name'>): RoundCandidateView {
  return {
    type: 'cadre',
    typeLabel: '个人',
    departmentId: 'd-longhua',
    departmentName: '龙华区发改局',
    rankLevel: 'section',
    rankLabel: '科级',
    title: '科长',
    source: 'shortlist',
    applicationId: null,
    status: 'candidate',
    statusLabel: '考察对象',
    evidence: {
      capturedAt: '2026-12-01T02:00:00.000Z',
      period: '2026',
      points: 86.5,
      byItem: { INVEST: 40, TASK: 18 },
      cityRank: 3,
      cityCadres: 120,
      topDecile: true,
      evidence: {
        records: [{ recordId: 'r-1', title: '引进世界500强企业区域总部', itemCode: 'INVEST-03', rating: 'excellent', impactLevel: 'city', verifiedAt: '2026-06-30T02:00:00.000Z', points: 22.5 }],
        tasks: [{ taskId: 't-1', title: '化解历史遗留用地问题', verdict: 'excellent', role: 'lead', share: 0.6, concludedAt: '2026-09-01T02:00:00.000Z', points: 18 }],
        ratings: { excellent: 1 },
        verifiedRecords: 7,
        concludedTasks: 2,
      },
      grades: [{ cycleId: 'cy-0', cycleName: '2025年度干部考核', kind: 'annual', kindLabel: '年度考核', period: '2025', grade: 'excellent', gradeLabel: '优秀' }],
      satisfaction: 95.5,
    },
    inspection: [],
    decision: null,
    drawnAt: '2026-12-01T02:00:00.000Z',
    drawnBy: assessor,
    ...overrides,
  };
}

export function round(overrides: Partial<RoundView> = {}): RoundView {
  return {
    id: 'rd-1',
    kind: 'promotion',
    kindLabel: '提拔使用',
    name: '2026年区管干部提拔',
    status: 'inspecting',
    statusLabel: '考察中',
    positions: [{ name: '区发改局副局长', count: 1, selected: 0 }],
    rankLevel: 'section',
    rankLabel: '科级',
    departments: [{ id: 'd-longhua', name: '龙华区' }],
    criteria: { withoutGrades: ['basic'], gradeYears: 3, limit: 20 },
    noticeDays: 5,
    applyUntil: null,
    candidates: [],
    notice: null,
    objections: [],
    counts: { candidates: 0, undecided: 0, selected: 0, withdrawn: 0, openObjections: 0, applications: 0 },
    openedBy: assessor,
    openedAt: '2026-12-01T01:00:00.000Z',
    decidedAt: null,
    concludedAt: null,
    concludedBy: null,
    history: [{ at: '2026-12-01T01:00:00.000Z', action: 'open', actionLabel: '发起', by: assessor, subject: '', detail: '提拔使用：区发改局副局长 1 名' }],
    version: 1,
    ...overrides,
  };
}

export function application(overrides: Partial<ApplicationView> = {}): ApplicationView {
  return {
    id: 'ap-1',
    roundId: 'rd-award',
    roundName: '2026年度评先评优',
    applicantType: 'cadre',
    applicantId: 'u-cadre',
    applicantName: '王海军',
    departmentId: 'd-longhua',
    departmentName: '龙华区',
    award: '优秀公务员',
    statement: '全年招商引资成绩突出',
    records: [{ recordId: 'r-1', title: '引进世界500强企业区域总部', itemCode: 'INVEST-03', itemName: '500强企业引进', verifiedAt: '2026-06-30T02:00:00.000Z' }],
    status: 'submitted',
    statusLabel: '待推荐',
    recommendation: null,
    drawn: false,
    submittedBy: { id: 'u-cadre', name: '王海军' },
    submittedAt: '2026-12-02T02:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function outcome(overrides: Partial<OutcomeView> = {}): OutcomeView {
  return {
    roundId: 'rd-1',
    roundName: '2026年区管干部提拔',
    kind: 'promoted',
    kindLabel: '提拔使用',
    candidateType: 'cadre',
    candidateId: 'u-li',
    name: '李明',
    departmentId: 'd-longhua',
    departmentName: '龙华区发改局',
    position: '区发改局副局长',
    points: 86.5,
    topDecile: true,
    openedAt: '2026-12-01T01:00:00.000Z',
    decidedAt: '2026-12-03T02:00:00.000Z',
    concludedAt: '2026-12-12T02:00:00.000Z',
    decidedBy: assessor,
    ...overrides,
  };
}
