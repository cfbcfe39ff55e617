import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { translate } from '../../i18n/i18n.ts';
import { checkedFirst, requireCrmDelete, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { historyListSchema, historyQuery } from '../history/history.schema.ts';
import { customerErrors } from './customer.errors.ts';
import {
  customerCreateBody,
  customerListQuery,
  customerPageSchema,
  customerSchema,
  customerUpdateBody,
  duplicateErrorSchema,
  duplicatesBody,
  duplicatesSchema,
  recordParams,
  transferBody,
  transferredSchema,
  trashedSchema,
  trashPageSchema,
  trashQuery,
} from './customer.schema.ts';
import type { CustomerService } from './customer.service.ts';

export function registerCustomerRoutes(parent: FastifyInstance, access: AccessService, customers: CustomerService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const notFound = { 404: errorSchema };

  app.get(
    '/api/customers',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'Customers in your data scope: filters, sort and keyset pagination (opaque cursor)', querystring: customerListQuery, response: { 200: customerPageSchema } } },
    async (request) => customers.list(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );

  app.get(
    '/api/customers/trash',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'Customers you can see that were deleted in the last 30 days', querystring: trashQuery, response: { 200: trashPageSchema } } },
    async (request) => customers.trashPage(await resolveCaller(access, request, requireCrmRead(request)), request.query.cursor, request.query.limit),
  );

  app.post(
    '/api/customers/duplicates',
    { ...checkedFirst(requireCrmRead, { readQuota: 'lookups' }), schema: { tags, summary: "Live customers of the organisation with the same name, phone or website domain (ids only of those you can see)", body: duplicatesBody, response: { 200: duplicatesSchema } } },
    async (request) => ({ duplicates: await customers.duplicates(await resolveCaller(access, request, requireCrmRead(request)), request.body) }),
  );

  app.post(
    '/api/customers/transfer',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Give customers to another owner, all or nothing', body: transferBody, response: { 200: transferredSchema, 404: errorSchema } } },
    async (request) => customers.transfer(await resolveCaller(access, request, requireCrmWrite(request)), request.body.ids, request.body.toUserId, request.body.note),
  );

  app.get('/api/customers/:id', { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'One customer', params: recordParams, response: { 200: customerSchema, ...notFound } } }, async (request) =>
    customers.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );

  app.post(
    '/api/customers',
    {
      ...checkedFirst(requireCrmWrite),
      schema: {
        tags,
        summary: 'Create a customer; 409 crm.possible_duplicate lists look-alikes unless allowDuplicate is set',
        body: customerCreateBody,
        response: { 201: customerSchema, 409: duplicateErrorSchema },
      },
    },
    async (request, reply) => {
      const caller = await resolveCaller(access, request, requireCrmWrite(request));
      const result = await customers.create(caller, request.body);
      if ('duplicates' in result) {
        const { code } = customerErrors.POSSIBLE_DUPLICATE;
        return reply
          .status(409)
          .header('cache-control', 'no-store')
          .send({ error: { code, message: translate(request.locale, `errors.${code}`), details: { duplicates: result.duplicates } } });
      }
      return reply.status(201).send(result.created);
    },
  );

  app.patch(
    '/api/customers/:id',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Edit a customer (send the version you loaded: 409 crm.stale_version if someone saved since)', params: recordParams, body: customerUpdateBody, response: { 200: customerSchema, ...notFound } } },
    async (request) => customers.update(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
  );

  app.delete('/api/customers/:id', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Move a customer and its contacts to the trash', params: recordParams, response: { 200: trashedSchema, ...notFound } } }, async (request) =>
    customers.trash(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );

  app.post('/api/customers/:id/restore', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Bring a customer and its contacts back from the trash', params: recordParams, response: { 200: customerSchema, ...notFound } } }, async (request) =>
    customers.restore(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );

  app.get(
    '/api/customers/:id/history',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: "A customer's changes (its contacts' too), newest first", params: recordParams, querystring: historyQuery, response: { 200: historyListSchema, ...notFound } } },
    async (request) => customers.history(await resolveCaller(access, request, requireCrmRead(request)), request.params.id, request.query.cursor, request.query.limit),
  );
}
