import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { raise } from '../../http/app-error.ts';
import { multipartError } from '../../http/multipart-errors.ts';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { recordParams } from '../customers/customer.schema.ts';
import { attachmentDisposition } from './attachment-types.ts';
import { ATTACHMENT_MAX_BYTES, type AttachmentService } from './attachment.service.ts';
import { followUpErrors } from './follow-up.errors.ts';
import { attachmentSchema } from './follow-up.schema.ts';

/** Room for the multipart envelope (boundaries, part headers) around a file of the largest size. */
const ENVELOPE_BYTES = 64 * 1024;

/** @fastify/multipart's own errors, and busboy's for a malformed body, as the attachment's codes. */
function uploadError(error: unknown): unknown {
  return multipartError(error, { tooLarge: followUpErrors.ATTACHMENT_TOO_LARGE, invalid: followUpErrors.ATTACHMENT_UPLOAD_INVALID });
}

/**
 * Attachments. Multipart parsing is registered only inside this plugin, for the one upload route: everywhere else the
 * API still accepts JSON only, under the app's 64 KB body limit. The upload is bounded by multipart's own limits (one
 * file part of at most 10 MB, no fields). The CSRF rule (same-origin Origin on cookie-authenticated writes) applies to
 * it as to any other POST: it runs on every request before the body is read.
 */
export function registerAttachmentRoutes(parent: FastifyInstance, access: AccessService, attachments: AttachmentService): void {
  void parent.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 20, fieldNameSize: 100 } });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['follow-ups'];

    app.post(
      '/api/follow-ups/:id/attachments',
      {
        ...checkedFirst(requireCrmWrite),
        schema: {
          tags,
          summary: 'Attach one file (multipart/form-data, ≤ 10 MB, ≤ 10 per follow-up): images, PDF, Word/Excel/PowerPoint, UTF-8 text or CSV',
          params: recordParams,
          consumes: ['multipart/form-data'],
          response: { 201: attachmentSchema, 404: errorSchema, 413: errorSchema, 415: errorSchema },
        },
      },
      async (request, reply) => {
        const caller = await resolveCaller(access, request, requireCrmWrite(request));
        const followUpId = await attachments.prepareUpload(caller, request.params.id);
        if (!request.isMultipart()) raise(followUpErrors.ATTACHMENT_UPLOAD_INVALID);
        if (Number(request.headers['content-length'] ?? 0) > ATTACHMENT_MAX_BYTES + ENVELOPE_BYTES) raise(followUpErrors.ATTACHMENT_TOO_LARGE);
        const parts = request.parts()[Symbol.asyncIterator]();
        const first = await parts.next().catch((error: unknown) => {
          throw uploadError(error);
        });
        if (first.done === true || first.value.type !== 'file') raise(followUpErrors.ATTACHMENT_UPLOAD_INVALID);
        const part = first.value;
        const stored = await attachments.store(caller, followUpId, {
          file: part.file,
          fileName: part.filename,
          declaredType: part.mimetype,
          truncated: () => part.file.truncated,
          finish: async () => {
            const rest = await parts.next().catch((error: unknown) => {
              throw uploadError(error);
            });
            if (rest.done !== true) raise(followUpErrors.ATTACHMENT_UPLOAD_INVALID);
          },
        });
        return reply.status(201).send(stored);
      },
    );
  });

  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['follow-ups'];

  app.get(
    '/api/attachments/:id',
    {
      ...checkedFirst(requireCrmRead),
      // No response schema: the body is the file's bytes, streamed from disk (errors still render as JSON).
      schema: { tags, summary: 'Download an attachment (always as a download, never rendered); 404 crm.not_found like any record', params: recordParams, produces: ['application/octet-stream'] },
    },
    async (request, reply) => {
      const { attachment, content } = await attachments.open(await resolveCaller(access, request, requireCrmRead(request)), request.params.id);
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.sizeBytes))
        .header('content-disposition', attachmentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(content);
    },
  );

  app.delete(
    '/api/attachments/:id',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Remove an attachment from your follow-up', params: recordParams, response: { 200: z.object({ id: z.string() }), 404: errorSchema } } },
    async (request) => attachments.remove(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );
}
