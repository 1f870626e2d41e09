import type { RecordDetailView, UserView } from '@cadre/contracts';
import { stubApi as stubSignedIn, userView, type FetchCall, type Handler } from '../../test-utils';

/** Test fixtures of the records feature, and its API stub. */

export const user = userView;

const TAXONOMY = {
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  items: [
    { code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }, { code: 'INVEST-03', name: '500强企业引进' }] },
    { code: 'PARTY', name: '党的建设', children: [{ code: 'PARTY-01', name: '理论学习' }] },
  ],
};

export function record(overrides: Partial<RecordDetailView> = {}): RecordDetailView {
  return {
    id: 'r1',
    version: 1,
    status: 'draft',
    cadreId: 'u-cadre',
    cadreName: '王海军',
    departmentId: 'd-longhua',
    departmentPath: ['d-city', 'd-longhua'],
    itemCode: 'INVEST-03',
    firstLevelCode: 'INVEST',
    taxonomyVersion: 1,
    title: '引进世界500强企业区域总部',
    description: '牵头洽谈',
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    impactLevel: 'city',
    confirmedImpactLevel: null,
    rating: null,
    results: [],
    evidence: [],
    duplicateEvidence: false,
    duplicateOf: [],
    participants: [{ userId: 'u-cadre', name: '王海军', role: 'lead', share: 100, confirmation: 'confirmed', comment: '' }],
    history: [{ action: 'create', from: null, to: 'draft', actorId: 'u-cadre', actorName: '王海军', at: '2026-07-01T02:00:00.000Z', comment: '', version: 1 }],
    submittedAt: null,
    verifiedAt: null,
    createdAt: '2026-07-01T02:00:00.000Z',
    updatedAt: '2026-07-01T02:00:00.000Z',
    ...overrides,
  };
}

/** Signed in as `me`; `/taxonomy` answers the test taxonomy, `/scoring/standards` none; `handler` the rest (404 otherwise). */
export function stubApi(me: UserView, handler: Handler = () => undefined): FetchCall[] {
  return stubSignedIn(me, (method, path, body) =>
    path === '/taxonomy' ? { body: TAXONOMY } : path === '/scoring/standards' ? { body: [] } : handler(method, path, body),
  );
}
