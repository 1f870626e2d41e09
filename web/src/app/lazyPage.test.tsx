import { Suspense } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../i18n/i18n';
import { lazyPage, preloadPage } from './lazyPage';
import type { ChunkLoadEnv } from './chunkLoad';

const env = (status: number): ChunkLoadEnv => ({
  sleep: async () => undefined,
  statusOf: async () => status,
  reload: () => undefined,
  storage: { getItem: () => null, setItem: () => undefined },
  now: () => 0,
});

const renderPage = (Page: React.ComponentType, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  render(
    <I18nProvider initial={locale}>
      <Suspense fallback={<p>loading</p>}>
        <Page />
      </Suspense>
    </I18nProvider>,
  );

describe('lazyPage', () => {
  it('shows the page when a retry of its chunk succeeds', async () => {
    let calls = 0;
    const Page = lazyPage(async () => {
      if (++calls === 1) throw new TypeError('Failed to fetch dynamically imported module: http://x/assets/P-1.js');
      return { P: () => <h1>页面内容</h1> };
    }, 'P', env(200));
    renderPage(Page);
    expect(await screen.findByRole('heading', { name: '页面内容' })).toBeTruthy();
  });

  it('shows a plain-words page with 刷新, never a blank page, when the chunk cannot be loaded', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const reload = vi.fn();
    Object.defineProperty(window, 'location', { configurable: true, value: { ...window.location, reload } });
    const Page = lazyPage(async (): Promise<{ P: () => null }> => {
      throw new TypeError('Failed to fetch dynamically imported module: http://x/assets/P-1.js');
    }, 'P', env(0));
    renderPage(Page);
    expect((await screen.findByRole('alert')).textContent).toContain('页面加载失败：网络不稳定或系统刚刚更新。请刷新页面重试。');
    await userEvent.click(screen.getByRole('button', { name: /刷\s*新/ }));
    expect(reload).toHaveBeenCalled();
  });

  it('says it in English for en', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const Page = lazyPage(async (): Promise<{ P: () => null }> => {
      throw new TypeError('network');
    }, 'P', env(0));
    renderPage(Page, 'en');
    expect((await screen.findByRole('alert')).textContent).toContain('The page could not be loaded');
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeTruthy();
  });

  it('starts loading a route element’s chunk before it renders (a page opened by URL), once', async () => {
    let calls = 0;
    const Page = lazyPage(async () => {
      calls++;
      return { P: () => <h1>预先加载</h1> };
    }, 'P', env(200));
    preloadPage(<Page />);
    preloadPage(<p>not a page</p>);
    expect(calls).toBe(1);
    renderPage(Page);
    expect(await screen.findByRole('heading', { name: '预先加载' })).toBeTruthy();
    expect(calls).toBe(1);
  });
});
