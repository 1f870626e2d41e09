import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Providers, stubApi, userView } from '../../test-utils';
import { FileList } from './FileList';
import { stubDownloads, stubObjectUrls } from './testing';
import type { FileRef } from './types';

vi.setConfig({ testTimeout: 30_000 });

const PDF: FileRef = { fileId: 'f-pdf', name: '招商合同.pdf', mediaType: 'application/pdf', size: 2048, sha256: 'a'.repeat(64) };
const PNG: FileRef = { fileId: 'f-png', name: '签约现场.png', mediaType: 'image/png', size: 4096, sha256: 'b'.repeat(64) };
const DOCX: FileRef = { fileId: 'f-docx', name: '情况说明.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 10240, sha256: 'c'.repeat(64) };
const LEGACY: FileRef = { fileId: null, name: '旧材料.pdf', mediaType: 'application/pdf', size: 100, sha256: 'd'.repeat(64), storageKey: 'evidence/2025/old.pdf' };

function show(files: FileRef[], compact = false) {
  render(
    <Providers>
      <FileList files={files} compact={compact} />
    </Providers>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
});

describe('FileList', () => {
  it('previews a PDF in a frame, fetched with the token, and frees its URL on close', async () => {
    const calls = stubApi(userView(), (method, path) => (method === 'GET' && path === '/files/f-pdf' ? { body: '%PDF-1.4' } : undefined));
    const urls = stubObjectUrls();
    show([PDF]);
    fireEvent.click(screen.getByRole('button', { name: '预览 招商合同.pdf' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('预览：招商合同.pdf')).toBeTruthy();
    const frame = within(dialog).getByTitle('PDF 预览：招商合同.pdf') as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('src')).toBe('blob:file-1');
    expect(urls.made[0].type).toBe('application/pdf');
    expect(calls.find((call) => call.path === '/files/f-pdf')?.method).toBe('GET');
    const init = vi.mocked(fetch).mock.calls.find(([url]) => String(url) === '/api/v1/files/f-pdf')?.[1];
    expect((init?.headers as Record<string, string>).authorization).toBe('Bearer test-token');
    fireEvent.click(within(dialog).getByRole('button', { name: /关\s*闭/ }));
    await waitFor(() => expect(urls.revoked).toContain('blob:file-1'));
  });

  it('previews an image', async () => {
    stubApi(userView(), (method, path) => (path === '/files/f-png' ? { body: 'png' } : undefined));
    stubObjectUrls();
    show([PNG]);
    fireEvent.click(screen.getByRole('button', { name: '预览 签约现场.png' }));
    const image = (await within(await screen.findByRole('dialog')).findByAltText('签约现场.png')) as HTMLImageElement;
    expect(image.getAttribute('src')).toBe('blob:file-1');
  });

  it('downloads a Word document under its name instead of previewing it', async () => {
    stubApi(userView(), (method, path) => (path === '/files/f-docx' ? { body: 'docx' } : undefined));
    stubObjectUrls();
    const clicks = stubDownloads();
    show([DOCX]);
    expect(screen.getByText('Word 文档')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '预览 情况说明.docx' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '下载 情况说明.docx' }));
    await waitFor(() => expect(clicks).toEqual([{ href: 'blob:file-1', download: '情况说明.docx' }]));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('in a queue cell, opens a PDF by its name and downloads a docx', async () => {
    stubApi(userView(), (method, path) => (path.startsWith('/files/') ? { body: 'bytes' } : undefined));
    stubObjectUrls();
    const clicks = stubDownloads();
    show([PDF, DOCX], true);
    fireEvent.click(screen.getByRole('button', { name: '下载 情况说明.docx' }));
    await waitFor(() => expect(clicks.map((click) => click.download)).toEqual(['情况说明.docx']));
    fireEvent.click(screen.getByRole('button', { name: '预览 招商合同.pdf' }));
    expect(await within(await screen.findByRole('dialog')).findByTitle('PDF 预览：招商合同.pdf')).toBeTruthy();
  });

  it('shows evidence filed before uploads as 未上传原件, with nothing to open', () => {
    const calls = stubApi(userView());
    show([LEGACY]);
    const item = screen.getByTestId('file-item');
    expect(within(item).getByText('未上传原件')).toBeTruthy();
    expect(within(item).getByText('旧材料.pdf')).toBeTruthy();
    expect(within(item).queryByRole('button', { name: /预览|下载/ })).toBeNull();
    expect(calls.some((call) => call.path.startsWith('/files'))).toBe(false);
  });

  it('says so in Chinese when a file cannot be opened', async () => {
    stubApi(userView());
    stubObjectUrls();
    show([PDF]);
    fireEvent.click(screen.getByRole('button', { name: '预览 招商合同.pdf' }));
    expect(await screen.findByText('无法打开“招商合同.pdf”：要找的内容不存在或已被删除。')).toBeTruthy();
  });
});
