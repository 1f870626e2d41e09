import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RecordDetailPage } from './RecordDetailPage';
import { RecordsScope } from './shared';
import { renderPage } from '../../test-utils';
import { evidenceFile, legacyEvidence, record, stubApi, user } from './testing';
import { stubObjectUrls } from '../../components/files/testing';

vi.setConfig({ testTimeout: 30_000 });

function openDetail() {
  renderPage(
    <RecordsScope>
      <RecordDetailPage />
    </RecordsScope>,
    { pattern: '/records/:id', url: '/records/r1' },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('RecordDetailPage (纪实详情)', () => {
  it('shows Submit on the filer’s draft, and submits it', async () => {
    const draft = record();
    const submitted = record({
      status: 'submitted',
      version: 2,
      history: [...draft.history, { action: 'submit', from: 'draft', to: 'submitted', actorId: 'u-cadre', actorName: '王海军', at: '2026-07-02T02:00:00.000Z', comment: '', version: 2 }],
    });
    const calls = stubApi(user(), (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: draft };
      if (method === 'POST' && path === '/records/r1/submit') return { status: 200, body: submitted };
      return undefined;
    });
    openDetail();
    const submit = await screen.findByRole('button', { name: /报送/ });
    expect(screen.getByRole('button', { name: /编辑/ })).toBeTruthy();
    fireEvent.click(submit);
    await waitFor(() => expect(screen.queryByRole('button', { name: /报送/ })).toBeNull());
    expect(calls.some((call) => call.method === 'POST' && call.path === '/records/r1/submit')).toBe(true);
    expect(within(screen.getByTestId('record-history')).getByText('报送')).toBeTruthy();
  });

  it('shows no Submit or Edit on a verified record, and its full history with comments', async () => {
    const verified = record({
      status: 'verified',
      version: 4,
      rating: 'good',
      confirmedImpactLevel: 'district',
      history: [
        ...record().history,
        { action: 'submit', from: 'draft', to: 'submitted', actorId: 'u-cadre', actorName: '王海军', at: '2026-07-02T02:00:00.000Z', comment: '', version: 2 },
        { action: 'review:approve', from: 'submitted', to: 'reviewed', actorId: 'rv', actorName: '李审核', at: '2026-07-03T02:00:00.000Z', comment: '材料齐全，情况属实', version: 3 },
        { action: 'assess:confirm', from: 'reviewed', to: 'verified', actorId: 'as', actorName: '张研判', at: '2026-07-04T02:00:00.000Z', comment: '成效明显', version: 4 },
      ],
    });
    stubApi(user(), (method, path) => (method === 'GET' && path === '/records/r1' ? { status: 200, body: verified } : undefined));
    openDetail();
    const history = await screen.findByTestId('record-history');
    expect(within(history).getByText('材料齐全，情况属实')).toBeTruthy();
    expect(within(history).getByText('成效明显')).toBeTruthy();
    expect(within(history).getByText('研判认定')).toBeTruthy();
    expect(screen.getByText('良好')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /报送/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /编辑/ })).toBeNull();
  });

  it('lets a co-participant confirm their share', async () => {
    const shared = record({
      status: 'submitted',
      participants: [
        { userId: 'u-cadre', name: '王海军', role: 'lead', share: 60, confirmation: 'confirmed', comment: '' },
        { userId: 'u-colleague', name: '陈同事', role: 'member', share: 40, confirmation: 'pending', comment: '' },
      ],
    });
    const calls = stubApi(user({ id: 'u-colleague', name: '陈同事' }), (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: shared };
      if (method === 'POST' && path === '/records/r1/participation')
        return { status: 200, body: { ...shared, participants: [shared.participants[0], { ...shared.participants[1], confirmation: 'confirmed' }] } };
      return undefined;
    });
    openDetail();
    expect(await screen.findByText('您在此纪实中的份额为 40%（参与），当前：待确认。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /报送/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /确认份额/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /确认份额/ }));
    await waitFor(() => expect(calls.find((call) => call.path === '/records/r1/participation')?.body).toEqual({ decision: 'confirm', comment: '' }));
  });

  it('names the participants whose share is unanswered or disputed on a submitted record', async () => {
    const shared = record({
      status: 'submitted',
      participants: [
        { userId: 'u-cadre', name: '王海军', role: 'lead', share: 50, confirmation: 'confirmed', comment: '' },
        { userId: 'u-colleague', name: '陈同事', role: 'member', share: 30, confirmation: 'pending', comment: '' },
        { userId: 'u-other', name: '刘参与', role: 'member', share: 20, confirmation: 'disputed', comment: '应为30%' },
      ],
    });
    stubApi(user(), (method, path) => (method === 'GET' && path === '/records/r1' ? { status: 200, body: shared } : undefined));
    openDetail();
    const alert = await screen.findByTestId('shares-unsettled');
    expect(alert.textContent).toContain('参与人份额尚未全部确认');
    expect(alert.textContent).toContain('待确认：陈同事；有异议：刘参与');
  });

  it('asks a reason before a co-participant disputes a verified record, warns that it reopens, and shows the reopening in the history', async () => {
    const verified = record({
      status: 'verified',
      version: 6,
      rating: 'good',
      participants: [
        { userId: 'u-cadre', name: '王海军', role: 'lead', share: 60, confirmation: 'confirmed', comment: '' },
        { userId: 'u-colleague', name: '陈同事', role: 'member', share: 40, confirmation: 'confirmed', comment: '' },
      ],
    });
    const reopened = record({
      ...verified,
      status: 'reviewed',
      version: 7,
      rating: null,
      participants: [verified.participants[0], { ...verified.participants[1], confirmation: 'disputed', comment: '应为50%' }],
      history: [
        ...verified.history,
        { action: 'participation:dispute', from: 'verified', to: 'verified', actorId: 'u-colleague', actorName: '陈同事', at: '2026-07-10T02:00:00.000Z', comment: '应为50%', version: 7 },
        { action: 'reopen', from: 'verified', to: 'reviewed', actorId: 'u-colleague', actorName: '陈同事', at: '2026-07-10T02:00:00.000Z', comment: '应为50%', version: 7 },
      ],
    });
    const calls = stubApi(user({ id: 'u-colleague', name: '陈同事' }), (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: verified };
      if (method === 'POST' && path === '/records/r1/participation') return { status: 200, body: reopened };
      return undefined;
    });
    openDetail();
    fireEvent.click(await screen.findByRole('button', { name: /对份额有异议/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/提出异议后将退回研判，相应积分冲回/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: /对份额有异议/ }));
    expect(await within(dialog).findByText('对已认定的纪实提出异议时请写明理由')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('意见'), { target: { value: '应为50%' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /对份额有异议/ }));
    await waitFor(() => expect(calls.find((call) => call.path === '/records/r1/participation')?.body).toEqual({ decision: 'dispute', comment: '应为50%' }));
    expect(await within(screen.getByTestId('record-history')).findByText('份额异议：退回研判，积分冲回')).toBeTruthy();
  });

  it('lets the filer withdraw a submitted record (撤回) back to draft', async () => {
    const submitted = record({ status: 'submitted', version: 2, submittedAt: '2026-07-02T02:00:00.000Z' });
    const withdrawn = record({
      status: 'draft',
      version: 3,
      submittedAt: '2026-07-02T02:00:00.000Z',
      history: [...submitted.history, { action: 'withdraw', from: 'submitted', to: 'draft', actorId: 'u-cadre', actorName: '王海军', at: '2026-07-02T03:00:00.000Z', comment: '补充佐证', version: 3 }],
    });
    const calls = stubApi(user(), (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: submitted };
      if (method === 'POST' && path === '/records/r1/withdraw') return { status: 200, body: withdrawn };
      return undefined;
    });
    openDetail();
    fireEvent.click(await screen.findByRole('button', { name: /撤回/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('意见'), { target: { value: '补充佐证' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /撤回/ }));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.path === '/records/r1/withdraw')?.body).toEqual({ comment: '补充佐证' }));
    expect(await within(screen.getByTestId('record-history')).findByText('撤回报送')).toBeTruthy();
    expect(screen.getByRole('button', { name: /删除草稿/ })).toBeTruthy();
  });

  it('lets the filer delete a never-submitted draft after a confirmation, then leaves the page', async () => {
    const calls = stubApi(user(), (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: record() };
      if (method === 'DELETE' && path === '/records/r1') return { status: 200 };
      return undefined;
    });
    openDetail();
    fireEvent.click(await screen.findByRole('button', { name: /删除草稿/ }));
    expect(await screen.findByText('该草稿从未报送，删除后将不可恢复。')).toBeTruthy();
    const confirm = screen.getAllByRole('button', { name: /删除草稿/ }).at(-1)!;
    fireEvent.click(confirm);
    await screen.findByTestId('elsewhere', {}, { timeout: 8000 });
    expect(calls.some((call) => call.method === 'DELETE' && call.path === '/records/r1')).toBe(true);
  });

  it('shows a discarded record as 已作废 with no actions', async () => {
    stubApi(user(), (method, path) => (method === 'GET' && path === '/records/r1' ? { status: 200, body: record({ status: 'discarded', version: 4 }) } : undefined));
    openDetail();
    expect(await screen.findByText('已作废')).toBeTruthy();
    expect(within(screen.getByTestId('record-actions')).queryAllByRole('button')).toHaveLength(0);
  });

  it('offers 申诉 to the filer of a returned or rejected record, opening the appeal form with it', async () => {
    const returned = record({ history: [...record().history, { action: 'review:return', from: 'submitted', to: 'draft', actorId: 'u-rev', actorName: '审核员', at: '2026-07-03T02:00:00.000Z', comment: '材料不全', version: 3 }] });
    stubApi(user(), (method, path) => (method === 'GET' && path === '/records/r1' ? { status: 200, body: returned } : undefined));
    openDetail();
    fireEvent.click(await screen.findByTestId('appeal-record'));
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
  });

  it('offers no 申诉 on a verified record, nor to someone else on a rejected one', async () => {
    stubApi(user({ id: 'u-other' }), (method, path) => (method === 'GET' && path === '/records/r1' ? { status: 200, body: record({ status: 'rejected' }) } : undefined));
    openDetail();
    expect(await screen.findByText('引进世界500强企业区域总部')).toBeTruthy();
    expect(screen.queryByTestId('appeal-record')).toBeNull();
  });

  it('previews an uploaded PDF of the evidence and shows typed-in evidence as 未上传原件', async () => {
    const filed = record({ status: 'submitted', evidence: [evidenceFile(), legacyEvidence()] });
    const calls = stubApi(user(), (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: filed };
      if (method === 'GET' && path === '/files/f-pdf') return { status: 200, body: '%PDF-1.4' };
      return undefined;
    });
    stubObjectUrls();
    openDetail();
    const list = await screen.findByTestId('evidence-list');
    const [uploaded, legacy] = within(list).getAllByTestId('file-item');
    expect(within(uploaded).getByText('PDF 文档')).toBeTruthy();
    expect(within(uploaded).getByText('2 KB')).toBeTruthy();
    expect(within(legacy).getByText('旧合同扫描件.pdf')).toBeTruthy();
    expect(within(legacy).getByText('未上传原件')).toBeTruthy();
    expect(within(legacy).queryByRole('button', { name: /预览|下载/ })).toBeNull();
    fireEvent.click(within(uploaded).getByRole('button', { name: '预览 招商合同.pdf' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTitle('PDF 预览：招商合同.pdf').getAttribute('src')).toBe('blob:file-1');
    expect(calls.some((call) => call.path === '/files/f-pdf')).toBe(true);
  });

  it('explains a record the caller may not see', async () => {
    stubApi(user(), () => ({ status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such record.' } }));
    openDetail();
    expect(await screen.findByText('纪实不存在，或您无权查看。')).toBeTruthy();
  });
});
