import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RecordFormPage } from './RecordFormPage';
import { latestPeriodEnd } from './rules';
import { RecordsScope } from './shared';
import { renderPage } from '../../test-utils';
import { COLLEAGUE, GHOST, legacyEvidence, record, stubApi, user } from './testing';
import { pickPerson } from '../../components/people/testing';
import { stubUploads, uploaded } from '../../components/files/testing';

vi.setConfig({ testTimeout: 30_000 });

const me = user();

async function pick(label: string, option: string) {
  const combobox = screen.getByLabelText(label);
  await waitFor(() => expect((combobox as HTMLInputElement).disabled).toBe(false));
  fireEvent.mouseDown(combobox);
  const options = await screen.findAllByTitle(option);
  fireEvent.click(options[options.length - 1]);
}

/** Types a day into a DateField (antd DatePicker) and takes it with Enter. */
function typeDay(label: string, day: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: day } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
}

async function fillValid() {
  await pick('一级填报项', '招商引资');
  await pick('二级填报项', '500强企业引进');
  fireEvent.change(screen.getByLabelText('标题'), { target: { value: '引进世界500强企业区域总部' } });
  typeDay('开始日期', '2026-01-01');
  typeDay('结束日期', '2026-06-30');
}

function openForm() {
  renderPage(
    <RecordsScope>
      <RecordFormPage />
    </RecordsScope>,
    { pattern: '/records/new', url: '/records/new' },
  );
}

