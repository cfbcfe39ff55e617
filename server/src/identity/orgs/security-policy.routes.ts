import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, requirePermission } from '../../http/request-context.ts';
import type { IdentityDependencies } from '../services.ts';
import { securityPolicySchema } from './security-policy.schema.ts';
import { SecurityPolicyService } from './security-policy.service.ts';

export function registerSecurityPolicyRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new SecurityPolicyService(deps.db, deps.audit);

  app.get('/api/security-policy', { schema: { tags: ['policy'], summary: 'Password and sign-in policy, defaults, presets and weaknesses' } }, async (request) => {
    const auth = requirePermission(request, 'settings.security');
    return service.get(auth.user.orgId);
  });

  app.put(
    '/api/security-policy',
    { schema: { tags: ['policy'], summary: 'Save the password and sign-in policy (audited)', body: z.strictObject({ policy: securityPolicySchema }) } },
    async (request) => {
      const auth = requirePermission(request, 'settings.security');
      return service.update(auth.user, request.body.policy, auditContext(request));
    },
  );
}
