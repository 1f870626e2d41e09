import type { MySelectionView, NoticeView } from '@cadre/contracts';

type NoticeCandidate = NoticeView['candidates'][number];

export function noticeCandidate(overrides: Partial<NoticeCandidate> = {}): NoticeCandidate {
  return {
    candidateId: 'u-li',
    type: 'cadre',
    name: '李明',
    departmentName: '龙华区发改局',
    title: '科长',
    rankLabel: '科级',
    position: '区发改局副局长',
    status: 'selected',
    statusLabel: '公示中',
    summary: {
      points: 86.5,
      verifiedRecords: 7,
      concludedTasks: 2,
      topItems: [{ code: 'INVEST', name: '招商引资', points: 40 }],
      records: [{ title: '引进世界500强企业区域总部', itemName: '500强企业引进', verifiedAt: '2026-06-30' }],
      grades: ['年度考核 优秀（2025）'],
    },
    ...overrides,
  };
}

export function notice(overrides: Partial<NoticeView> = {}): NoticeView {
  return {
    roundId: 'rd-1',
    name: '2026年区管干部提拔',
    kind: 'promotion',
    kindLabel: '提拔使用',
    status: 'notice',
    statusLabel: '公示中',
    startsAt: '2026-12-01T02:00:00.000Z',
    endsAt: '2026-12-08T15:59:59.000Z',
    open: true,
    candidates: [noticeCandidate()],
    ...overrides,
  };
}

/** An application, as the organisation department's pages build it. */
export { application } from '../testing';

export function mine(overrides: Partial<MySelectionView> = {}): MySelectionView {
  return {
    candidacies: [],
    applications: [],
    objections: [],
    openAwards: [],
    ...overrides,
  };
}

export const OPEN_AWARD: MySelectionView['openAwards'][number] = {
  roundId: 'rd-award',
  name: '2026年度评先评优',
  applyUntil: '2026-12-20',
  awards: [
    { name: '优秀公务员', count: 5 },
    { name: '先进集体', count: 2 },
  ],
};
