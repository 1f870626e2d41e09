import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EvaluationModal } from './ActionForms';
import { renderPage } from '../../test-utils';
import { bid, stubApi, user } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const formItemOf = (element: HTMLElement) => element.closest('.ant-form-item') as HTMLElement;
const evaluator = user({ id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-ev' });

function open() {
  renderPage(<EvaluationModal bid={bid()} open onClose={() => undefined} onDone={() => undefined} />);
}

describe('rubric scoring (评标)', () => {
  it('refuses a score out of range next to its field, keeping what was typed (never clamped)', async () => {
    const calls = stubApi(evaluator);
    open();
    const feasibility = (await screen.findByLabelText('方案可行性（0–30 分）')) as HTMLInputElement;
    fireEvent.change(feasibility, { target: { value: '31' } });
    fireEvent.blur(feasibility);
    fireEvent.change(screen.getByLabelText('创新性（0–20 分）'), { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评分' }));
    await waitFor(() => expect(formItemOf(feasibility).textContent).toContain('须在 0 到 30 之间'));
    expect(formItemOf(screen.getByLabelText('创新性（0–20 分）')).textContent).toContain('须在 0 到 20 之间');
    expect(Number(feasibility.value)).toBe(31);
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('shows the running total out of 100 as the criteria are typed', async () => {
    stubApi(evaluator);
    open();
    expect((await screen.findByTestId('rubric-total')).textContent).toBe('合计 0 / 100 分');
    fireEvent.change(screen.getByLabelText('方案可行性（0–30 分）'), { target: { value: '26' } });
    await waitFor(() => expect(screen.getByTestId('rubric-total').textContent).toBe('合计 26 / 100 分'));
    fireEvent.change(screen.getByLabelText('团队能力（0–30 分）'), { target: { value: '27.5' } });
    await waitFor(() => expect(screen.getByTestId('rubric-total').textContent).toBe('合计 53.5 / 100 分'));
  });

  it('checks each criterion against its maximum and one decimal, and sends nothing', async () => {
    const calls = stubApi(evaluator);
    open();
    fireEvent.change(await screen.findByLabelText('方案可行性（0–30 分）'), { target: { value: '31' } });
    fireEvent.change(screen.getByLabelText('创新性（0–20 分）'), { target: { value: '12.25' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评分' }));
    await waitFor(() => expect(formItemOf(screen.getByLabelText('团队能力（0–30 分）')).textContent).toContain('必填'));
    expect(formItemOf(screen.getByLabelText('创新性（0–20 分）')).textContent).toContain('最多保留一位小数');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('posts the scores and shows the API field errors next to their criterion', async () => {
    const calls = stubApi(evaluator, (method, path) =>
      method === 'POST' && path === '/bids/t1_1/evaluations'
        ? { status: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'scores.benefit', message: 'must be at most 20' }] } }
        : undefined,
    );
    open();
    fireEvent.change(await screen.findByLabelText('方案可行性（0–30 分）'), { target: { value: '26' } });
    fireEvent.change(screen.getByLabelText('创新性（0–20 分）'), { target: { value: '15' } });
    fireEvent.change(screen.getByLabelText('团队能力（0–30 分）'), { target: { value: '27.5' } });
    fireEvent.change(screen.getByLabelText('预期效益（0–20 分）'), { target: { value: '17' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评分' }));
    await waitFor(() => expect(formItemOf(screen.getByLabelText('预期效益（0–20 分）')).textContent).toContain('must be at most 20'));
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ scores: { feasibility: 26, innovation: 15, capability: 27.5, benefit: 17 }, comment: '' });
  });

  it('starts from the evaluator’s own earlier evaluation (the only one the API shows them)', async () => {
    stubApi(evaluator);
    const own = { evaluatorId: 'u-ev1', evaluatorName: '周明', scores: { feasibility: 20, innovation: 12, capability: 25, benefit: 15.5 }, total: 72.5, comment: '可行', at: '2026-11-02T00:00:00.000Z' };
    renderPage(<EvaluationModal bid={bid({ evaluations: [own] })} open onClose={() => undefined} onDone={() => undefined} />);
    expect(((await screen.findByLabelText('方案可行性（0–30 分）')) as HTMLInputElement).value).toBe('20.0');
    expect((screen.getByLabelText('预期效益（0–20 分）') as HTMLInputElement).value).toBe('15.5');
    expect(screen.getByTestId('rubric-total').textContent).toBe('合计 72.5 / 100 分');
    expect(screen.getByRole('button', { name: '保存修改' })).toBeTruthy();
  });

  it('with two evaluators on the bid, starts from the caller’s own scores and sends only theirs', async () => {
    const calls = stubApi(evaluator);
    const other = { evaluatorId: 'u-ev2', evaluatorName: '陈静', scores: { feasibility: 30, innovation: 20, capability: 30, benefit: 20 }, total: 100, comment: '', at: '2026-11-02T00:00:00.000Z' };
    const own = { evaluatorId: 'u-ev1', evaluatorName: '周明', scores: { feasibility: 10, innovation: 10, capability: 10, benefit: 10 }, total: 40, comment: '', at: '2026-11-02T00:00:00.000Z' };
    renderPage(<EvaluationModal bid={bid({ evaluations: [other, own] })} open onClose={() => undefined} onDone={() => undefined} />);
    expect(await screen.findByText('合计 40 / 100 分')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('预期效益（0–20 分）'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: '保存修改' }));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ scores: { feasibility: 10, innovation: 10, capability: 10, benefit: 12 }, comment: '' }));
  });
});
