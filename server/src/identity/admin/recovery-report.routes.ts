import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/request-context.ts';
import { timeZoneField } from '../../i18n/time-zone.ts';
import type { IdentityDependencies } from '../services.ts';
import { RecoveryReportService, recoveryReportSchema, reportPeriods } from './recovery-report.service.ts';

export const recoveryReportQuery = z.strictObject({
  days: z.enum(reportPeriods).default('30'),
  /** The viewer's IANA time zone (the browser sends its own), so the per-day series follows their calendar days. */
  tz: timeZoneField,
});

/** Settings → Security → Recovery report: read by whoever may read the audit log it is built from. */
export function registerRecoveryReportRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new RecoveryReportService(deps.db);

  app.get(
    '/api/admin/recovery-report',
    {
      schema: {
        tags: ['audit'],
        summary: 'How members got back in over the last 30 or 90 days: self-service, admin-assisted or break-glass, with times, failures and locks',
        querystring: recoveryReportQuery,
        response: { 200: recoveryReportSchema },
      },
    },
    async (request) => {
      const auth = requirePermission(request, 'audit.read');
      return service.report(auth.user.orgId, Number(request.query.days), request.query.tz);
    },
  );
}
