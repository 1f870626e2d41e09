import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readiness } from '@cadre/platform';
import { Public } from '../auth/auth.guard';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  @Get('healthz')
  @Public()
  health() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Public()
  async ready(@Res() reply: FastifyReply) {
    const report = await this.readiness.report();
    void reply.status(report.ready ? 200 : 503).header('cache-control', 'no-store').send(report);
  }
}
