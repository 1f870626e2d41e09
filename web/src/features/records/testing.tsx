import type { RecordDetailView, UserView } from '@cadre/contracts';
import { stubApi as stubSignedIn, userView, type FetchCall, type Handler } from '../../test-utils';
import { answerPeople, person } from '../../components/people/testing';

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

type Evidence = RecordDetailView['evidence'][number];

/** An uploaded evidence file as the record view carries it (the contract type gains `fileId` with issue #19). */
export function evidenceFile(overrides: Record<string, unknown> = {}): Evidence {
  return { fileId: 'f-pdf', name: '招商合同.pdf', mediaType: 'application/pdf', size: 2048, sha256: 'a'.repeat(64), ...overrides } as unknown as Evidence;
}

/** Evidence filed before uploads existed: typed in, no fileId. */
export function legacyEvidence(overrides: Record<string, unknown> = {}): Evidence {
  return { name: '旧合同扫描件.pdf', mediaType: 'application/pdf', size: 100, sha256: 'd'.repeat(64), storageKey: 'evidence/2025/old.pdf', ...overrides } as unknown as Evidence;
}

/** Colleagues the participant pickers find (`GET /people`). */
export const COLLEAGUE = person({ userId: 'u-colleague', name: '陈同事', departmentName: '龙华区', title: '副科长' });
export const GHOST = person({ userId: 'u-ghost', name: '离职人员', departmentName: '龙华区', title: '科员' });

/**
 * Signed in as `me`; `/taxonomy` answers the test taxonomy, `/scoring/standards` none, `/people` finds COLLEAGUE and
 * GHOST; `handler` the rest (404 otherwise).
 */
export function stubApi(me: UserView, handler: Handler = () => undefined): FetchCall[] {
  return stubSignedIn(
    me,
    (method, path, body) =>
      (path === '/taxonomy' ? { body: TAXONOMY } : path === '/scoring/standards' ? { body: [] } : handler(method, path, body)) ?? answerPeople([COLLEAGUE, GHOST], method, path),
  );
}
