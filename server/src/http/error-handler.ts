import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { translate } from '../i18n/i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, commonErrors, type ErrorDefinition } from './app-error.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string; code?: string; params?: Record<string, string | number> }[] };
}

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, params: Record<string, string | number> = {}, details?: ErrorBody['error']['details']) {
  const body: ErrorBody = { error: { code, message: translate(request.locale, `errors.${code}`, params) } };
  if (details) body.error.details = details;
  return reply.status(status).header('cache-control', 'no-store').send(body);
}

const fastifyCodes: Record<string, ErrorDefinition> = {
  FST_ERR_CTP_BODY_TOO_LARGE: commonErrors.BODY_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: commonErrors.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: commonErrors.VALIDATION_FAILED,
  FST_ERR_CTP_EMPTY_JSON_BODY: commonErrors.MALFORMED_JSON,
  FST_ERR_CTP_INVALID_JSON_BODY: commonErrors.MALFORMED_JSON,
};

/** One renderer for every error: {"error":{code,message}} in the request's language, never a stack trace. */
/** Must run before routes are registered: Fastify binds a route to the error handler current at that moment. */
export function registerErrorHandling(app: FastifyInstance, audit: AuditService): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const caller = request.auth ?? request.apiToken;
      if (error.code === commonErrors.FORBIDDEN.code && caller) {
        // Authorisation failures are security events (LOG-02): who tried what, and with which API token if any.
        const { user } = caller;
        const token = request.apiToken ? { apiTokenId: request.apiToken.tokenId } : {};
        await audit.record(
          { action: 'authorization_denied', outcome: 'failure', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, details: { method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], role: user.role, ...token } },
          { ip: request.client.ip, userAgent: request.client.userAgent, requestId: request.id, sessionHash: request.auth?.session.id ?? null },
        );
      }
      for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
      const details = error.details?.map((detail) => ({
        path: detail.path,
        code: detail.code,
        message: translate(request.locale, detail.messageKey, detail.params),
        ...(detail.params ? { params: detail.params } : {}),
      }));
      return send(request, reply, error.status, error.code, error.params, details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        path: issue.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        message: issue.message ?? '',
      }));
      return send(request, reply, 400, commonErrors.VALIDATION_FAILED.code, {}, details);
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return send(request, reply, known.status, known.code);
    if (error instanceof SyntaxError || error.statusCode === 400) return send(request, reply, 400, commonErrors.MALFORMED_JSON.code);
    if (error.statusCode === 429) return send(request, reply, 429, commonErrors.RATE_LIMITED.code, { minutes: 1 });
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(request, reply, error.statusCode, error.statusCode === 404 ? 'not_found' : 'bad_request');
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 500, commonErrors.INTERNAL.code);
  });
}

export function registerNotFound(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => send(request, reply, 404, commonErrors.NOT_FOUND.code));
}
