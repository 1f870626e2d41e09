import type { AppraisalView, CadreAppraisalView, CycleDepartmentView, CycleView, MyBallotsView, SheetView, SurveyCadreView, SurveyView } from '@cadre/contracts';

export function department(overrides: Partial<CycleDepartmentView> = {}): CycleDepartmentView {
  return {
    departmentId: 'd-longhua',
    departmentName: '龙华区',
    cadres: 10,
    byStatus: { pending: 6, submitted: 2, returned: 1, confirmed: 1 },
    topGrade: { grade: 'excellent', used: 1, max: 2 },
    ...overrides,
  };
}

export function cycle(overrides: Partial<CycleView> = {}): CycleView {
  return {
    id: 'cy-1',
    kind: 'annual',
    kindLabel: '年度考核',
    name: '2026年度干部考核',
    period: '2026',
    status: 'open',
    statusLabel: '进行中',
    topGradeQuota: 0.2,
    dueDate: '2026-12-31',
    departmentIds: ['d-longhua'],
    departments: [department()],
    survey: {
      status: 'open',
      criteria: [
        { code: 'de', name: '德', weight: 0.5 },
        { code: 'ji', name: '绩', weight: 0.5 },
      ],
      groups: [{ group: 'peer', weight: 1, minRaters: 3 }],
      closedAt: null,
    },
    createdBy: { id: 'u-admin', name: '系统管理员' },
    createdAt: '2026-12-01T02:00:00.000Z',
    closedAt: null,
    version: 1,
    ...overrides,
  };
}

export function appraisal(overrides: Partial<AppraisalView> & Pick<AppraisalView, 'cadreId' | 'name'>): AppraisalView {
  return {
    id: `cy-1:${overrides.cadreId}`,
    cycleId: 'cy-1',
    title: '科长',
    rankLevel: 'section',
    departmentId: 'd-longhua',
    departmentName: '龙华区',
    grade: null,
    gradeLabel: '',
    comment: '',
    status: 'pending',
    statusLabel: '未评定',
    version: 0,
    updatedAt: null,
    history: [],
    ...overrides,
  };
}

export function sheet(items: AppraisalView[], overrides: Partial<SheetView> = {}): SheetView {
  return {
    cycle: { id: 'cy-1', name: '2026年度干部考核', kind: 'annual', period: '2026', status: 'open' },
    department: department(),
    grades: [
      { grade: 'excellent', label: '优秀' },
      { grade: 'competent', label: '称职' },
      { grade: 'basic', label: '基本称职' },
      { grade: 'incompetent', label: '不称职' },
    ],
    items,
    ...overrides,
  };
}

export function ballots(items: Partial<MyBallotsView['items'][number]>[]): MyBallotsView {
  return {
    items: items.map((item, i) => ({
      cycleId: 'cy-1',
      cycleName: '2026年度干部考核',
      cadreId: `c-${i + 1}`,
      name: `干部${i + 1}`,
      title: '科长',
      departmentName: '龙华区',
      group: 'peer',
      groupLabel: '同级',
      voted: false,
      criteria: [
        { code: 'de', name: '德', weight: 0.5 },
        { code: 'ji', name: '绩', weight: 0.5 },
      ],
      ...item,
    })),
    answers: [
      { answer: 'good', label: '好', score: 100 },
      { answer: 'fairly_good', label: '较好', score: 80 },
      { answer: 'average', label: '一般', score: 60 },
      { answer: 'poor', label: '差', score: 40 },
    ],
  };
}

export function surveyCadre(overrides: Partial<SurveyCadreView> = {}): SurveyCadreView {
  return {
    cadreId: 'c-1',
    name: '王海军',
    invited: 2,
    voted: 1,
    raters: [
      { userId: 'u-2', name: '李明', group: 'peer', groupLabel: '同级', voted: true },
      { userId: 'u-3', name: '张华', group: 'peer', groupLabel: '同级', voted: false },
    ],
    result: null,
    ...overrides,
  };
}

export function surveyView(items: SurveyCadreView[], surveyStatus: 'open' | 'closed' = 'open'): SurveyView {
  return { cycle: { id: 'cy-1', name: '2026年度干部考核', status: 'open', surveyStatus }, departmentId: 'd-longhua', departmentName: '龙华区', items };
}

export function cadreAppraisal(overrides: Partial<CadreAppraisalView> = {}): CadreAppraisalView {
  return {
    cadre: { id: 'u-cadre', name: '王海军', departmentId: 'd-longhua', departmentName: '龙华区', title: '科长', rankLevel: 'section' },
    period: '2026',
    points: {
      total: 42.5,
      participation: 10,
      contribution: 22.5,
      appraisal: 10,
      entries: [
        { source: { type: 'record', id: 'r-1', title: '引进世界500强企业' }, item: 'INVEST-03', itemName: '招商引资 / 500强企业引进', points: 22.5, explanation: '基础分 15 × 影响 1.5', link: '/records/r-1' },
        { source: { type: 'appraisal', id: 'cy-0:u-cadre', title: '2026年第1季度平时考核' }, item: 'APPRAISAL', itemName: '考核等次', points: 10, explanation: '年度考核 优秀 10 分', link: null },
      ],
    },
    grades: [
      {
        cycleId: 'cy-0',
        cycleName: '2026年第1季度平时考核',
        kind: 'quarterly',
        kindLabel: '平时考核',
        period: '2026-Q1',
        grade: 'good',
        gradeLabel: '好',
        status: 'confirmed',
        statusLabel: '已确认',
        comment: '工作积极主动',
        history: [
          { at: '2026-04-02T02:00:00.000Z', action: 'grade', actionLabel: '评定', by: { id: 'u-app', name: '考核专员甲' }, grade: 'good', comment: '工作积极主动' },
          { at: '2026-04-03T02:00:00.000Z', action: 'confirm', actionLabel: '确认', by: { id: 'u-ass', name: '研判员乙' }, grade: 'good', comment: '' },
        ],
      },
    ],
    surveys: [
      {
        cycleId: 'cy-0',
        cycleName: '2026年第1季度平时考核',
        period: '2026-Q1',
        cadreId: 'u-cadre',
        shown: true,
        groups: [{ group: 'peer', label: '同级', weight: 1, invited: 5, voted: 4, counted: true }],
        criteria: [
          { code: 'de', name: '德', weight: 0.5, score: 90 },
          { code: 'ji', name: '绩', weight: 0.5, score: 85 },
        ],
        overall: 87.5,
        satisfaction: 95,
      },
    ],
    tasks: [{ taskId: 't-1', title: '化解历史遗留用地问题', verdict: 'excellent', verdictLabel: '优秀', points: 18, link: '/tasks/t-1' }],
    ...overrides,
  };
}
