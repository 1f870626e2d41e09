import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProblemException } from '@cadre/platform';

/** The one route that takes multipart/form-data. */
export const UPLOAD_ROUTE = '/api/v1/files';

/**
 * multipart/form-data for `POST /files` only: the parser hands the request stream to the route (nothing is
 * buffered, so the JSON body limit does not apply; the route reads one part named `file` within FILES_MAX_BYTES),
 * and a multipart body sent anywhere else is refused with 415 as any other form is.
 */
export async function acceptMultipartUploads(app: NestFastifyApplication, maxBytes: number): Promise<void> {
  await app.register(multipart as never, { limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 1_024, parts: 12 }, throwFileSizeLimit: true });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request) => {
      if (/^multipart\//i.test(String(request.headers['content-type'] ?? '')) && !(request.method === 'POST' && request.routeOptions.url === UPLOAD_ROUTE)) {
        throw new ProblemException(415, `Only POST ${UPLOAD_ROUTE} takes multipart/form-data; send JSON.`, undefined, { connection: 'close' });
      }
    });
}
