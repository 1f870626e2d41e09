import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { dossierQuery, dossierViewSchema, type DossierQuery, type DossierView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { contentDisposition } from '../http/csv';
import { okResponse, problemResponses } from '../http/openapi';
import { ValidQuery } from '../http/validation';
import { DossierComposer } from './dossier-composer';
import { DOSSIER_FONT, type DossierFontSetting } from './dossier.providers';
import type { DossierFont } from './dossier-font';
import { dossierLayout, type DossierLayout } from './dossier-layout';
import { renderDossierPdf } from './dossier-pdf';

const idParam = ApiParam({ name: 'id', description: 'the cadre', schema: { type: 'string' } });
const periodQuery = ApiQuery({
  name: 'period',
  required: false,
  description: 'a calendar year (YYYY, UTC+8); the current year by default',
  schema: { type: 'string', pattern: '^20\\d{2}$', example: '2026' },
});

/**
 * 实绩档案: a cadre's record of achievement for a year, as JSON and as a printable PDF. Composed from the owning
 * services' answers to the caller (DossierComposer): who may read it is theirs to decide.
 */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('api/v1')
export class DossierController {
  constructor(
    @Inject(DossierComposer) private readonly composer: DossierComposer,
    @Inject(DOSSIER_FONT) private readonly font: DossierFontSetting,
  ) {}

  @Get('cadres/:id/dossier')
  @ApiOperation({
    summary:
      '实绩档案 of a cadre and year (the cadre, reviewers and appraisers of their subtree, assessors, admins): the cadre, points by item (and the city-wide place for assessors and admins), the verified records, concluded tasks, confirmed grades and 测评 results of the year',
  })
  @idParam
  @periodQuery
  @okResponse(dossierViewSchema)
  @problemResponses(400, 401, 403, 404, 503)
  dossier(@Req() request: AuthenticatedRequest, @Param('id') id: string, @ValidQuery(dossierQuery) query: DossierQuery): Promise<DossierView> {
    return this.composer.dossier(id, query.period, request.caller);
  }

  @Get('cadres/:id/dossier.pdf')
  @ApiOperation({ summary: '实绩档案 as an A4 PDF (who: as for the JSON), downloaded as <姓名>-实绩档案-<period>.pdf; 503 when the server has no font with Chinese glyphs' })
  @idParam
  @periodQuery
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @problemResponses(400, 401, 403, 404, 503)
  async pdf(@Req() request: AuthenticatedRequest, @Param('id') id: string, @ValidQuery(dossierQuery) query: DossierQuery, @Res() reply: FastifyReply) {
    const view = await this.composer.dossier(id, query.period, request.caller);
    if (!this.font.font) throw problems.unavailable(this.font.missing);
    const layout = dossierLayout(view);
    const doc = this.render(layout, this.font.font);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(layout.filename)).header('cache-control', 'no-store').send(doc);
  }

  /** The document laid out in full before a byte is sent: a font file pdfkit cannot read is a 503 naming it, not a broken download. */
  private render(layout: DossierLayout, font: DossierFont): PDFKit.PDFDocument {
    try {
      return renderDossierPdf(layout, font);
    } catch (error) {
      throw problems.unavailable(`The 实绩档案 PDF could not use the font ${font.path}${font.family ? ` (${font.family})` : ''}: ${(error as Error).message}`);
    }
  }
}
