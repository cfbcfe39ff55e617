import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commonErrors, raise } from '../../http/app-error.ts';
import { multipartError } from '../../http/multipart-errors.ts';
import { requireAuth } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { ResolvedSession } from '../../identity/sessions/session.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { resolveCaller, type AccessService } from '../access/access.service.ts';
import { contentDisposition } from '../exports/export-format.ts';
import { recordParams } from '../customers/customer.schema.ts';
import { importErrors } from './import.errors.ts';
import {
  checkReplySchema,
  importPageSchema,
  importReplySchema,
  issuePageSchema,
  issuesQuery,
  listQuery,
  previewSchema,
  runBody,
  uploadQuery,
  uploadReplySchema,
} from './import.schema.ts';
import type { ImportService } from './import.service.ts';

/** The largest file accepted; the multipart envelope gets a little room on top. */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
const ENVELOPE_BYTES = 64 * 1024;

/**
 * crm.write (viewers: 403 crm.read_only), from a signed-in session only: a personal API token gets 401, as for exports,
 * so a leaked token cannot pour thousands of records into the CRM. Checked before validation (preValidation).
 */
function requireImporter(request: FastifyRequest): ResolvedSession {
  const auth = requireAuth(request);
  if (!hasPermission(auth.user.role, 'crm.read')) raise(commonErrors.FORBIDDEN);
  if (!hasPermission(auth.user.role, 'crm.write')) raise(accessErrors.READ_ONLY);
  return auth;
}

const checkedFirst = {
  preValidation: async (request: FastifyRequest) => {
    requireImporter(request);
  },
};

/** @fastify/multipart's and busboy's errors as the import's codes. */
function uploadError(error: unknown): unknown {
  return multipartError(error, {
    tooLarge: importErrors.FILE_TOO_LARGE,
    tooLargeParams: { max: IMPORT_MAX_BYTES / 1024 / 1024 },
    invalid: importErrors.FILE_MISSING,
  });
}

export function registerImportRoutes(parent: FastifyInstance, access: AccessService, imports: ImportService): void {
  const tags = ['imports'];
  const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
  const callerOf = (request: FastifyRequest) => resolveCaller(access, request, requireImporter(request));

  // Multipart only inside this plugin, for the one upload route; every other route keeps JSON only.
  void parent.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 20, fieldNameSize: 100 },
    });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/imports',
      {
        ...checkedFirst,
        schema: {
          tags,
          summary:
            'Upload a CSV (UTF-8 or GB18030) or XLSX file of customers or contacts (multipart/form-data, one file, ≤ 32 MB, ≤ IMPORT_MAX_ROWS rows, header row first; session only). Returns the import and its preview.',
          querystring: uploadQuery,
          consumes: ['multipart/form-data'],
          response: { 201: uploadReplySchema, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await callerOf(request);
        if (!request.isMultipart()) raise(importErrors.FILE_MISSING);
        await imports.assertUploadAllowed(caller);
        if (Number(request.headers['content-length'] ?? 0) > IMPORT_MAX_BYTES + ENVELOPE_BYTES) {
          raise(importErrors.FILE_TOO_LARGE, { max: IMPORT_MAX_BYTES / 1024 / 1024 });
        }
        const parts = request.parts()[Symbol.asyncIterator]();
        const readPart = () =>
          parts.next().catch((error: unknown) => {
            throw uploadError(error);
          });
        const first = await readPart();
        if (first.done === true || first.value.type !== 'file') raise(importErrors.FILE_MISSING);
        const part = first.value;
        const content = await part.toBuffer().catch((error: unknown) => {
          throw uploadError(error);
        });
        if ((await readPart()).done !== true) raise(importErrors.FILE_MISSING);
        if (content.length === 0) raise(importErrors.FILE_EMPTY);
        return reply.status(201).send(await imports.upload(caller, request.query.recordType, part.filename, content));
      },
    );
  });

  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/imports',
    {
      ...checkedFirst,
      schema: {
        tags,
        summary: 'Your imports, newest first (owners and admins: everyone’s in the organisation)',
        querystring: listQuery,
        response: { 200: importPageSchema, ...errors },
      },
    },
    async (request) => imports.list(await callerOf(request), request.query),
  );

  app.get(
    '/api/imports/:id',
    {
      ...checkedFirst,
      schema: {
        tags,
        summary: 'One import and its progress (poll while it runs)',
        params: recordParams,
        response: { 200: importReplySchema, ...errors },
      },
    },
    async (request) => ({ import: await imports.get(await callerOf(request), request.params.id) }),
  );

  app.get(
    '/api/imports/:id/preview',
    {
      ...checkedFirst,
      schema: {
        tags,
        summary: 'Headers, the first rows, the fields and the suggested mapping',
        params: recordParams,
        response: { 200: previewSchema, ...errors },
      },
    },
    async (request) => imports.getPreview(await callerOf(request), request.params.id),
  );

  app.post(
    '/api/imports/:id/check',
    {
      ...checkedFirst,
      schema: {
        tags,
        summary: 'Dry run over every row with this mapping and duplicate mode; writes nothing',
        params: recordParams,
        body: runBody,
        response: { 200: checkReplySchema, ...errors },
      },
    },
    async (request) => imports.check(await callerOf(request), request.params.id, request.body, request.locale),
  );

  app.post(
    '/api/imports/:id/start',
    {
      ...checkedFirst,
      schema: {
        tags,
        summary: 'Start the import (a background job); a second start answers 409 crm.import_already_started',
        params: recordParams,
        body: runBody,
        response: { 202: importReplySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(202).send({ import: await imports.start(await callerOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/api/imports/:id/cancel',
    {
      ...checkedFirst,
      schema: {
        tags,
        summary: 'Stop an import at its next batch (rows already imported stay)',
        params: recordParams,
        response: { 200: importReplySchema, ...errors },
      },
    },
    async (request) => ({ import: await imports.cancel(await callerOf(request), request.params.id) }),
  );

  app.get(
    '/api/imports/:id/issues',
    {
      ...checkedFirst,
      schema: {
        tags,
        summary: 'Rows that were not imported or were skipped, in file order',
        params: recordParams,
        querystring: issuesQuery,
        response: { 200: issuePageSchema, ...errors },
      },
    },
    async (request) =>
      imports.issues(
        await callerOf(request),
        request.params.id,
        request.query.cursor,
        request.query.limit,
        request.locale,
      ),
  );

  app.get(
    '/api/imports/:id/issues.csv',
    {
      ...checkedFirst,
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'The row report as CSV (UTF-8 with BOM): row, column, field, problem, value',
        params: recordParams,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const file = await imports.issuesCsv(await callerOf(request), request.params.id, request.locale);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(file.fileName, `import-report-${file.fileName.slice(-14)}`))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.stream);
    },
  );
}
