import { act, renderHook, waitFor } from '@testing-library/react';
import { useApiQuery } from './useApiQuery';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useApiQuery', () => {
  it('loads on mount and again when its deps change, never on a re-render alone', async () => {
    const load = vi.fn(async (page: number) => `page ${page}`);
    const { result, rerender } = renderHook(({ page }) => useApiQuery(() => load(page), [page]), { initialProps: { page: 1 } });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.data).toBe('page 1'));
    rerender({ page: 1 });
    rerender({ page: 2 });
    await waitFor(() => expect(result.current.data).toBe('page 2'));
    expect(load.mock.calls).toEqual([[1], [2]]);
    expect(result.current.loading).toBe(false);
  });

  it('drops an answer that arrives after a newer load began', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    const { result, rerender } = renderHook(({ n }) => useApiQuery(() => answers[n].promise, [n]), { initialProps: { n: 0 } });
    rerender({ n: 1 });
    await act(async () => answers[1].resolve('new'));
    await act(async () => answers[0].resolve('old'));
    expect(result.current.data).toBe('new');
  });

  it('keeps the last data when loading again fails, and reports the error; reload loads again', async () => {
    let fail = false;
    const { result } = renderHook(() => useApiQuery(async () => (fail ? Promise.reject(new Error('down')) : 'ok'), []));
    await waitFor(() => expect(result.current.data).toBe('ok'));
    fail = true;
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.error).toEqual(new Error('down')));
    expect(result.current.data).toBe('ok');
    fail = false;
    act(() => result.current.reload());
    // A reload clears the error as it starts: wait for it to finish, not only for the error to go.
    await waitFor(() => {
      expect(result.current.error).toBeNull();
      expect(result.current.loading).toBe(false);
    });
  });

  it('loads nothing while `load` is null, and forgets the data when it becomes null', async () => {
    const { result, rerender } = renderHook(({ on }) => useApiQuery(on ? async () => 'data' : null, []), { initialProps: { on: false } });
    expect(result.current).toMatchObject({ data: undefined, loading: false, error: null });
    rerender({ on: true });
    await waitFor(() => expect(result.current.data).toBe('data'));
    rerender({ on: false });
    await waitFor(() => expect(result.current.data).toBeUndefined());
  });

  it('takes the data an action answered without loading again', async () => {
    const load = vi.fn(async () => 1);
    const { result } = renderHook(() => useApiQuery(load, []));
    await waitFor(() => expect(result.current.data).toBe(1));
    act(() => result.current.setData(2));
    expect(result.current.data).toBe(2);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
