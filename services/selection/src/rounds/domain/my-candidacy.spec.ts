import { myCandidacyStatus } from './my-candidacy';

describe('what a candidate sees of their candidacy', () => {
  it('考察中 before the notice whatever was decided', () => {
    for (const s of ['candidate', 'selected', 'not_selected'] as const) {
      expect(myCandidacyStatus('inspecting', s)).toBe('inspecting');
      expect(myCandidacyStatus('applying', s)).toBe('inspecting');
    }
  });
  it('公示中 / 未入选 / 已撤回 during the notice; 已确定 once concluded', () => {
    expect(myCandidacyStatus('notice', 'selected')).toBe('in_notice');
    expect(myCandidacyStatus('notice', 'not_selected')).toBe('not_selected');
    expect(myCandidacyStatus('notice', 'withdrawn')).toBe('withdrawn');
    expect(myCandidacyStatus('concluded', 'selected')).toBe('confirmed');
    expect(myCandidacyStatus('concluded', 'not_selected')).toBe('not_selected');
    expect(myCandidacyStatus('concluded', 'withdrawn')).toBe('withdrawn');
  });
});
