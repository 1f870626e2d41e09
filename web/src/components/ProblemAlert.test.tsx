import { fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { ProblemAlert } from './ProblemAlert';

const problem = (status: number, detail?: string) => ({ type: 'about:blank', title: 'Service Unavailable', status, detail, traceId: 'tr-1' });

function show(error: unknown, locale: 'zh-CN' | 'en' = 'zh-CN', onRetry?: () => void) {
  return render(
    <I18nProvider initial={locale}>
      <ProblemAlert error={error} onRetry={onRetry} />
    </I18nProvider>,
  );
}

describe('ProblemAlert on a busy or unreachable server', () => {
  it('tells a 429 how many seconds to wait, from its Retry-After', () => {
    show(new ApiError(problem(429, 'Too Many Requests: rate limit exceeded'), 12));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('操作太频繁，请 12 秒后再试');
    expect(alert.textContent).not.toContain('rate limit');
    expect(alert.textContent).toContain('追踪编号：tr-1');
  });

  it('tells a 429 without Retry-After to try again later', () => {
    show(new ApiError(problem(429)));
    expect(screen.getByRole('alert').textContent).toContain('操作太频繁，请稍后再试');
  });

  it('says a 503 means the system is busy, without the gateway’s English', () => {
    show(new ApiError(problem(503, '{"reason":"overloaded","inFlight":512}')));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('系统繁忙，请稍后重试');
    expect(alert.textContent).not.toContain('overloaded');
  });

  it('says a network failure (status 0) means the server cannot be reached', () => {
    show(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'The server could not be reached.' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('无法连接服务器，请检查网络');
    expect(alert.textContent).not.toContain('could not be reached');
  });

  it('offers 重试 when the page can ask again, and asks again when clicked', () => {
    const onRetry = vi.fn();
    show(new ApiError(problem(503)), 'zh-CN', onRetry);
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('has no retry button when the page gives no onRetry', () => {
    show(new ApiError(problem(503)));
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
  });

  it('speaks English in the English locale', () => {
    show(new ApiError(problem(429), 3), 'en', () => undefined);
    expect(screen.getByRole('alert').textContent).toContain('Too many requests; try again in 3 seconds.');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('still shows the detail of other answers (a 409)', () => {
    show(new ApiError(problem(409, '记录已被他人修改')));
    expect(screen.getByRole('alert').textContent).toContain('记录已被他人修改');
  });
});
