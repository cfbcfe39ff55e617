import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { savedViewCreateBody, savedViewListQuery, savedViewListSchema, savedViewParams, savedViewSchema, savedViewUpdateBody } from './saved-view.schema.ts';
import type { SavedViewService } from './saved-view.service.ts';

/** Saved list views: a signed-in person's preference, so session only (an API token gets 401 here). */
export function registerSavedViewRoutes(parent: FastifyInstance, views: SavedViewService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const reader = (request: FastifyRequest) => requirePermission(request, 'crm.read');
  const tags = ['views'];

  app.get('/api/views', { preValidation: async (request) => void reader(request), schema: { tags, summary: "A list's saved views: yours, then those shared with the organisation", querystring: savedViewListQuery, response: { 200: savedViewListSchema } } }, async (request) => ({
    items: await views.list(reader(request).user, request.query.list),
  }));

  app.post(
    '/api/views',
    { preValidation: async (request) => void reader(request), schema: { tags, summary: 'Save the current filters, sort and columns under a name (shared: crm.writeAll only)', body: savedViewCreateBody, response: { 201: savedViewSchema, 409: errorSchema } } },
    async (request, reply) => reply.status(201).send(await views.create(reader(request).user, request.body)),
  );

  app.patch(
    '/api/views/:id',
    { preValidation: async (request) => void reader(request), schema: { tags, summary: 'Rename, update or (un)share your view', params: savedViewParams, body: savedViewUpdateBody, response: { 200: savedViewSchema, 404: errorSchema, 409: errorSchema } } },
    async (request) => views.update(reader(request).user, request.params.id, request.body),
  );

  app.delete('/api/views/:id', { preValidation: async (request) => void reader(request), schema: { tags, summary: 'Delete your view', params: savedViewParams, response: { 204: z.null(), 404: errorSchema } } }, async (request, reply) => {
    await views.remove(reader(request).user, request.params.id);
    return reply.status(204).send(null);
  });
}
