import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { declareIdempotencyKeys } from './openapi-idempotency';
import {
  activationViewSchema,
  analyticsScopeViewSchema,
  bidEvaluationSummarySchema,
  bidViewSchema,
  candidatesViewSchema,
  candidateViewSchema,
  cappedItemViewSchema,
  departmentListViewSchema,
  departmentRowViewSchema,
  departmentsViewSchema,
  departmentViewSchema,
  dryRunViewSchema,
  evaluationViewSchema,
  fileAccessEntryViewSchema,
  fileAccessPageViewSchema,
  fileAttachmentSchema,
  fileMetaViewSchema,
  uploadedFileViewSchema,
  jobAcceptedViewSchema,
  ledgerEntryViewSchema,
  loginViewSchema,
  meViewSchema,
  overviewViewSchema,
  portraitViewSchema,
  problemFieldErrorSchema,
  problemSchema,
  rankingItemViewSchema,
  rankingViewSchema,
  rebuildViewSchema,
  recalculationJobViewSchema,
  recordDetailViewSchema,
  recordPageViewSchema,
  scoreViewSchema,
  scoringStandardListViewSchema,
  scoringStandardViewSchema,
  taskAwardViewSchema,
  taskBatchPageViewSchema,
  taskBatchViewSchema,
  taskHistoryEntrySchema,
  taskProgressViewSchema,
  taskResultsViewSchema,
  taskReviewViewSchema,
  taskRewardViewSchema,
  taskSummaryPageViewSchema,
  taskSummaryViewSchema,
  taskViewSchema,
  taxonomyViewSchema,
  teamMemberViewSchema,
  teamViewSchema,
  teamPageViewSchema,
  myBidViewSchema,
  myBidPageViewSchema,
  userPageViewSchema,
  userViewSchema,
  personViewSchema,
  peopleViewSchema,
  inboxItemViewSchema,
  inboxViewSchema,
  inboxRebuildViewSchema,
  notificationViewSchema,
  notificationListViewSchema,
  unreadCountViewSchema,
  appraisalViewSchema,
  ballotReceiptViewSchema,
  cadreAppraisalViewSchema,
  cycleDepartmentViewSchema,
  dossierViewSchema,
  cyclePageSchema,
  cycleViewSchema,
  myBallotsViewSchema,
  sheetViewSchema,
  surveyCadreViewSchema,
  surveyResultViewSchema,
  surveyViewSchema,
  surveyCloseViewSchema,
  analyticsAppraisalViewSchema,
  analyticsSelectionViewSchema,
  appealPageSchema,
  appealViewSchema,
  applicationListSchema,
  applicationViewSchema,
  mySelectionViewSchema,
  noticeListSchema,
  noticeViewSchema,
  outcomeListSchema,
  outcomeViewSchema,
  roundCandidateViewSchema,
  roundPageSchema,
  roundSummaryViewSchema,
  roundViewSchema,
} from '@cadre/contracts';
import { objectionReceiptViewSchema } from '../selection/objection-receipt';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: every offending field is named in `errors[]`',
  401: 'No token, or a bad or expired one',
  403: 'Not allowed for the caller’s roles or department',
  404: 'Unknown, or not visible to the caller',
  409: 'Not allowed in the current state, a stale version, or a duplicate',
  413: 'Body too large',
  415: 'The file is not of an allowed type (sniffed from its bytes)',
  416: 'The requested byte range lies outside the file (Content-Range: bytes */size)',
  429: 'Too many requests (see Retry-After)',
  503: 'A service behind the gateway did not answer (see Retry-After)',
};

