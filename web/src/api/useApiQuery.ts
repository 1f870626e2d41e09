import { useCallback, useEffect, useState, type DependencyList } from 'react';

interface ApiQuery<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (after a change the page made). */
  reload(): void;
  /** Replaces the data with what an action answered, without loading again. */
  setData(value: T): void;
}

/**
 * Loads with `load` when the component mounts, whenever `deps` change (they stand for everything `load` reads: it
 * is a new function each render) and on `reload()`. While loading again, and if that fails, the last data stays:
 * each page decides whether an error replaces it or shows beside it. An answer that arrives after a newer load
 * began is dropped. With `load` null there is nothing to load: no data, not loading.
 */
export function useApiQuery<T>(load: (() => Promise<T>) | null, deps: DependencyList): ApiQuery<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(load !== null);
  const [tick, setTick] = useState(0);
  const enabled = load !== null;
  useEffect(() => {
    if (!load) {
      setData(undefined);
      setError(null);
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!live) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // `deps` stand for everything `load` reads (the caller's list, like useEffect's own); `load` is new each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
