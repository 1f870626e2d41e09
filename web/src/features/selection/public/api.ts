import type { ApplicationBody, ApplicationView, MySelectionView, NoticeView, ObjectionBody, RecordDetailView } from '@cadre/contracts';
import { api, type Page } from '../../../api/client';

const round = (id: string) => `/selection/rounds/${encodeURIComponent(id)}`;

/** What everyone signed in does in 选人用人 (docs/API.md "Selection"): notices, objections, my selection, applications. */
export const selectionPublicApi = {
  notices: () => api.get<{ items: NoticeView[] }>('/selection/notices'),
  object: (roundId: string, body: ObjectionBody) => api.post<{ id: string; status: string }>(`${round(roundId)}/objections`, body),
  mine: () => api.get<MySelectionView>('/selection/mine'),
  apply: (roundId: string, body: ApplicationBody) => api.post<ApplicationView>(`${round(roundId)}/applications`, body),
  /** Verified records for evidence: the caller's own and shared ones, or (a department's) its subtree's. */
  verifiedRecords: (departmentId?: string) => api.get<Page<RecordDetailView>>('/records', { status: 'verified', pageSize: 100, departmentId }),
};
