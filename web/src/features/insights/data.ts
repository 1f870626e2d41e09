import { useMemo } from 'react';
import type { DepartmentView, TaxonomyView } from '@cadre/contracts';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { departmentTree } from './format';

export function useItemNames(): Map<string, string> {
  const { data } = useApiQuery(() => api.get<TaxonomyView>('/taxonomy'), []);
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
  const { data, error } = useApiQuery(() => api.get<{ items: DepartmentView[] }>('/departments'), []);
  const tree = useMemo(() => departmentTree(data?.items ?? []), [data]);
  return { items: data?.items ?? [], tree, error };
}