const formItemOf = (element: HTMLElement) => element.closest('.ant-form-item') as HTMLElement;

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('RecordFormPage (填报纪实)', () => {
  it('names the required fields when saved empty, and sends nothing', async () => {
    const calls = stubApi(me);
    openForm();
    fireEvent.click(await screen.findByRole('button', { name: '保存草稿' }));
    expect(await screen.findByText('请选择一级填报项')).toBeTruthy();
    expect(screen.getByText('请选择二级填报项')).toBeTruthy();
    expect(screen.getByText('请填写标题')).toBeTruthy();
    expect(screen.getByText('请填写开始日期')).toBeTruthy();
    expect(screen.getByText('请填写结束日期')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('rejects shares that do not sum to 100 and an end before the start', async () => {
    const calls = stubApi(me);
    openForm();
    await screen.findByRole('button', { name: '保存草稿' });
    await fillValid();
    typeDay('结束日期', '2025-12-31');
    fireEvent.click(screen.getByRole('button', { name: /添加共同参与人/ }));
    await pickPerson('参与人 2', '陈', COLLEAGUE);
    fireEvent.change(screen.getByLabelText('贡献份额（%） 2'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    expect(await within(screen.getByTestId('participants')).findByText('份额合计 130%，须为 100%', { selector: '.ant-form-item-explain-error' })).toBeTruthy();
    expect(within(formItemOf(screen.getByLabelText('结束日期'))).getByText('结束日期不能早于开始日期')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('refuses a period ending later than today + 31 days (Beijing) before posting', async () => {
    const calls = stubApi(me, () => undefined);
    openForm();
    await screen.findByRole('button', { name: '保存草稿' });
    await fillValid();
    typeDay('结束日期', '2999-12-31');
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    const latest = latestPeriodEnd();
    expect(await within(formItemOf(screen.getByLabelText('结束日期'))).findByText(`结束日期不能晚于 ${latest}（北京时间今日起 31 天内）`)).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('posts the record with shares summing to 100 and opens it', async () => {
    const calls = stubApi(me, (method, path) => (method === 'POST' && path === '/records' ? { status: 201, body: record() } : undefined));
    openForm();
    await screen.findByRole('button', { name: '保存草稿' });
    await fillValid();
    fireEvent.click(screen.getByRole('button', { name: /添加共同参与人/ }));
    await pickPerson('参与人 2', '陈', COLLEAGUE);
    fireEvent.change(screen.getByLabelText('贡献份额（%） 1'), { target: { value: '60' } });
    fireEvent.change(screen.getByLabelText('贡献份额（%） 2'), { target: { value: '40' } });
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    await screen.findByTestId('elsewhere', {}, { timeout: 8000 });
    const post = calls.find((call) => call.method === 'POST' && call.path === '/records');
    expect(post?.body).toMatchObject({
      itemCode: 'INVEST-03',
      title: '引进世界500强企业区域总部',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      impactLevel: 'unit',
      participants: [
        { userId: 'u-cadre', role: 'lead', share: 60 },
        { userId: 'u-colleague', role: 'member', share: 40 },
      ],
    });
  });

  it('uploads the evidence files, waits for them, and posts them as {fileId} items', async () => {
    const sent = stubUploads();
    const calls = stubApi(me, (method, path) => (method === 'POST' && path === '/records' ? { status: 201, body: record() } : undefined));
    openForm();
    await screen.findByRole('button', { name: '保存草稿' });
    expect(screen.queryByText(/文件不会上传/)).toBeNull();
    expect(screen.queryByLabelText('文件指纹（SHA-256）')).toBeNull();
    await fillValid();
    const input = screen.getByTestId('file-upload-record').querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['%PDF-1.4'], '招商合同.pdf', { type: 'application/pdf' }), new File(['png'], '签约现场.png', { type: 'image/png' })] } });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0].url).toBe('/api/v1/files?purpose=record');
    act(() => sent[0].progress(50, 100));
    await waitFor(() => expect((screen.getByRole('button', { name: '保存草稿' }) as HTMLButtonElement).disabled).toBe(true));
    act(() => sent[0].answer(201, uploaded(sent[0].file, 'f-pdf')));
    act(() => sent[1].answer(201, uploaded(sent[1].file, 'f-png')));
    const files = await screen.findByTestId('uploaded-files');
    await waitFor(() => expect(within(files).getAllByTestId('file-item')).toHaveLength(2));
    fireEvent.click(within(files).getByRole('button', { name: '移除 签约现场.png' }));
    await waitFor(() => expect(within(files).getAllByTestId('file-item')).toHaveLength(1));
    await waitFor(() => expect((screen.getByRole('button', { name: '保存草稿' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    await screen.findByTestId('elsewhere', {}, { timeout: 8000 });
    expect((calls.find((call) => call.method === 'POST' && call.path === '/records')?.body as { evidence: unknown }).evidence).toEqual([{ fileId: 'f-pdf' }]);
  });

  it('names the evidence file the API refuses under the upload', async () => {
    const sent = stubUploads();
    stubApi(me, (method, path) =>
      method === 'POST' && path === '/records'
        ? { status: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'evidence.0.fileId', message: 'is already evidence of another record' }] } }
        : undefined,
    );
    openForm();
    await screen.findByRole('button', { name: '保存草稿' });
    await fillValid();
    const input = screen.getByTestId('file-upload-record').querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['%PDF-1.4'], '招商合同.pdf', { type: 'application/pdf' })] } });
    await waitFor(() => expect(sent).toHaveLength(1));
    act(() => sent[0].answer(201, uploaded(sent[0].file, 'f-pdf')));
    await screen.findByTestId('uploaded-files');
    await waitFor(() => expect((screen.getByRole('button', { name: '保存草稿' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    expect(await screen.findByText('招商合同.pdf：is already evidence of another record')).toBeTruthy();
    expect(screen.queryByTestId('elsewhere')).toBeNull();
  });

  it('shows a draft’s typed-in evidence as 未上传原件 and keeps it when the evidence is not changed', async () => {
    stubUploads();
    const draft = record({ evidence: [legacyEvidence()] });
    const calls = stubApi(me, (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: draft };
      if (method === 'PATCH' && path === '/records/r1') return { status: 200, body: { ...draft, version: 2 } };
      return undefined;
    });
    renderPage(
      <RecordsScope>
        <RecordFormPage />
      </RecordsScope>,
      { pattern: '/records/:id/edit', url: '/records/r1/edit' },
    );
    const files = await screen.findByTestId('uploaded-files');
    expect(within(files).getByText('未上传原件')).toBeTruthy();
    expect(within(files).getByText('旧合同扫描件.pdf')).toBeTruthy();
    expect((await screen.findByTestId('legacy-evidence')).textContent).toContain('1 份未上传原件的材料');
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    await screen.findByTestId('elsewhere', {}, { timeout: 8000 });
    expect(calls.find((call) => call.method === 'PATCH')?.body).not.toHaveProperty('evidence');
  });

  it('shows the API field errors next to their fields', async () => {
    stubApi(me, (method, path) =>
      method === 'POST' && path === '/records'
        ? {
            status: 400,
            body: {
              type: 'about:blank',
              title: 'Bad Request',
              status: 400,
              detail: 'The input is not valid.',
              errors: [
                { path: 'itemCode', message: 'is not a second-level item of the taxonomy' },
                { path: 'participants.1.userId', message: 'must be an active cadre' },
                { path: 'participants', message: 'must have a lead' },
              ],
            },
          }
        : undefined,
    );
    openForm();
    await screen.findByRole('button', { name: '保存草稿' });
    await fillValid();
    fireEvent.click(screen.getByRole('button', { name: /添加共同参与人/ }));
    await pickPerson('参与人 2', '离职', GHOST);
    fireEvent.change(screen.getByLabelText('贡献份额（%） 1'), { target: { value: '50' } });
    fireEvent.change(screen.getByLabelText('贡献份额（%） 2'), { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    await waitFor(() => expect(within(formItemOf(screen.getByLabelText('参与人 2'))).getByText('must be an active cadre')).toBeTruthy());
    expect(within(formItemOf(screen.getByLabelText('二级填报项'))).getByText('is not a second-level item of the taxonomy')).toBeTruthy();
    expect(within(screen.getByTestId('participants')).getByText('must have a lead')).toBeTruthy();
    expect(screen.getByText('提交的内容有误，请按提示修改。')).toBeTruthy();
    expect(screen.queryByTestId('elsewhere')).toBeNull();
  });

  it('edits a draft: loads it into the form and patches it with its version', async () => {
    const draft = record({
      version: 3,
      participants: [
        { userId: 'u-cadre', name: '王海军', role: 'lead', share: 70, confirmation: 'confirmed', comment: '' },
        { userId: 'u-colleague', name: '陈同事', role: 'member', share: 30, confirmation: 'pending', comment: '' },
      ],
    });
    const calls = stubApi(me, (method, path) => {
      if (method === 'GET' && path === '/records/r1') return { status: 200, body: draft };
      if (method === 'PATCH' && path === '/records/r1') return { status: 200, body: { ...draft, version: 4 } };
      return undefined;
    });
    renderPage(
      <RecordsScope>
        <RecordFormPage />
      </RecordsScope>,
      { pattern: '/records/:id/edit', url: '/records/r1/edit' },
    );
    await screen.findByText('编辑纪实草稿');
    expect((screen.getByLabelText('标题') as HTMLInputElement).value).toBe('引进世界500强企业区域总部');
    // The co-participant reads by name (from the record), never by id.
    const colleague = formItemOf(screen.getByLabelText('参与人 2'));
    expect(colleague.textContent).toContain('陈同事');
    expect(colleague.textContent).not.toContain('u-colleague');
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '引进世界500强企业区域总部（修订）' } });
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    await screen.findByTestId('elsewhere', {}, { timeout: 8000 });
    expect(calls.find((call) => call.method === 'PATCH')?.body).toMatchObject({
      version: 3,
      title: '引进世界500强企业区域总部（修订）',
      itemCode: 'INVEST-03',
      participants: [
        { userId: 'u-cadre', role: 'lead', share: 70 },
        { userId: 'u-colleague', role: 'member', share: 30 },
      ],
    });
  });

  it('does not open a submitted record for editing', async () => {
    stubApi(me, (method, path) => (method === 'GET' && path === '/records/r1' ? { status: 200, body: record({ status: 'submitted' }) } : undefined));
    renderPage(
      <RecordsScope>
        <RecordFormPage />
      </RecordsScope>,
      { pattern: '/records/:id/edit', url: '/records/r1/edit' },
    );
    expect(await screen.findByText('只有草稿状态的纪实可以编辑。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '保存草稿' })).toBeNull();
  });
});
