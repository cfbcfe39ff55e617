import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberSchema } from '../members/member.routes.ts';
import type { IdentityDependencies } from '../services.ts';
import type { AdminActionRegistry } from './admin-actions.ts';
import { pendingApprovalSchema, runAdminAction } from './admin.routes.ts';
import type { ApprovalService } from './approval.service.ts';
import { deactivateBody, scheduledTime } from './lifecycle.service.ts';
import { issuedLinkSchema, recoveryLinkBody } from './recovery-link.service.ts';

const idParams = z.strictObject({ id: z.uuid() });

/** Deactivate (now or on a date), cancel a scheduled deactivation, reactivate with a fresh recovery link. */
export function registerLifecycleRoutes(parent: FastifyInstance, deps: IdentityDependencies, services: { actions: AdminActionRegistry; approvals: ApprovalService }): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['member administration'];
  const needsStepUp = ' Needs a recent step-up; on an owner it waits for a second owner (202).';

  app.post(
    '/api/members/:id/deactivate',
    {
      schema: {
        tags,
        summary: `Deactivate a member now (every session, link and code dies; an invited member's invitation is revoked), or on a date up to a year ahead (\`at\`).${needsStepUp}`,
        params: idParams,
        body: deactivateBody,
        response: { 200: memberSchema, 202: pendingApprovalSchema },
      },
    },
    async (request, reply) => {
      // A date too far ahead is refused before any approval request is stored.
      scheduledTime(request.body.at, new Date());
      return runAdminAction(request, reply, deps, services, 'deactivate', request.params.id, request.body);
    },
  );

  app.post(
    '/api/members/:id/deactivation/cancel',
    { schema: { tags, summary: `Cancel a scheduled deactivation.${needsStepUp}`, params: idParams, response: { 200: memberSchema, 202: pendingApprovalSchema } } },
    async (request, reply) => runAdminAction(request, reply, deps, services, 'cancel_deactivation', request.params.id, {}),
  );

  app.post(
    '/api/members/:id/reactivate',
    {
      schema: {
        tags,
        summary: `Reactivate a deactivated member: the old password stays unusable, and a one-time recovery link (24 h) goes to the channel picked, or is shown once.${needsStepUp}`,
        params: idParams,
        body: recoveryLinkBody,
        response: { 201: issuedLinkSchema, 202: pendingApprovalSchema },
      },
    },
    async (request, reply) => runAdminAction(request, reply, deps, services, 'reactivate', request.params.id, request.body, 201),
  );
}
