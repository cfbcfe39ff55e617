import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContext, requirePermission } from '../../http/request-context.ts';
import { reauthenticatedUntil, stepUpErrors } from '../../identity/stepup/stepup.ts';
import { raise } from '../../http/app-error.ts';
import type { Config } from '../../config.ts';
import { ownedParams, ownedSchema, transferAllBody, transferAllSchema } from './offboarding.schema.ts';
import { checkedFirst } from '../access/access.service.ts';
import type { OffboardingService } from './offboarding.service.ts';

export function registerOffboardingRoutes(parent: FastifyInstance, config: Config, offboarding: OffboardingService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['member administration'];
  const canManage = (request: FastifyRequest) => requirePermission(request, 'members.manage');

  app.get('/api/crm/owned/:userId', { ...checkedFirst(canManage), schema: { tags, summary: "What a member is responsible for: live customers (and their contacts), deals, contracts and open tasks", params: ownedParams, response: { 200: ownedSchema } } }, async (request) => {
    const auth = requirePermission(request, 'members.manage');
    return offboarding.owned(auth.user, request.params.userId);
  });

  app.post(
    '/api/crm/transfer-all',
    { ...checkedFirst(canManage), schema: { tags, summary: "Give a member's customers, deals, contracts and open tasks to another at once (offboarding). Needs a recent step-up.", body: transferAllBody, response: { 200: transferAllSchema } } },
    async (request) => {
      const auth = requirePermission(request, 'members.manage');
      // Like every admin action: a stolen admin cookie alone must not hand a departing member's book to someone else.
      if (!reauthenticatedUntil(auth.session, config.stepUpMinutes)) raise(stepUpErrors.REAUTHENTICATION_REQUIRED);
      return offboarding.transferAll(auth.user, request.body.fromUserId, request.body.toUserId, auditContext(request));
    },
  );
}
