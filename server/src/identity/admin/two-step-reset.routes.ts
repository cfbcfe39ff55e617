import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimits } from '../../http/rate-limits.ts';
import { actionContext } from '../../http/request-context.ts';
import { tokenField } from '../../http/schemas.ts';
import type { IdentityDependencies } from '../services.ts';
import type { AdminActionRegistry } from './admin-actions.ts';
import { pendingApprovalSchema, runAdminAction } from './admin.routes.ts';
import type { ApprovalService } from './approval.service.ts';
import { cancelTwoStepResetByMember, inspectTwoStepResetCancellation } from './two-step-reset.service.ts';

const idParams = z.strictObject({ id: z.uuid() });

/**
 * A pending two-step reset (AD-02): the admin's "cancel" in the members console, and the member's cancel link
 * (`/cancel-two-step-reset#token=…`) from the notice sent to every verified address.
 */
export function registerTwoStepResetRoutes(parent: FastifyInstance, deps: IdentityDependencies, services: { actions: AdminActionRegistry; approvals: ApprovalService }): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const limited = { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } };

  app.post(
    '/api/members/:id/two-step/reset/cancel',
    {
      schema: {
        tags: ['member administration'],
        summary: "Cancel a member's pending two-step reset before it takes effect (the member is told). Needs a recent step-up.",
        params: idParams,
        response: { 200: z.object({ cancelled: z.literal(true) }), 202: pendingApprovalSchema },
      },
    },
    async (request, reply) => runAdminAction(request, reply, deps, services, 'cancel_two_step_reset', request.params.id, {}),
  );

  app.get(
    '/api/two-step-reset-cancellations/:token',
    {
      config: limited,
      schema: {
        tags: ['recovery'],
        summary: 'Check a two-step reset cancel link without using it',
        params: z.strictObject({ token: tokenField }),
        response: {
          200: z.union([
            z.object({ valid: z.literal(true), email: z.string(), orgName: z.string(), requestedBy: z.string(), requestedAt: z.date(), effectiveAt: z.date() }),
            z.object({ valid: z.literal(false), reason: z.string() }),
          ]),
        },
      },
    },
    async (request) => inspectTwoStepResetCancellation(deps, request.params.token),
  );

  app.post(
    '/api/two-step-reset-cancellations/cancel',
    {
      config: limited,
      schema: {
        tags: ['recovery'],
        summary: "Cancel a pending two-step reset from the member's notice (single use; the organisation's owners and admins are alerted)",
        body: z.strictObject({ token: tokenField }),
        response: { 200: z.object({ cancelled: z.literal(true), email: z.string() }) },
      },
    },
    async (request) => cancelTwoStepResetByMember(deps, request.body.token, actionContext(request)),
  );
}
