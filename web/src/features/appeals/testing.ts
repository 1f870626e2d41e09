import type { AppealView } from '@cadre/contracts';

export function appeal(overrides: Partial<AppealView> = {}): AppealView {
  return {
    id: 'apl-1',
    subject: { type: 'record', typeLabel: '纪实', id: 'r1', title: '引进世界500强企业区域总部', decision: '不予通过：佐证材料不足', decidedAt: '2026-12-01T02:00:00.000Z', link: '/records/r1' },
    appellant: { id: 'u-cadre', name: '王海军', departmentName: '龙华区' },
    reason: '已补充签约合同，请重新研判',
    status: 'pending',
    statusLabel: '待处理',
    filedAt: '2026-12-02T02:00:00.000Z',
    deadline: '2026-12-16T02:00:00.000Z',
    answer: null,
    decidedBy: null,
    decidedAt: null,
    history: [{ at: '2026-12-02T02:00:00.000Z', action: 'file', actionLabel: '提出申诉', by: { id: 'u-cadre', name: '王海军' }, detail: '已补充签约合同，请重新研判' }],
    version: 1,
    ...overrides,
  };
}
