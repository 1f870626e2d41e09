import type {
  AnswerObjectionBody,
  ApplicationView,
  CreateRoundBody,
  DecisionBody,
  DrawBody,
  MySelectionView,
  OutcomeView,
  RoundSummaryView,
  RoundView,
} from '@cadre/contracts';
import { api, type Page } from '../../api/client';

const round = (id: string) => `/selection/rounds/${encodeURIComponent(id)}`;

/** The paths of the selection lists a page exports (`?format=csv|xlsx`, see components/ExportButton). */
export const selectionPaths = {
  round,
  applications: (id: string) => `${round(id)}/applications`,
};
const candidate = (id: string, candidateId: string) => `${round(id)}/candidates/${encodeURIComponent(candidateId)}`;
const objection = (id: string, objectionId: string) => `${round(id)}/objections/${encodeURIComponent(objectionId)}`;

export interface RoundListFilters {
  status?: string;
  kind?: string;
  page?: number;
  pageSize?: number;
}

export interface OutcomeFilters {
  period?: string;
  departmentId?: string;
  kind?: string;
}

/** The selection API of the organisation department (docs/API.md "Selection"); every answer is a view of @cadre/contracts. */
export const selectionApi = {
  rounds: (query: RoundListFilters = {}) => api.get<Page<RoundSummaryView>>('/selection/rounds', { ...query }),
  round: (id: string) => api.get<RoundView>(round(id)),
  createRound: (body: CreateRoundBody) => api.post<RoundView>('/selection/rounds', body),
  draw: (id: string, body: Partial<DrawBody>) => api.post<RoundView>(`${round(id)}/candidates/draw`, body),
  inspect: (id: string, candidateId: string, note: string) => api.post<RoundView>(`${candidate(id, candidateId)}/inspection`, { note }),
  decide: (id: string, candidateId: string, body: DecisionBody) => api.post<RoundView>(`${candidate(id, candidateId)}/decision`, body),
  publishNotice: (id: string, noticeDays?: number) => api.post<RoundView>(`${round(id)}/notice`, noticeDays ? { noticeDays } : {}),
  investigate: (id: string, objectionId: string, note: string) => api.post<RoundView>(`${objection(id, objectionId)}/investigate`, { note }),
  answer: (id: string, objectionId: string, body: Partial<AnswerObjectionBody> & Pick<AnswerObjectionBody, 'outcome' | 'answer'>) =>
    api.post<RoundView>(`${objection(id, objectionId)}/answer`, body),
  conclude: (id: string) => api.post<RoundView>(`${round(id)}/conclude`),
  applications: (id: string, query: { departmentId?: string; status?: string } = {}) => api.get<{ items: ApplicationView[]; total: number }>(selectionPaths.applications(id), query),
  recommend: (id: string, applicationId: string, body: { recommend: boolean; comment: string }) =>
    api.post<ApplicationView>(`${round(id)}/applications/${encodeURIComponent(applicationId)}/recommend`, body),
  outcomes: (query: OutcomeFilters) => api.get<{ items: OutcomeView[]; total: number }>('/selection/outcomes', { ...query }),
  mine: () => api.get<MySelectionView>('/selection/mine'),
};
