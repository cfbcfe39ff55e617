import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, raise } from '../../http/app-error.ts';
import { actionContext, requireAuth, requirePermission } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import type { IdentityDependencies } from '../services.ts';
import { requireRecentAuth } from '../stepup/stepup.ts';
import { apiTokenCreateBody, apiTokenCreatedSchema, apiTokenListSchema, apiTokenParams, orgApiTokenListSchema } from './api-token.schema.ts';
import type { ApiTokenService } from './api-token.service.ts';

/** A path id that is not a UUID names no token: the same 404 as a missing one. */
function tokenId(raw: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) raise(commonErrors.NOT_FOUND);
  return raw.toLowerCase();
}

/**
 * Managing tokens needs a signed-in session (requireAuth): a token can neither see nor mint tokens, so a leaked one
 * cannot make itself a successor.
 */
export function registerApiTokenRoutes(parent: FastifyInstance, deps: IdentityDependencies, tokens: ApiTokenService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['api-tokens'];

  app.get('/api/me/api-tokens', { schema: { tags, summary: 'Your personal API tokens (live, and expired ones for 30 days); secrets are never shown again', response: { 200: apiTokenListSchema } } }, async (request) =>
    tokens.listOwn(requireAuth(request).user),
  );

  app.post(
    '/api/me/api-tokens',
    {
      schema: {
        tags,
        summary: 'Create a personal API token (needs a recent step-up); the response holds the token, shown this once',
        body: apiTokenCreateBody,
        response: { 201: apiTokenCreatedSchema, 400: errorSchema, 403: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireRecentAuth(request, deps.config.stepUpMinutes);
      return reply.status(201).send(await tokens.create(auth.user, request.body, actionContext(request)));
    },
  );

  app.delete(
    '/api/me/api-tokens/:id',
    { schema: { tags, summary: 'Revoke one of your tokens (at once, in every server process); repeating it is harmless', params: apiTokenParams, response: { 204: z.null(), 404: errorSchema } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      await tokens.revokeOwn(auth.user, tokenId(request.params.id), actionContext(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/api-tokens',
    { schema: { tags, summary: "Every member's live API tokens (members.manage)", response: { 200: orgApiTokenListSchema } } },
    async (request) => tokens.listOrganization(requirePermission(request, 'members.manage').user.orgId),
  );

  app.delete(
    '/api/admin/api-tokens/:id',
    { schema: { tags, summary: "Revoke a member's token (members.manage; only owners revoke an owner's)", params: apiTokenParams, response: { 204: z.null(), 403: errorSchema, 404: errorSchema } } },
    async (request, reply) => {
      const auth = requirePermission(request, 'members.manage');
      await tokens.revokeAsAdmin(auth.user, tokenId(request.params.id), actionContext(request));
      return reply.status(204).send(null);
    },
  );
}
