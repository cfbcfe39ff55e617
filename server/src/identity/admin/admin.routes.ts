import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEventView } from '../../audit/audit.routes.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import { actionContext, requirePermission } from '../../http/request-context.ts';
import type { IdentityDependencies } from '../services.ts';
import { reauthenticatedUntil, stepUpErrors } from '../stepup/stepup.ts';
import { resolveAdminTarget } from './admin-guard.ts';
import type { AdminActionName, AdminActionRegistry } from './admin-actions.ts';
import type { ApprovalService } from './approval.service.ts';
import { replaceContactBody } from './contact-replacement.ts';
import { resetTwoStepBody } from './member-actions.ts';
import { issuedLinkSchema, recoveryLinkBody } from './recovery-link.service.ts';
import { twoStepResetSchema } from './two-step-reset.service.ts';

export const pendingApprovalSchema = z.object({ approval: z.object({ id: z.string(), action: z.string(), expiresAt: z.date() }) });
const idParams = z.strictObject({ id: z.uuid() });

/**
 * Runs an admin action on a member after the shared checks (admin-guard.ts); when the two-person rule applies it
 * becomes a pending request for a second approver (202). The body was validated by the route's schema and is what the approval replays.
 */
export async function runAdminAction(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: IdentityDependencies,
  services: { actions: AdminActionRegistry; approvals: ApprovalService },
  name: AdminActionName,
  memberId: string,
  payload: Record<string, unknown>,
  successStatus = 200,
) {
  const target = await resolveAdminTarget(request, deps, memberId, name, payload);
  await services.actions.check(name, target.member, payload);
  if (target.needsApproval) {
    const approval = await services.approvals.request(target.actor, target.organization, target.member, name, payload, target.context);
    return reply.status(202).send({ approval });
  }
  const result = await services.actions.execute(name, { actor: target.actor, organization: target.organization, member: target.member, payload, context: target.context });
  return reply.status(successStatus).send(result);
}

const personView = z.object({ id: z.string(), name: z.string(), email: z.string() });
/** A two-person-rule request as the members page lists it; what the viewer may do with it is decided on the server. */
const approvalView = z.object({
  id: z.string(),
  action: z.string(),
  status: z.string(),
  target: personView,
  requestedBy: personView,
  createdAt: z.date(),
  expiresAt: z.date(),
  decidedAt: z.date().nullable(),
  canApprove: z.boolean(),
  canCancel: z.boolean(),
});

export function registerAdminRoutes(parent: FastifyInstance, deps: IdentityDependencies, services: { actions: AdminActionRegistry; approvals: ApprovalService }, memberSchema: z.ZodType): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const run = (request: FastifyRequest, reply: FastifyReply, name: AdminActionName, payload: Record<string, unknown> = {}, status = 200) =>
    runAdminAction(request, reply, deps, services, name, (request.params as { id: string }).id, payload, status);
  const tags = ['member administration'];
  const needsStepUp = ' Needs a recent step-up; on an owner it waits for a second owner (202).';

  app.post('/api/members/:id/unlock', { schema: { tags, summary: `Lift a member's sign-in lock.${needsStepUp}`, params: idParams, response: { 200: memberSchema, 202: pendingApprovalSchema } } }, async (request, reply) =>
    run(request, reply, 'unlock'),
  );
  app.post('/api/members/:id/sessions/end', { schema: { tags, summary: `End every session of a member.${needsStepUp}`, params: idParams, response: { 200: z.object({ ended: z.number() }), 202: pendingApprovalSchema } } }, async (request, reply) =>
    run(request, reply, 'end_sessions'),
  );
  app.post(
    '/api/members/:id/require-password-change',
    { schema: { tags, summary: `Require a new password at the member's next request.${needsStepUp}`, params: idParams, response: { 200: memberSchema, 202: pendingApprovalSchema } } },
    async (request, reply) => run(request, reply, 'require_password_change'),
  );
  app.post(
    '/api/members/:id/two-step/reset',
    {
      schema: {
        tags,
        summary: `Reset a member's two-step verification: after the organisation's cool-down (default 24 h, during which the member can cancel it) every second factor is removed and they enrol again before anything else. By default a second owner or admin approves it (202).${needsStepUp}`,
        params: idParams,
        body: resetTwoStepBody,
        response: { 200: twoStepResetSchema, 202: pendingApprovalSchema },
      },
    },
    async (request, reply) => run(request, reply, 'reset_two_step', request.body),
  );
  app.post(
    '/api/members/:id/recovery-link',
    {
      schema: {
        tags,
        summary: `Assisted recovery: record how identity was verified and issue a one-time link (24 h) to a channel, or show it once to hand over.${needsStepUp}`,
        params: idParams,
        body: recoveryLinkBody,
        response: { 201: issuedLinkSchema, 202: pendingApprovalSchema },
      },
    },
    async (request, reply) => run(request, reply, 'recovery_link', request.body, 201),
  );

  app.post(
    '/api/members/:id/contact',
    {
      schema: {
        tags,
        summary: `Replace a member's lost e-mail or mobile number: the new address must confirm by a one-time link; the old one gets a revert link.${needsStepUp}`,
        params: idParams,
        body: replaceContactBody,
        response: { 200: z.object({ pending: z.literal(true), kind: z.enum(['email', 'phone']), address: z.string(), expiresAt: z.date() }), 202: pendingApprovalSchema },
      },
    },
    async (request, reply) => run(request, reply, 'replace_contact', request.body),
  );

  app.get(
    '/api/members/:id/events',
    { schema: { tags, summary: "A member's recent security events (as actor or target)", params: idParams, response: { 200: z.array(auditEventView) } } },
    async (request) => {
      const auth = requirePermission(request, 'members.manage');
      const member = await deps.users.findInOrg(auth.user.orgId, request.params.id);
      if (!member) raise(commonErrors.NOT_FOUND);
      // auditEventView keeps only what the members page shows.
      return deps.audit.listForUser(member.id, 30);
    },
  );

  app.get('/api/approvals', { schema: { tags, summary: 'Two-person rule: requests to act on owners, newest first', response: { 200: z.array(approvalView) } } }, async (request) => {
    const auth = requirePermission(request, 'members.manage');
    return services.approvals.list(auth.user);
  });
  app.post('/api/approvals/:id/approve', { schema: { tags, summary: 'Approve as a second owner (needs a recent step-up); runs the action', params: idParams, response: { 200: z.object({ result: z.unknown().describe("The requested action's own answer") }) } } }, async (request) => {
    const target = requirePermission(request, 'members.manage');
    if (!reauthenticatedUntil(target.session, deps.config.stepUpMinutes)) raise(stepUpErrors.REAUTHENTICATION_REQUIRED);
    const result = await services.approvals.approve(target.user, target.organization, request.params.id, actionContext(request));
    return { result };
  });
  app.post('/api/approvals/:id/cancel', { schema: { tags, summary: 'Cancel (requester) or reject (another owner) a pending request', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    const auth = requirePermission(request, 'members.manage');
    await services.approvals.cancel(auth.user, request.params.id, actionContext(request));
    return reply.status(204).send(null);
  });
}
