import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, setSessionCookie } from '../../http/request-context.ts';
import { emailField, localeField, nameField, passwordField } from '../../http/schemas.ts';
import { idleExpiryFor, meSchema, toMe } from '../me.ts';
import type { IdentityDependencies } from '../services.ts';
import { SetupService } from './setup.service.ts';

export function registerSetupRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new SetupService(deps);

  app.get('/api/setup/status', { schema: { tags: ['setup'], summary: 'Whether the first-run setup is still open', response: { 200: z.object({ needsSetup: z.boolean() }) } } }, async () => ({
    needsSetup: await service.needsSetup(),
  }));

  app.post(
    '/api/setup',
    {
      config: { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['setup'],
        summary: 'Create the organisation and its first owner (only while no user exists)',
        body: z.strictObject({ orgName: nameField, name: nameField, email: emailField, password: passwordField, locale: localeField, phone: z.string().max(32).optional() }),
        response: { 201: meSchema },
      },
    },
    async (request, reply) => {
      const { organization, owner } = await service.createOrganization(request.body, { ...auditContext(request), via: 'web' });
      const { token, session } = await deps.sessions.create(owner, organization.securityPolicy, false, request.client);
      await deps.users.update(owner.id, { lastSignInAt: new Date(), lastSignInIp: request.client.ip });
      setSessionCookie(reply, config, token, session);
      return reply.status(201).send(toMe(owner, organization, session, idleExpiryFor(session, organization)));
    },
  );
}
