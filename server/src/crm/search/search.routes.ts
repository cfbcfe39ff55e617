import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkedFirst, requireCrmRead, resolveCaller, type AccessService } from '../access/access.service.ts';
import { searchQuery, searchResultSchema } from './search.schema.ts';
import type { SearchService } from './search.service.ts';

export function registerSearchRoutes(parent: FastifyInstance, access: AccessService, search: SearchService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/search',
    { ...checkedFirst(requireCrmRead), schema: { tags: ['search'], summary: 'Customers, contacts and leads in your data scope by name (substring, Chinese too), phone digits or e-mail', querystring: searchQuery, response: { 200: searchResultSchema } } },
    async (request) => search.search(await resolveCaller(access, request, requireCrmRead(request)), request.query.q),
  );
}
