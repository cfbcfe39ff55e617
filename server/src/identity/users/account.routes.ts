import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../http/request-context.ts';
import { localeField, nameField } from '../../http/schemas.ts';
import { meSchema, toMe } from '../me.ts';
import type { IdentityDependencies } from '../services.ts';

export function registerAccountRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.patch(
    '/api/account',
    {
      schema: {
        tags: ['account'],
        summary: 'Update your display name or language',
        body: z.strictObject({ name: nameField.optional(), locale: localeField.optional() }),
        response: { 200: meSchema.shape.user },
      },
    },
    async (request) => {
      const auth = requireAuth(request, { allowExpiredPassword: true });
      const updated = await deps.users.update(auth.user.id, {
        ...(request.body.name ? { name: request.body.name } : {}),
        ...(request.body.locale ? { locale: request.body.locale } : {}),
      });
      return toMe(updated, auth.organization, auth.session, auth.idleExpiresAt).user;
    },
  );
}