/** The JSON Schema (OpenAPI 3.0 dialect) of a contract's zod schema as a request accepts it, with an example. */
export function apiSchema(schema: z.ZodType, example?: unknown): Record<string, any> {
  const json = tidy(z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' })) as Record<string, any>;
  return example === undefined ? json : { ...json, example };
}

/**
 * The answers of the API, as reusable components (`#/components/schemas/<name>`): every view of the contracts an
 * operation answers, and the parts several of them share.
 */
const RESPONSE_COMPONENTS: Record<string, z.ZodType> = {
  Problem: problemSchema,
  ProblemFieldError: problemFieldErrorSchema,
  Login: loginViewSchema,
  User: userViewSchema,
  UserPage: userPageViewSchema,
  Me: meViewSchema,
  Department: departmentViewSchema,
  DepartmentList: departmentListViewSchema,
  Taxonomy: taxonomyViewSchema,
  RecordDetail: recordDetailViewSchema,
  RecordPage: recordPageViewSchema,
  TaskBatch: taskBatchViewSchema,
  TaskBatchPage: taskBatchPageViewSchema,
  Task: taskViewSchema,
  TaskSummary: taskSummaryViewSchema,
  TaskSummaryPage: taskSummaryPageViewSchema,
  TaskAward: taskAwardViewSchema,
  TaskProgress: taskProgressViewSchema,
  TaskResults: taskResultsViewSchema,
  TaskReview: taskReviewViewSchema,
  TaskReward: taskRewardViewSchema,
  TaskHistoryEntry: taskHistoryEntrySchema,
  Bid: bidViewSchema,
  BidEvaluationSummary: bidEvaluationSummarySchema,
  Evaluation: evaluationViewSchema,
  Team: teamViewSchema,
  TeamMember: teamMemberViewSchema,
  TeamPage: teamPageViewSchema,
  MyBid: myBidViewSchema,
  MyBidPage: myBidPageViewSchema,
  ScoringStandard: scoringStandardViewSchema,
  ScoringStandardList: scoringStandardListViewSchema,
  DryRun: dryRunViewSchema,
  Activation: activationViewSchema,
  JobAccepted: jobAcceptedViewSchema,
  RecalculationJob: recalculationJobViewSchema,
  Score: scoreViewSchema,
  LedgerEntry: ledgerEntryViewSchema,
  CappedItem: cappedItemViewSchema,
  Ranking: rankingViewSchema,
  RankingItem: rankingItemViewSchema,
  AnalyticsScope: analyticsScopeViewSchema,
  Overview: overviewViewSchema,
  DepartmentRow: departmentRowViewSchema,
  Departments: departmentsViewSchema,
  Portrait: portraitViewSchema,
  Candidate: candidateViewSchema,
  Candidates: candidatesViewSchema,
  Rebuild: rebuildViewSchema,
  UploadedFile: uploadedFileViewSchema,
  FileMeta: fileMetaViewSchema,
  FileAttachment: fileAttachmentSchema,
  FileAccessEntry: fileAccessEntryViewSchema,
  FileAccessPage: fileAccessPageViewSchema,
  Person: personViewSchema,
  People: peopleViewSchema,
  InboxItem: inboxItemViewSchema,
  Inbox: inboxViewSchema,
  InboxRebuild: inboxRebuildViewSchema,
  Notification: notificationViewSchema,
  NotificationList: notificationListViewSchema,
  UnreadCount: unreadCountViewSchema,
  AppraisalCycle: cycleViewSchema,
  AppraisalCyclePage: cyclePageSchema,
  AppraisalCycleDepartment: cycleDepartmentViewSchema,
  Appraisal: appraisalViewSchema,
  AppraisalSheet: sheetViewSchema,
  SurveyResult: surveyResultViewSchema,
  Survey: surveyViewSchema,
  SurveyCadre: surveyCadreViewSchema,
  MyBallots: myBallotsViewSchema,
  BallotReceipt: ballotReceiptViewSchema,
  SurveyClose: surveyCloseViewSchema,
  CadreAppraisal: cadreAppraisalViewSchema,
  AnalyticsAppraisal: analyticsAppraisalViewSchema,
  SelectionRound: roundViewSchema,
  SelectionRoundSummary: roundSummaryViewSchema,
  SelectionRoundPage: roundPageSchema,
  SelectionCandidate: roundCandidateViewSchema,
  SelectionNotice: noticeViewSchema,
  SelectionNoticeList: noticeListSchema,
  ObjectionReceipt: objectionReceiptViewSchema,
  SelectionApplication: applicationViewSchema,
  SelectionApplicationList: applicationListSchema,
  MySelection: mySelectionViewSchema,
  Appeal: appealViewSchema,
  AppealPage: appealPageSchema,
  SelectionOutcome: outcomeViewSchema,
  SelectionOutcomeList: outcomeListSchema,
  AnalyticsSelection: analyticsSelectionViewSchema,
  Dossier: dossierViewSchema,
};

const components = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries(RESPONSE_COMPONENTS)) components.add(schema, { id });

/** A `$ref` to the component of a contract's schema (one listed in `RESPONSE_COMPONENTS`). */
function componentRef(schema: z.ZodType): { $ref: string } {
  const id = components.get(schema)?.id;
  if (!id) throw new Error('This schema is not an OpenAPI component: add it to RESPONSE_COMPONENTS in http/openapi.ts');
  return { $ref: `#/components/schemas/${id}` };
}

/** The component schemas of every answer, OpenAPI 3.0 dialect, as they leave the API (`io: 'output'`). */
export function responseComponents(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(components, {
    target: 'openapi-3.0',
    io: 'output',
    unrepresentable: 'throw',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const tidied = Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, tidy(schema) as Record<string, unknown>]));
  return Object.fromEntries(Object.entries(tidied).map(([id, schema]) => [id, typeNullableRefs(schema, tidied) as Record<string, unknown>]));
}

