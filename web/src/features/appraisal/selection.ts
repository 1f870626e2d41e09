import { useSearchParams } from 'react-router-dom';
import { useApiQuery } from '../../api/useApiQuery';
import { appraisalApi } from './api';

/**
 * The cycle and department a sheet or survey page shows, kept in the address (`?cycleId=&departmentId=`, so a link
 * from the cycle's page opens them): by default the newest open cycle (else the newest) and its first department.
 */
export function useCycleSelection({ withSurvey = false }: { withSurvey?: boolean } = {}) {
  const [params, setParams] = useSearchParams();
  const list = useApiQuery(() => appraisalApi.cycles({ pageSize: 100 }), []);
  const cycles = (list.data?.items ?? []).filter((c) => !withSurvey || c.survey);
  const cycleId = params.get('cycleId') ?? (cycles.find((c) => c.status === 'open') ?? cycles[0])?.id;
  const detail = useApiQuery(cycleId ? () => appraisalApi.cycle(cycleId) : null, [cycleId]);
  const cycle = detail.data?.id === cycleId ? detail.data : undefined;
  const departmentId = params.get('departmentId') ?? cycle?.departments[0]?.departmentId;
  const select = (next: { cycleId?: string; departmentId?: string }) => {
    const search = new URLSearchParams();
    if (next.cycleId) search.set('cycleId', next.cycleId);
    if (next.departmentId) search.set('departmentId', next.departmentId);
    setParams(search, { replace: true });
  };
  return {
    cycles,
    cycle,
    cycleId,
    departmentId,
    select,
    loading: list.loading || detail.loading,
    error: list.error ?? detail.error,
    reloadCycle: detail.reload,
    empty: !list.loading && !list.error && cycles.length === 0,
  };
}
