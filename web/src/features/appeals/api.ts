import type { AppealBody, AppealView, DecideAppealBody } from '@cadre/contracts';
import { api, type Page } from '../../api/client';

const appeal = (id: string) => `/selection/appeals/${encodeURIComponent(id)}`;

export interface AppealListQuery {
  status?: string;
  mine?: 'true';
  page?: number;
  pageSize?: number;
}

/** 申诉 (docs/API.md "Selection"): file, list (assessors: all), read, decide. */
export const appealsApi = {
  list: (query: AppealListQuery = {}) => api.get<Page<AppealView>>('/selection/appeals', { ...query }),
  get: (id: string) => api.get<AppealView>(appeal(id)),
  file: (body: AppealBody) => api.post<AppealView>('/selection/appeals', body),
  decide: (id: string, body: DecideAppealBody) => api.post<AppealView>(`${appeal(id)}/decide`, body),
};