/**
 * zod writes a nullable component as `{ nullable: true, allOf: [{ $ref }] }`; OpenAPI 3.0 wants the `type` next to
 * `nullable` (a `nullable` without it means nothing), so the referenced component's type is added.
 */
function typeNullableRefs(node: unknown, schemas: Record<string, Record<string, unknown>>): unknown {
  if (Array.isArray(node)) return node.map((item) => typeNullableRefs(item, schemas));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, typeNullableRefs(value, schemas)]));
  if (out.nullable === true && out.type === undefined && Array.isArray(out.allOf) && out.allOf.length === 1) {
    const target = String((out.allOf[0] as { $ref?: string }).$ref ?? '').split('/').pop() as string;
    const type = schemas[target]?.type;
    if (typeof type !== 'string') throw new Error(`a nullable reference to ${target}, which has no type`);
    out.type = type;
  }
  return out;
}

/**
 * Drops what OpenAPI 3.0 does not take or what only adds noise: `$schema`, `$id`, and the regular expressions
 * zod writes next to `format: date-time | date` (the format says it) and the safe-integer bounds of `.int()`.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id') continue;
    out[key] = tidy(value);
  }
  if ((out.format === 'date-time' || out.format === 'date') && typeof out.pattern === 'string') delete out.pattern;
  if (out.type === 'integer') {
    if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
    if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  }
  return out;
}

const CSV_CONTENT = {
  'text/csv': { schema: { type: 'string', description: 'A spreadsheet (`?format=csv`): UTF-8 with a byte order mark, a header row with Chinese column names; streamed' } },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    schema: { type: 'string', format: 'binary', description: 'An Excel workbook (`?format=xlsx`): one sheet, the same columns as the CSV, a frozen header row; streamed' },
  },
};
const CSV_HEADERS = {
  'Content-Disposition': { description: 'attachment, with the file name', schema: { type: 'string', example: 'attachment; filename="records.csv"' } },
};

/** The operation's success answer: `status` (200 by default) with a contract's view as JSON. */
export const okResponse = (schema: z.ZodType, options: { status?: 200 | 201 | 202; description?: string } = {}) =>
  ApiResponse({ status: options.status ?? 200, description: options.description ?? 'OK', content: { 'application/json': { schema: componentRef(schema) } } });

/** 201 with the created resource's view. */
export const createdResponse = (schema: z.ZodType, description = 'Created') => okResponse(schema, { status: 201, description });

/** 202 with `{ jobId }` (or another view of the accepted work): the work goes on in the background. */
export const acceptedResponse = (schema: z.ZodType, description = 'Accepted: the work goes on in the background') => okResponse(schema, { status: 202, description });

/** 200 with the view as JSON, or with `?format=csv|xlsx` the same data as a spreadsheet. */
export const okJsonOrCsvResponse = (schema: z.ZodType, description = 'JSON; with `?format=csv` a CSV file, with `?format=xlsx` an Excel workbook') =>
  ApiResponse({ status: 200, description, headers: CSV_HEADERS, content: { 'application/json': { schema: componentRef(schema) }, ...CSV_CONTENT } });

export const problemResponses = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', content: { 'application/problem+json': { schema: componentRef(problemSchema) } } }),
    ),
  );

type ComponentSchemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

/** The OpenAPI 3.0 document of the application's routes, with the answers' component schemas. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('激励一张网 — cadre incentive platform API')
    .setDescription('The public HTTP contract. Errors are RFC 9457 problems (application/problem+json).')
    .setVersion('1')
    .setOpenAPIVersion('3.0.3')
    .addServer('/', 'The gateway serving this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), ...(responseComponents() as ComponentSchemas) } };
  return declareIdempotencyKeys(document);
}

/** `/api/docs-json` (the OpenAPI document) and `/api/docs` (Swagger UI served from swagger-ui-dist). */
export function setUpOpenApi(app: NestFastifyApplication): void {
  const document = buildOpenApiDocument(app);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/api/docs-json', (_request, reply) => void reply.header('content-type', 'application/json').send(document));

  const uiRoot = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets: Record<string, string> = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'application/javascript' };
  for (const [file, type] of Object.entries(assets)) {
    const body = readFileSync(path.join(uiRoot, file));
    fastify.get(`/api/docs/${file}`, (_request, reply) => void reply.header('content-type', type).header('cache-control', 'public, max-age=86400').send(body));
  }
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>激励一张网 API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
  fastify.get('/api/docs/init.js', (_request, reply) =>
    void reply.header('content-type', 'application/javascript').send("window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#ui' });"),
  );
  fastify.get('/api/docs', (_request, reply) => void reply.header('content-type', 'text/html; charset=utf-8').send(page));
}
