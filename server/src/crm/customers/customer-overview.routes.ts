import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead, resolveCaller, type AccessService } from '../access/access.service.ts';
import { contactPageSchema } from '../contacts/contact.schema.ts';
import { dealPageSchema } from '../deals/deal.schema.ts';
import { followUpPageSchema } from '../follow-ups/follow-up.schema.ts';
import type { CustomerOverviewService } from './customer-overview.service.ts';
import { customerSchema, recordParams } from './customer.schema.ts';

const overviewSchema = z.object({
  customer: customerSchema,
  /** As GET /api/follow-ups?customerId=…&limit=20 answers. */
  followUps: followUpPageSchema,
  /** As GET /api/contacts?customerId=…&sort=name&order=asc&limit=50 answers. */
  contacts: contactPageSchema,
  /** As GET /api/deals?customerId=…&limit=100 answers. */
  deals: dealPageSchema,
});

export function registerCustomerOverviewRoute(parent: FastifyInstance, access: AccessService, overview: CustomerOverviewService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/customers/:id/overview',
    {
      ...checkedFirst(requireCrmRead),
      schema: {
        tags: ['customers'],
        summary: "A customer's page in one request: the customer, the first 20 follow-ups, its contacts (by name) and its deals, each as its own list answers",
        params: recordParams,
        querystring: z.strictObject({}),
        response: { 200: overviewSchema, 404: errorSchema },
      },
    },
    async (request) => overview.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );
}
