import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { BidModal, ProgressModal, ResultsModal } from './ActionForms';
import { TaskDetail } from './TaskDetailPage';
import { renderPage } from '../../test-utils';
import { stubUploads, uploaded } from '../../components/files/testing';
import { bid, stubApi, task, user } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const lead = user({ id: 'u-lead', roles: ['cadre'], departmentId: 'd-longhua' });
const pdf = (name: string) => new File(['%PDF-1.4'], name, { type: 'application/pdf' });
const stored = { fileId: 'f-old', name: '测算表.pdf', mediaType: 'application/pdf', size: 2048, sha256: 'b'.repeat(64) };

async function uploadInto(purpose: string, file: File, fileId: string, sent: ReturnType<typeof stubUploads>) {
  const input = screen.getByTestId(`file-upload-${purpose}`).querySelector('input[type="file"]') as HTMLInputElement;
  const before = sent.length;
  fireEvent.change(input, { target: { files: [file] } });
  await waitFor(() => expect(sent).toHaveLength(before + 1));
  expect(sent[before].url).toBe(`/api/v1/files?purpose=${purpose}`);
  act(() => sent[before].answer(201, { ...uploaded(sent[before].file, fileId), purpose }));
  await waitFor(() => expect(within(screen.getByTestId('uploaded-files')).getAllByText(file.name).length).toBeGreaterThan(0));
}

describe('files on the bid, progress and results forms', () => {
  it('a revised bid keeps its attachments and sends the new upload with them as {fileId} items', async () => {
    const sent = stubUploads();
    const calls = stubApi(lead, (method, path) => (method === 'PATCH' && path === '/bids/t1_1' ? { status: 200, body: bid({ version: 2 }) } : undefined));
    const done = vi.fn();
    renderPage(<BidModal task={task({ status: 'open' })} bid={bid({ attachments: [stored] })} open onClose={() => undefined} onDone={done} />);
    expect(await screen.findByText('测算表.pdf')).toBeTruthy();
    await uploadInto('bid', pdf('实施方案.pdf'), 'f-new', sent);
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect((calls.find((call) => call.method === 'PATCH')?.body as { attachments: unknown }).attachments).toEqual([{ fileId: 'f-old' }, { fileId: 'f-new' }]);
  });

  it('a progress report posts its files, and a refused file is named under the upload in Chinese', async () => {
    const sent = stubUploads();
    const calls = stubApi(lead, (method, path) =>
      method === 'POST' && path === '/tasks/t1/progress'
        ? { status: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'attachments.0.fileId', message: 'is attached elsewhere already' }] } }
        : undefined,
    );
    renderPage(<ProgressModal task={task({ status: 'in_progress' })} open onClose={() => undefined} onDone={() => undefined} />);
    fireEvent.mouseDown(await screen.findByLabelText('节点'));
    fireEvent.click((await screen.findAllByTitle('启动')).at(-1) as HTMLElement);
    fireEvent.change(screen.getByLabelText('进展说明'), { target: { value: '完成摸底' } });
    await uploadInto('progress', pdf('现场照片.pdf'), 'f-photo', sent);
    fireEvent.click(screen.getByRole('button', { name: '提交进展' }));
    expect(await screen.findByText('现场照片.pdf：已用于别处，请重新上传')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ milestone: '启动', note: '完成摸底', attachments: [{ fileId: 'f-photo' }] });
  });

  it('results send the uploaded deliverables with their notes', async () => {
    const sent = stubUploads();
    const calls = stubApi(lead, (method, path) => (method === 'POST' && path === '/tasks/t1/results' ? { status: 200, body: task({ status: 'reviewing' }) } : undefined));
    const done = vi.fn();
    renderPage(<ResultsModal task={task({ status: 'in_progress' })} open onClose={() => undefined} onDone={done} />);
    fireEvent.change(await screen.findByLabelText('成果概述'), { target: { value: '全部完成' } });
    await uploadInto('result', pdf('总结报告.pdf'), 'f-report', sent);
    fireEvent.change(await screen.findByLabelText('“总结报告.pdf”说明（选填）'), { target: { value: '终期报告' } });
    fireEvent.click(screen.getByRole('button', { name: '提交成果' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ summary: '全部完成', deliverables: [{ fileId: 'f-report', description: '终期报告' }] });
  });
});

describe('files on the task page', () => {
  it('lists an open bid’s attachments to its team, progress attachments and deliverables, and old deliverables as not stored', async () => {
    stubApi(lead);
    const report = { ...stored, fileId: 'f-report', name: '总结报告.pdf' };
    const shown = task({
      status: 'reviewing',
      bids: [bid({ attachments: [stored] })],
      progress: [{ milestone: '启动', note: '完成摸底', teamId: 'team1', authorId: 'u-lead', authorName: '王海军', attachments: [{ ...stored, fileId: 'f-photo', name: '现场照片.pdf' }], at: '2026-11-02T00:00:00.000Z' }],
      results: [
        {
          bidId: 't1_1',
          teamId: 'team1',
          summary: '全部完成',
          deliverables: [
            { ...report, description: '终期报告' },
            { fileId: null, name: '旧成果.docx', mediaType: null, size: null, sha256: null },
          ],
          submittedBy: 'u-lead',
          submittedAt: '2026-11-03T00:00:00.000Z',
        },
      ],
    });
    renderPage(<TaskDetail task={shown} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: /进展与成果/ }));
    expect(within(await screen.findByTestId('progress-files')).getByText('现场照片.pdf')).toBeTruthy();
    const results = screen.getByTestId('result-files-t1_1');
    expect(within(results).getByText('总结报告.pdf')).toBeTruthy();
    expect(within(results).getByText('未上传原件')).toBeTruthy();
    expect(screen.getByText('总结报告.pdf：终期报告')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: /揭榜/ }));
    fireEvent.click(within(await screen.findByTestId('bids-table')).getByRole('button', { name: /展开|expand/i }));
    expect(within(await screen.findByTestId('bid-files-t1_1')).getByText('测算表.pdf')).toBeTruthy();
  });
});
