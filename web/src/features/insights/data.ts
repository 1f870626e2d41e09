import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DepartmentView, TaxonomyView } from '@cadre/contracts';
import { api } from '../../api/client';
import { departmentTree } from './format';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads with `load` whenever `key` changes; keeps the last data while reloading. */
export function useLoad<T>(load: (() => Promise<T>) | null, key: string): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(load !== null);
  const [tick, setTick] = useState(0);
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
        setData(undefined);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // `key` stands for everything `load` depends on (a new function each render).
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** Taxonomy names by code (first and second level); empty until loaded or when it cannot be read. */
export function useItemNames(): Map<string, string> {
  const { data } = useLoad(() => api.get<TaxonomyView>('/taxonomy'), 'taxonomy');
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const item of data?.items ?? []) {
      names.set(item.code, item.name);
      for (const child of item.children ?? []) names.set(child.code, child.name);
    }
    return names;
  }, [data]);
}

/** The department tree for pickers. */
export function useDepartments() {
  const { data, error } = useLoad(() => api.get<{ items: DepartmentView[] }>('/departments'), 'departments');
  const tree = useMemo(() => departmentTree(data?.items ?? []), [data]);
  return { items: data?.items ?? [], tree, error };
}
