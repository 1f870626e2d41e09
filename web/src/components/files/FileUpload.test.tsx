import { useState } from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { tokenStore } from '../../api/client';
import { Providers } from '../../test-utils';
import { FileUpload } from './FileUpload';
import { stubUploads, uploaded, problem } from './testing';
import type { FileRef } from './types';

vi.setConfig({ testTimeout: 30_000 });

let latest: FileRef[] = [];

function Form({ initial = [] }: { initial?: FileRef[] }) {
  const [value, setValue] = useState<FileRef[]>(initial);
  return (
    <FileUpload
      purpose="record"
      value={value}
      onChange={(next) => {
        latest = next;
        setValue(next);
      }}
    />
  );
}

function open(initial?: FileRef[]) {
  latest = initial ?? [];
  const view = render(
    <Providers>
      <Form initial={initial} />
    </Providers>,
  );
  const input = view.container.querySelector('input[type="file"]') as HTMLInputElement;
  return (...files: File[]) => fireEvent.change(input, { target: { files } });
}

const pdf = () => new File(['%PDF-1.4 test'], '招商合同.pdf', { type: 'application/pdf' });

beforeEach(() => tokenStore.set('test-token'));
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('FileUpload', () => {
  it('uploads with the token and purpose, shows the progress, then lists the file with its kind, size and short hash', async () => {
    const sent = stubUploads();
    const drop = open();
    drop(pdf());
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].method).toBe('POST');
    expect(sent[0].url).toBe('/api/v1/files?purpose=record');
    expect(sent[0].headers.authorization).toBe('Bearer test-token');
    expect(sent[0].file.name).toBe('招商合同.pdf');
    act(() => sent[0].progress(40, 100));
    const progress = await screen.findByRole('progressbar', { name: '正在上传 招商合同.pdf' });
    expect(progress.getAttribute('aria-valuenow')).toBe('40');
    act(() => sent[0].answer(201, { ...uploaded(sent[0].file, 'f-pdf'), size: 1536 }));
    const item = await screen.findByTestId('file-item');
    expect(within(item).getByText('招商合同.pdf')).toBeTruthy();
    expect(within(item).getByText('PDF 文档')).toBeTruthy();
    expect(within(item).getByText('1.5 KB')).toBeTruthy();
    expect(within(item).getByText('aaaaaaaaaaaa…')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(latest).toEqual([{ fileId: 'f-pdf', name: '招商合同.pdf', mediaType: 'application/pdf', size: 1536, sha256: 'a'.repeat(64) }]);
  });

  it('takes several files at once, each with its own progress', async () => {
    const sent = stubUploads();
    const drop = open();
    drop(pdf(), new File(['png'], '现场照片.png', { type: 'image/png' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    act(() => sent[1].progress(70, 100));
    expect((await screen.findByRole('progressbar', { name: '正在上传 现场照片.png' })).getAttribute('aria-valuenow')).toBe('70');
    expect(screen.getByRole('progressbar', { name: '正在上传 招商合同.pdf' }).getAttribute('aria-valuenow')).toBe('0');
    act(() => sent[1].answer(201, uploaded(sent[1].file, 'f-png')));
    act(() => sent[0].answer(201, uploaded(sent[0].file, 'f-pdf')));
    await waitFor(() => expect(screen.getAllByTestId('file-item')).toHaveLength(2));
    expect(latest.map((file) => file.fileId)).toEqual(['f-png', 'f-pdf']);
    expect(screen.getByText('图片')).toBeTruthy();
  });

  it("says in Chinese when the server refuses a file as too large (413) or of a type it does not take (415)", async () => {
    const sent = stubUploads();
    const drop = open();
    drop(pdf(), new File(['MZ'], '伪装.txt', { type: 'text/plain' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    act(() => sent[0].answer(413, problem(413, 'Payload Too Large')));
    act(() => sent[1].answer(415, problem(415, 'Unsupported Media Type')));
    expect(await screen.findByText('“招商合同.pdf”超过服务器允许的大小（20 MB），未能上传。')).toBeTruthy();
    expect(screen.getByText('“伪装.txt”的内容不是允许的文件类型（服务器按文件内容识别），未能上传。')).toBeTruthy();
    expect(latest).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: '关闭 伪装.txt' }));
    await waitFor(() => expect(screen.queryByText(/伪装\.txt/)).toBeNull());
  });

  it('refuses a file over 20 MB or of another type before sending it', async () => {
    const sent = stubUploads();
    const drop = open();
    const big = pdf();
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 });
    drop(big, new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    expect(await screen.findByText('“招商合同.pdf”超过 20 MB，无法上传。')).toBeTruthy();
    expect(screen.getByText(/“setup\.exe”的文件类型不支持：请上传 PDF、图片/)).toBeTruthy();
    expect(sent).toHaveLength(0);
  });

  it('cancels an upload under way', async () => {
    const sent = stubUploads();
    const drop = open();
    drop(pdf());
    await waitFor(() => expect(sent).toHaveLength(1));
    act(() => sent[0].progress(10, 100));
    fireEvent.click(await screen.findByRole('button', { name: '取消上传 招商合同.pdf' }));
    expect(sent[0].aborted).toBe(true);
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(latest).toEqual([]);
  });

  it('removes an uploaded file from the list', async () => {
    stubUploads();
    open([
      { fileId: 'f-1', name: '合同.pdf', mediaType: 'application/pdf', size: 2048, sha256: 'b'.repeat(64) },
      { fileId: 'f-2', name: '说明.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 3 * 1024 * 1024, sha256: 'c'.repeat(64) },
    ]);
    expect(screen.getByText('Word 文档')).toBeTruthy();
    expect(screen.getByText('3 MB')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '移除 合同.pdf' }));
    await waitFor(() => expect(screen.getAllByTestId('file-item')).toHaveLength(1));
    expect(latest.map((file) => file.fileId)).toEqual(['f-2']);
  });
});
