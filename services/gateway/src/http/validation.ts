import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { validate } from '@cadre/platform';

// The schema travels wrapped: Nest would take a bare zod schema (it has `transform`) for a pipe.
const validBody = createParamDecorator((data: { schema: z.ZodType }, context: ExecutionContext) =>
  validate(data.schema, context.switchToHttp().getRequest<FastifyRequest>().body ?? {}),
);
const validQuery = createParamDecorator((data: { schema: z.ZodType }, context: ExecutionContext) =>
  validate(data.schema, context.switchToHttp().getRequest<FastifyRequest>().query ?? {}),
);

/** The request body parsed by a contract schema; 400 naming every offending field otherwise. */
export const ValidBody = (schema: z.ZodType) => validBody({ schema });
/** The query string parsed by a contract schema (unknown parameters rejected). */
export const ValidQuery = (schema: z.ZodType) => validQuery({ schema });
