import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, raise } from '../../http/app-error.ts';
import { auditContext, requirePermission } from '../../http/request-context.ts';
import { memberErrors } from '../members/member.service.ts';
import type { IdentityDependencies } from '../services.ts';

/** Admins ask a member to add a second way back: the app then leads them to the recovery page until they have two. */
export function registerChannelAdminRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/members/:id/require-recovery-setup',
    {
      schema: {
        tags: ['members'],
        summary: 'Require a member to set up two ways back at their next sign-in',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: z.object({ recoverySetupRequired: z.literal(true) }) },
      },
    },
    async (request) => {
      const auth = requirePermission(request, 'members.manage');
      const member = await deps.users.findInOrg(auth.user.orgId, request.params.id);
      if (!member) raise(commonErrors.NOT_FOUND);
      // Admins manage members below them; owners are managed by owners only.
      if (member.role === 'owner' && auth.user.role !== 'owner') raise(memberErrors.ROLE_NOT_ALLOWED);
      await deps.users.update(member.id, { recoverySetupRequired: true });
      await deps.audit.record(
        { action: 'recovery_setup_required', orgId: auth.user.orgId, actorUserId: auth.user.id, actorLabel: auth.user.email, targetUserId: member.id, targetLabel: member.email },
        auditContext(request),
      );
      return { recoverySetupRequired: true as const };
    },
  );
}
