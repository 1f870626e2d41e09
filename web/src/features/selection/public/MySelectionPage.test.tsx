import { fireEvent, screen, within } from '@testing-library/react';
import { renderPage, stubApi, userView } from '../../../test-utils';
import { MySelectionPage } from './MySelectionPage';
import { application, mine, OPEN_AWARD } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('我的选任 page', () => {
  it('lists my candidacies with their status, my applications with the recommendation, my objections with answers, and 申报 for open awards', async () => {
    const view = mine({
      openAwards: [OPEN_AWARD],
      candidacies: [
        { roundId: 'rd-1', roundName: '2026年区管干部提拔', kind: 'promotion', kindLabel: '提拔使用', status: 'in_notice', statusLabel: '公示中', position: '区发改局副局长', noticeEndsAt: '2026-12-08T15:59:59.000Z' },
        { roundId: 'rd-0', roundName: '2025年职级晋升', kind: 'rank_advance', kindLabel: '职级晋升', status: 'not_selected', statusLabel: '未入选', position: null, noticeEndsAt: null },
      ],
      applications: [
        application({ status: 'recommended', statusLabel: '已推荐', recommendation: { recommend: true, comment: '事迹突出，同意推荐', by: { id: 'u-rev', name: '审核员甲' }, at: '2026-12-03T02:00:00.000Z' } }),
        application({ id: 'ap-2', applicantType: 'department', applicantName: '龙华区发改局', award: '先进集体' }),
      ],
      objections: [
        { id: 'ob-1', roundId: 'rd-9', roundName: '2026年提拔', candidateId: 'u-x', candidateName: '赵强', reason: '群众反映存在违规问题', status: 'rejected', statusLabel: '不属实', filedAt: '2026-12-02T02:00:00.000Z', answer: '经核查，反映问题不属实', answeredAt: '2026-12-04T02:00:00.000Z' },
        { id: 'ob-2', roundId: 'rd-9', roundName: '2026年提拔', candidateId: 'u-y', candidateName: '钱多', reason: '材料存在出入需要核实', status: 'open', statusLabel: '待核查', filedAt: '2026-12-02T03:00:00.000Z', answer: null, answeredAt: null },
      ],
    });
    stubApi(userView(), (method, path) => (method === 'GET' && path === '/selection/mine' ? { body: view } : undefined));
    renderPage(<MySelectionPage />, { url: '/selection/mine', pattern: '/selection/mine' });

    const awards = await screen.findByTestId('open-awards');
    expect(awards.textContent).toContain('2026年度评先评优');
    expect(awards.textContent).toContain('申报截止 2026-12-20');

    const candidacies = screen.getByTestId('candidacies');
    expect(candidacies.textContent).toContain('2026年区管干部提拔提拔使用公示中');
    expect(candidacies.textContent).toContain('拟任：区发改局副局长');
    expect(candidacies.textContent).toContain('公示截止 2026-12-08 23:59');
    expect(within(candidacies).getByText('未入选')).toBeTruthy();

    const applications = screen.getByTestId('applications');
    expect(applications.textContent).toContain('已推荐');
    expect(applications.textContent).toContain('推荐意见（审核员甲）：推荐，事迹突出，同意推荐');
    expect(applications.textContent).toContain('集体：龙华区发改局');
    expect(applications.textContent).toContain('待推荐');

    const objections = screen.getByTestId('objections');
    expect(objections.textContent).toContain('2026年提拔 · 赵强');
    expect(objections.textContent).toContain('答复：经核查，反映问题不属实');
    expect(objections.textContent).toContain('等待组织部门核查答复');
    expect(within(screen.getByTestId('appeals-link')).getByRole('link').getAttribute('href')).toBe('/selection/appeals');
    fireEvent.click(within(awards).getByRole('button', { name: /申\s*报/ }));
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
  });

  it('says what is empty', async () => {
    stubApi(userView(), (_m, path) => (path === '/selection/mine' ? { body: mine() } : undefined));
    renderPage(<MySelectionPage />);
    expect(await screen.findByText('目前没有正在申报的评先评优')).toBeTruthy();
    expect(screen.getByText('暂无选任记录')).toBeTruthy();
    expect(screen.getByText('暂无申报')).toBeTruthy();
    expect(screen.getByText('暂无异议')).toBeTruthy();
  });
});
