import { fireEvent, screen, waitFor } from '@testing-library/react';
import { TaskCreatePage } from './TaskFormPage';
import { renderPage } from '../../test-utils';
import { EVALUATOR, stubApi, user } from './testing';
import { pickPerson } from '../../components/people/testing';

vi.setConfig({ testTimeout: 40_000 });

const me = user();
const batches = { items: [{ id: 'b1', name: '第一批', description: '', createdBy: 'u-pub', createdAt: '2026-01-01T00:00:00Z' }], total: 1, page: 1, pageSize: 100 };
const formItemOf = (element: HTMLElement) => element.closest('.ant-form-item') as HTMLElement;

async function pick(label: string, option: string) {
  const combobox = screen.getByLabelText(label);
  fireEvent.mouseDown(combobox);
  const options = await screen.findAllByTitle(option);
  fireEvent.click(options[options.length - 1]);
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** Types into an antd DatePicker (a day, or a deadline `YYYY-MM-DD HH:mm`) and takes it with Enter. */
function typeDate(label: string, value: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
}

async function fillValid() {
  await pick('批次', '第一批');
  type('任务名称', '化解历史遗留不动产登记难题');
  type('任务描述', '描述');
  await pick('领域', '历史遗留问题化解');
  type('任务目标', '目标');
  type('预期成果', '预期');
  type('节点 1 名称', '启动');
  typeDate('节点 1 日期', '2099-01-10');
  typeDate('揭榜截止时间', '2099-01-01 10:00');
  typeDate('完成期限', '2099-06-01 10:00');
  type('激励积分', '100');
  await pickPerson('评审专家', '周', EVALUATOR);
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('task creation form', () => {
  it('names the required fields when submitted empty, and sends nothing', async () => {
    const calls = stubApi(me, (method, path) => (path.startsWith('/task-batches') ? { status: 200, body: batches } : undefined));
    renderPage(<TaskCreatePage />);
    fireEvent.click(await screen.findByRole('button', { name: '保存为草稿' }));
    await waitFor(() => expect(formItemOf(screen.getByLabelText('任务名称')).textContent).toContain('必填'));
    for (const label of ['批次', '任务描述', '领域', '任务目标', '预期成果', '节点 1 名称', '揭榜截止时间', '完成期限', '激励积分']) {
      expect(formItemOf(screen.getByLabelText(label)).textContent).toContain('必填');
    }
    expect(screen.getByText('请至少指派一位评审专家')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('checks the delivery deadline comes after bidding', async () => {
    stubApi(me, (method, path) => (path.startsWith('/task-batches') ? { status: 200, body: batches } : undefined));
    renderPage(<TaskCreatePage />);
    await screen.findByRole('button', { name: '保存为草稿' });
    typeDate('揭榜截止时间', '2099-06-01 10:00');
    typeDate('完成期限', '2099-01-01 10:00');
    fireEvent.click(screen.getByRole('button', { name: '保存为草稿' }));
    expect(await screen.findByText('完成期限须晚于揭榜截止时间')).toBeTruthy();
  });

  it('posts the task and puts the API field errors next to their fields', async () => {
    const calls = stubApi(me, (method, path) => {
      if (path.startsWith('/task-batches')) return { status: 200, body: batches };
      if (method === 'POST' && path === '/tasks')
        return {
          status: 400,
          body: {
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            detail: 'Invalid input',
            errors: [
              { path: 'biddingDeadline', message: 'must be in the future' },
              { path: 'milestones.0.name', message: 'is listed twice' },
            ],
          },
        };
      return undefined;
    });
    renderPage(<TaskCreatePage />);
    await screen.findByRole('button', { name: '保存为草稿' });
    await fillValid();
    fireEvent.click(screen.getByRole('button', { name: '保存为草稿' }));
    await waitFor(() => expect(formItemOf(screen.getByLabelText('揭榜截止时间')).textContent).toContain('must be in the future'));
    expect(formItemOf(screen.getByLabelText('节点 1 名称')).textContent).toContain('is listed twice');
    expect(screen.getByText('提交的内容有误，请按提示修改。')).toBeTruthy();
    const post = calls.find((call) => call.method === 'POST' && call.path === '/tasks');
    expect(post?.body).toMatchObject({
      batchId: 'b1',
      title: '化解历史遗留不动产登记难题',
      domain: 'legacy',
      flags: [],
      milestones: [{ name: '启动', dueDate: '2099-01-10' }],
      rewardPoints: 100,
      evaluatorIds: ['u-ev1'],
      allowRace: false,
    });
    expect(typeof (post?.body as { biddingDeadline: string }).biddingDeadline).toBe('string');
    // Typed as Beijing time: 10:00 at UTC+8 is 02:00 UTC, whatever the browser's zone.
    expect((post?.body as { biddingDeadline: string; deliveryDeadline: string }).biddingDeadline).toBe('2099-01-01T02:00:00.000Z');
    expect((post?.body as { biddingDeadline: string; deliveryDeadline: string }).deliveryDeadline).toBe('2099-06-01T02:00:00.000Z');
  });
});
