import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import { requireAuth } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { ResolvedSession } from '../../identity/sessions/session.service.ts';
import { reauthenticatedUntil, stepUpErrors } from '../../identity/stepup/stepup.ts';
import { checkedFirst, resolveCaller, type AccessService } from '../access/access.service.ts';
import { quotaCaller } from '../quotas/read-quota.hooks.ts';
import type { ReadQuotas } from '../quotas/read-quota.service.ts';
import { contentDisposition } from './export-format.ts';
import { contactExportQuery, customerExportQuery, leadExportQuery } from './export.schema.ts';
import type { ExportFile, ExportService } from './export.service.ts';

/**
 * crm.read and crm.export (owners, admins, managers and sales; not viewers), from a signed-in session only: a personal
 * API token has no export scope and gets 401, so a leaked token cannot take the whole book in one request.
 */
function requireCrmExport(request: FastifyRequest): ResolvedSession {
  const auth = requireAuth(request);
  if (!hasPermission(auth.user.role, 'crm.read') || !hasPermission(auth.user.role, 'crm.export')) raise(commonErrors.FORBIDDEN);
  return auth;
}

function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName, file.asciiFileName))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-export-rows', String(file.rows))
    .send(file.stream);
}

export function registerExportRoutes(parent: FastifyInstance, config: Config, access: AccessService, quotas: ReadQuotas, exports: ExportService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

  /** Step-up after validation: a malformed request is 400 whether or not the last sign-in is recent (SE-08). */
  const caller = async (request: FastifyRequest) => {
    const auth = requireCrmExport(request);
    if (!reauthenticatedUntil(auth.session, config.stepUpMinutes)) raise(stepUpErrors.REAUTHENTICATION_REQUIRED);
    await quotas.admit(quotaCaller(request, auth), 'exports');
    return resolveCaller(access, request, auth);
  };

  app.get(
    '/api/customers/export',
    {
      ...checkedFirst(requireCrmExport),
      // No automatic HEAD twin: it would count, audit and build an export only to throw the body away.
      exposeHeadRoute: false,
      schema: {
        tags: ['customers'],
        summary: `Customers in your data scope as CSV or XLSX, with the list's filters and sort (crm.export, session only, recent step-up; audited; at most EXPORT_MAX_ROWS rows, 100,000 by default). X-Export-Rows gives the row count.`,
        querystring: customerExportQuery,
        response: errors,
      },
    },
    async (request, reply) => sendFile(reply, await exports.exportCustomers(await caller(request), request.query, request.locale)),
  );

  app.get(
    '/api/contacts/export',
    {
      ...checkedFirst(requireCrmExport),
      exposeHeadRoute: false,
      schema: {
        tags: ['contacts'],
        summary: `Contacts of the customers in your data scope as CSV or XLSX, with the list's filters and sort (crm.export, session only, recent step-up; audited; at most EXPORT_MAX_ROWS rows, 100,000 by default).`,
        querystring: contactExportQuery,
        response: errors,
      },
    },
    async (request, reply) => sendFile(reply, await exports.exportContacts(await caller(request), request.query, request.locale)),
  );

  app.get(
    '/api/leads/export',
    {
      ...checkedFirst(requireCrmExport),
      exposeHeadRoute: false,
      schema: {
        tags: ['leads'],
        summary: `Leads in your data scope as CSV or XLSX, with the list's filters and sort (crm.export, session only, recent step-up; audited; at most EXPORT_MAX_ROWS rows, 100,000 by default). X-Export-Rows gives the row count.`,
        querystring: leadExportQuery,
        response: errors,
      },
    },
    async (request, reply) => sendFile(reply, await exports.exportLeads(await caller(request), request.query, request.locale)),
  );
}
