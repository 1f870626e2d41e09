import type {
  AppraisalView,
  BallotBody,
  BallotReceiptView,
  CadreAppraisalView,
  CreateCycleBody,
  CycleView,
  GradeBody,
  MyBallotsView,
  RatersBody,
  ReviewGradeBody,
  SheetView,
  SurveyCadreView,
  SurveyCloseView,
  SurveyView,
} from '@cadre/contracts';
import { api, type Page } from '../../api/client';

const cycle = (id: string) => `/appraisal/cycles/${encodeURIComponent(id)}`;

/** The paths of the appraisal lists a page exports (`?format=csv|xlsx`, see components/ExportButton). */
export const appraisalPaths = {
  sheet: (id: string) => `${cycle(id)}/sheet`,
  survey: (id: string) => `${cycle(id)}/survey`,
  cadre: (cadreId: string) => `/appraisal/cadres/${encodeURIComponent(cadreId)}`,
};

/** The appraisal API (docs/API.md "Appraisal"); every answer is a view of @cadre/contracts. */
export const appraisalApi = {
  cycles: (query: { status?: string; kind?: string; period?: string; page?: number; pageSize?: number } = {}) => api.get<Page<CycleView>>('/appraisal/cycles', query),
  cycle: (id: string) => api.get<CycleView>(cycle(id)),
  createCycle: (body: CreateCycleBody) => api.post<CycleView>('/appraisal/cycles', body),
  closeCycle: (id: string) => api.post<CycleView>(`${cycle(id)}/close`),
  closeSurvey: (id: string) => api.post<SurveyCloseView>(`${cycle(id)}/survey/close`),
  sheet: (id: string, departmentId: string) => api.get<SheetView>(appraisalPaths.sheet(id), { departmentId }),
  grade: (id: string, cadreId: string, body: GradeBody) => api.put<AppraisalView>(`${cycle(id)}/grades/${encodeURIComponent(cadreId)}`, body),
  review: (id: string, cadreId: string, body: ReviewGradeBody) => api.post<AppraisalView>(`${cycle(id)}/grades/${encodeURIComponent(cadreId)}/review`, body),
  myBallots: () => api.get<MyBallotsView>('/appraisal/ballots/mine'),
  vote: (id: string, body: BallotBody) => api.post<BallotReceiptView>(`${cycle(id)}/ballots`, body),
  survey: (id: string, departmentId: string) => api.get<SurveyView>(appraisalPaths.survey(id), { departmentId }),
  setRaters: (id: string, cadreId: string, body: RatersBody) => api.put<SurveyCadreView>(`${cycle(id)}/survey/raters/${encodeURIComponent(cadreId)}`, body),
  cadre: (cadreId: string, period?: string) => api.get<CadreAppraisalView>(appraisalPaths.cadre(cadreId), { period }),
};
