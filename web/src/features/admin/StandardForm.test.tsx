import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ScoringStandard } from '@cadre/contracts';
import { StandardForm } from './StandardForm';
import { Providers, stubFetch } from '../../test-utils';

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.unstubAllGlobals());

const base: ScoringStandard = {
  itemBasePoints: { default: 5, byFirstLevel: { INVEST: 8 } },
  impactMultipliers: { unit: 1, district: 1.5, city: 2, province: 3, national: 4 },
  ratingMultipliers: { excellent: 1.5, good: 1.2, pass: 1, none: 0 },
  participationShare: 0.2,
  taskVerdictMultipliers: { excellent: 1.2, pass: 1, tolerated: 0.3, fail: 0 },
  flagMultiplier: 1.5,
  leaderBonusShare: 0.1,
  yearlyCapPerItem: 60,
  appraisalGradePoints: {
    annual: { excellent: 10, competent: 5, basic: 0, incompetent: 0 },
    quarterly: { good: 2, fairly_good: 1, average: 0, poor: 0 },
    special: { excellent: 5, competent: 2, basic: 0, incompetent: 0 },
  },
  effectiveFrom: '2027-01-01',
  note: '',
};

function field(name: string): HTMLInputElement {
  return screen.getByRole('spinbutton', { name }) as HTMLInputElement;
}

function change(name: string, value: string) {
  fireEvent.change(field(name), { target: { value } });
}

function renderForm(onCreated = vi.fn()) {
  render(
    <Providers>
      <StandardForm base={base} onCreated={onCreated} onCancel={() => undefined} />
    </Providers>,
  );
  return onCreated;
}

const save = () => fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

describe('StandardForm: 考核等次积分', () => {
  it('shows the points of every grade of every kind, pre-filled from the standard it starts from, under Chinese labels', () => {
    stubFetch(() => undefined);
    renderForm();
    const card = screen.getByTestId('appraisal-grade-points');
    expect(within(card).getByText('考核等次积分')).toBeTruthy();
    for (const kind of ['年度考核', '平时考核', '专项考核']) expect(within(card).getByText(kind)).toBeTruthy();
    expect(field('年度考核 优秀').value).toBe('10');
    expect(field('年度考核 称职').value).toBe('5');
    expect(field('年度考核 不称职').value).toBe('0');
    expect(field('平时考核 好').value).toBe('2');
    expect(field('平时考核 较好').value).toBe('1');
    expect(field('平时考核 较差').value).toBe('0');
    expect(field('专项考核 优秀').value).toBe('5');
    expect(field('专项考核 基本称职').value).toBe('0');
    expect(within(card).getAllByRole('spinbutton')).toHaveLength(12);
  });

  it('sends the edited grade points in the body of the new draft', async () => {
    const { calls } = stubFetch(({ method, path, body }) => (method === 'POST' && path === '/scoring/standards' ? { status: 201, body: { ...(body as object), version: 3, status: 'draft' } } : undefined));
    const onCreated = renderForm();
    change('年度考核 优秀', '12.5');
    change('平时考核 一般', '0.5');
    change('专项考核 称职', '3');
    save();
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST' && c.path === '/scoring/standards');
    expect(post?.body).toMatchObject({
      appraisalGradePoints: {
        annual: { excellent: 12.5, competent: 5, basic: 0, incompetent: 0 },
        quarterly: { good: 2, fairly_good: 1, average: 0.5, poor: 0 },
        special: { excellent: 5, competent: 3, basic: 0, incompetent: 0 },
      },
      yearlyCapPerItem: 60,
    });
  });

  it('refuses points with more than two decimals, and a missing value, before anything is sent', async () => {
    const { fn } = stubFetch(() => undefined);
    renderForm();
    change('年度考核 优秀', '7.125');
    change('平时考核 好', '1.234');
    change('专项考核 不称职', '');
    save();
    await waitFor(() => expect(screen.getAllByText('须在 0–1000 之间，最多两位小数')).toHaveLength(2));
    expect(screen.getAllByText('必填').length).toBeGreaterThanOrEqual(1);
    expect(fn).not.toHaveBeenCalled();
  });

  it("puts the API's field error on the grade's field", async () => {
    stubFetch(({ method, path }) =>
      method === 'POST' && path === '/scoring/standards'
        ? {
            status: 400,
            body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request is not valid.', errors: [{ path: 'appraisalGradePoints.quarterly.poor', message: 'must be at most 1000' }] },
          }
        : undefined,
    );
    const onCreated = renderForm();
    save();
    const error = await screen.findByText('must be at most 1000');
    // Next to 平时考核 较差: in the same form item as that field.
    const item = error.closest('.ant-form-item') as HTMLElement;
    expect(within(item).getByRole('spinbutton', { name: '平时考核 较差' })).toBeTruthy();
    expect(onCreated).not.toHaveBeenCalled();
  });
});
