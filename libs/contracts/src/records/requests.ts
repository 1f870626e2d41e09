import { z } from 'zod';
import { idSchema } from '../ids';

export const IMPACT_LEVELS = ['unit', 'district', 'city', 'province', 'national'] as const;
export const RATINGS = ['excellent', 'good', 'pass', 'none'] as const;
export const RECORD_STATUSES = ['draft', 'submitted', 'reviewed', 'verified', 'rejected', 'revoked'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];
export type Rating = (typeof RATINGS)[number];
export type RecordStatus = (typeof RECORD_STATUSES)[number];

const isoDate = z.iso.date('must be a date (YYYY-MM-DD)');
const id = idSchema;
const itemCode = z.string().regex(/^[A-Z]+-\d{2}$/, 'must be a second-level item code such as INVEST-03');

export const resultInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  value: z.number().finite(),
  unit: z.string().trim().max(20).default(''),
});

export const evidenceInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'must be a media type such as application/pdf'),
  size: z.number().int().min(0).max(1024 ** 3, 'must be at most 1 GiB'),
  sha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be a lower-case hex SHA-256'),
  storageKey: z.string().trim().min(1, 'is required').max(500),
});

export const participantInput = z.strictObject({
  userId: id,
  role: z.enum(['lead', 'member']),
  share: z.number().int('must be a whole percent').min(1).max(100),
});

const recordFields = {
  itemCode,
  title: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(20_000, 'must be at most 20,000 characters').default(''),
  periodStart: isoDate,
  periodEnd: isoDate,
  impactLevel: z.enum(IMPACT_LEVELS),
  results: z.array(resultInput).max(20).default([]),
  evidence: z.array(evidenceInput).max(20).default([]),
  participants: z.array(participantInput).max(30).optional(),
};

export const createRecordInput = z.strictObject(recordFields);
export const updateRecordInput = z
  .strictObject({
    version: z.number().int().min(1),
    itemCode: itemCode.optional(),
    title: recordFields.title.optional(),
    description: z.string().max(20_000, 'must be at most 20,000 characters').optional(),
    periodStart: isoDate.optional(),
    periodEnd: isoDate.optional(),
    impactLevel: z.enum(IMPACT_LEVELS).optional(),
    results: z.array(resultInput).max(20).optional(),
    evidence: z.array(evidenceInput).max(20).optional(),
    participants: z.array(participantInput).max(30).optional(),
  });

export const reviewInput = z.strictObject({
  decision: z.enum(['approve', 'return', 'reject']),
  comment: z.string().trim().max(2_000).default(''),
});

export const assessInput = z.strictObject({
  decision: z.enum(['confirm', 'return']),
  rating: z.enum(RATINGS).optional(),
  impactLevel: z.enum(IMPACT_LEVELS).optional(),
  comment: z.string().trim().max(2_000).default(''),
});

export const revokeInput = z.strictObject({ reason: z.string().trim().min(1, 'is required').max(2_000) });

export const participationInput = z.strictObject({
  decision: z.enum(['confirm', 'dispute']),
  comment: z.string().trim().max(2_000).default(''),
});

export const recordListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'must be at most 100').default(20),
  status: z.enum(RECORD_STATUSES).optional(),
  itemCode: z.string().regex(/^[A-Z]+(-\d{2})?$/, 'must be an item code').optional(),
  cadreId: id.optional(),
  departmentId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  duplicateEvidence: z.enum(['true', 'false']).optional(),
  sort: z.enum(['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'periodEnd', '-periodEnd']).default('-createdAt'),
  format: z.enum(['json', 'csv']).default('json'),
});

export type CreateRecordInput = z.infer<typeof createRecordInput>;
export type UpdateRecordInput = z.infer<typeof updateRecordInput>;
export type ReviewInput = z.infer<typeof reviewInput>;
export type AssessInput = z.infer<typeof assessInput>;
export type RevokeInput = z.infer<typeof revokeInput>;
export type ParticipationInput = z.infer<typeof participationInput>;
export type RecordListQuery = z.infer<typeof recordListQuery>;

export const taxonomyInput = z.strictObject({
  items: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[A-Z]{2,20}$/, 'must be 2–20 upper-case letters'),
        name: z.string().trim().min(1, 'is required').max(50),
        children: z
          .array(
            z.strictObject({
              code: z.string().regex(/^[A-Z]{2,20}-\d{2}$/, 'must be <FIRST>-NN'),
              name: z.string().trim().min(1, 'is required').max(50),
            }),
          )
          .min(1, 'needs at least one second-level item')
          .max(50),
      }),
    )
    .min(1, 'needs at least one item')
    .max(50),
});
export type TaxonomyInput = z.infer<typeof taxonomyInput>;

export interface TaxonomyView {
  version: number;
  createdAt: string;
  items: { code: string; name: string; children: { code: string; name: string }[] }[];
}

export interface RecordDetailView {
  id: string;
  version: number;
  status: RecordStatus;
  cadreId: string;
  cadreName: string;
  departmentId: string;
  departmentPath: string[];
  itemCode: string;
  firstLevelCode: string;
  taxonomyVersion: number;
  title: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  impactLevel: ImpactLevel;
  confirmedImpactLevel: ImpactLevel | null;
  rating: Rating | null;
  results: { name: string; value: number; unit: string }[];
  evidence: { name: string; mediaType: string; size: number; sha256: string; storageKey: string }[];
  duplicateEvidence: boolean;
  duplicateOf: string[];
  participants: { userId: string; name: string; role: 'lead' | 'member'; share: number; confirmation: 'pending' | 'confirmed' | 'disputed'; comment: string }[];
  history: { action: string; from: string | null; to: string; actorId: string; actorName: string; at: string; comment: string; version: number }[];
  submittedAt: string | null;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
