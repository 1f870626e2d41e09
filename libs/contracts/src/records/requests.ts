import { z } from 'zod';
import { exportCursor, listFormat } from '../export';
import { idSchema } from '../ids';
import { fileIdSchema } from '../files';
import { dateTimeView, dateView, intView, pageSchema } from '../view-schema';

export const IMPACT_LEVELS = ['unit', 'district', 'city', 'province', 'national'] as const;
export const RATINGS = ['excellent', 'good', 'pass', 'none'] as const;
/** `discarded`: a draft deleted by its filer after it had been submitted once (kept with its history, final). */
export const RECORD_STATUSES = ['draft', 'submitted', 'reviewed', 'verified', 'rejected', 'revoked', 'discarded'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];
export type Rating = (typeof RATINGS)[number];
export type RecordStatus = (typeof RECORD_STATUSES)[number];

const isoDate = z.iso.date('must be a date (YYYY-MM-DD)');
const id = idSchema;
const itemCode = z.string().regex(/^[A-Z]+-\d{2}$/, 'must be a second-level item code such as INVEST-03');

/** A quantitative result's bound: |value| ≤ 10¹² (亿元 figures and head counts fit; 1e308 or a non-finite value does not). */
export const MAX_RESULT_MAGNITUDE = 1e12;

export const resultInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  value: z
    .number('must be a finite number')
    .min(-MAX_RESULT_MAGNITUDE, 'must be at least -1000000000000 (-10^12)')
    .max(MAX_RESULT_MAGNITUDE, 'must be at most 1000000000000 (10^12)'),
  unit: z.string().trim().max(20).default(''),
});

/** A piece of evidence: an uploaded file (`POST /files?purpose=record`) by its id; the server fills in the rest. */
export const evidenceInput = z.strictObject({ fileId: fileIdSchema });

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

/** `POST /records/:id/withdraw`: the filer takes a submitted record back to draft before review (撤回). */
export const withdrawInput = z.strictObject({ comment: z.string().trim().max(2_000).default('') });

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
  /** A keyword: part of the title or of the filer's name, matched literally, case-insensitive. */
  q: z.string().trim().max(50, 'must be at most 50 characters').optional(),
  sort: z
    .enum(['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'periodEnd', '-periodEnd', 'submittedAt', '-submittedAt', 'title', '-title'])
    .default('-createdAt'),
  format: listFormat,
  cursor: exportCursor,
});

export type CreateRecordInput = z.infer<typeof createRecordInput>;
export type UpdateRecordInput = z.infer<typeof updateRecordInput>;
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

export const taxonomyViewSchema = z.strictObject({
  version: intView,
  createdAt: dateTimeView,
  items: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      children: z.array(z.strictObject({ code: z.string(), name: z.string() })),
    }),
  ),
});
export type TaxonomyView = z.infer<typeof taxonomyViewSchema>;

export const recordDetailViewSchema = z.strictObject({
  id: z.string(),
  version: intView,
  status: z.enum(RECORD_STATUSES),
  cadreId: z.string(),
  cadreName: z.string(),
  departmentId: z.string(),
  departmentPath: z.array(z.string()),
  itemCode: z.string(),
  firstLevelCode: z.string(),
  taxonomyVersion: intView,
  title: z.string(),
  description: z.string(),
  periodStart: dateView,
  periodEnd: dateView,
  impactLevel: z.enum(IMPACT_LEVELS),
  confirmedImpactLevel: z.enum(IMPACT_LEVELS).nullable(),
  rating: z.enum(RATINGS).nullable(),
  results: z.array(z.strictObject({ name: z.string(), value: z.number(), unit: z.string() })),
  /**
   * Stored files (`fileId`, `stored: true`; download at `/files/:fileId`); evidence typed in before files were stored
   * keeps its name, type, size, hash and `storageKey` with `fileId: null`, `stored: false`.
   */
  evidence: z.array(
    z.strictObject({
      fileId: z.string().nullable(),
      name: z.string(),
      mediaType: z.string(),
      size: intView,
      sha256: z.string(),
      stored: z.boolean(),
      storageKey: z.string().optional(),
    }),
  ),
  /** The same evidence hash is on another record (another filer's or the filer's own). */
  duplicateEvidence: z.boolean(),
  /** The ids of those records. */
  duplicateOf: z.array(z.string()),
  participants: z.array(
    z.strictObject({
      userId: z.string(),
      name: z.string(),
      role: z.enum(['lead', 'member']),
      /** Percent; the shares of a record sum to 100. */
      share: z.number(),
      confirmation: z.enum(['pending', 'confirmed', 'disputed']),
      comment: z.string(),
    }),
  ),
  history: z.array(
    z.strictObject({
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      actorId: z.string(),
      actorName: z.string(),
      at: dateTimeView,
      comment: z.string(),
      version: intView,
    }),
  ),
  submittedAt: dateTimeView.nullable(),
  verifiedAt: dateTimeView.nullable(),
  createdAt: dateTimeView,
  updatedAt: dateTimeView,
});
export type RecordDetailView = z.infer<typeof recordDetailViewSchema>;

/** `GET /records`. */
export const recordPageViewSchema = pageSchema(recordDetailViewSchema);
