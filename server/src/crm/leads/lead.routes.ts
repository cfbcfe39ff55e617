import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { translate } from '../../i18n/i18n.ts';
import { checkedFirst, requireCrmDelete, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { customerErrors } from '../customers/customer.errors.ts';
import { recordParams, transferBody, transferredSchema, trashedSchema, trashPageSchema, trashQuery } from '../customers/customer.schema.ts';
import { historyListSchema, historyQuery } from '../history/history.schema.ts';
import type { LeadConversion } from './lead-conversion.ts';
import { leadConvertBody, leadConvertedSchema, leadCreateBody, leadConflictSchema, leadListQuery, leadPageSchema, leadSchema, leadUpdateBody } from './lead.schema.ts';
import type { LeadService } from './lead.service.ts';

export function registerLeadRoutes(parent: FastifyInstance, access: AccessService, leads: LeadService, conversion: LeadConversion): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['leads'];
  const notFound = { 404: errorSchema };

  app.get(
    '/api/leads',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'Leads in your data scope: filters, search, keyset pagination (opaque cursor)', querystring: leadListQuery, response: { 200: leadPageSchema } } },
    async (request) => leads.list(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );

  app.get(
    '/api/leads/trash',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'Leads you can see that were deleted in the last 30 days', querystring: trashQuery, response: { 200: trashPageSchema } } },
    async (request) => leads.trashPage(await resolveCaller(access, request, requireCrmRead(request)), request.query.cursor, request.query.limit),
  );

  app.post(
    '/api/leads/transfer',
    {
      ...checkedFirst(requireCrmWrite),
      schema: { tags, summary: 'Give leads to another owner, all or nothing (a converted lead is read-only: 409)', body: transferBody, response: { 200: transferredSchema, 404: errorSchema, 409: errorSchema } },
    },
    async (request) => leads.transfer(await resolveCaller(access, request, requireCrmWrite(request)), request.body.ids, request.body.toUserId, request.body.note),
  );

  app.get('/api/leads/:id', { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'One lead', params: recordParams, response: { 200: leadSchema, ...notFound } } }, async (request) =>
    leads.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );

  app.post('/api/leads', { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Create a lead', body: leadCreateBody, response: { 201: leadSchema } } }, async (request, reply) =>
    reply.status(201).send(await leads.create(await resolveCaller(access, request, requireCrmWrite(request)), request.body)),
  );

  app.patch(
    '/api/leads/:id',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Edit a lead (send the version you loaded); a converted lead is read-only (409)', params: recordParams, body: leadUpdateBody, response: { 200: leadSchema, ...notFound } } },
    async (request) => leads.update(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
  );

  app.post(
    '/api/leads/:id/convert',
    {
      ...checkedFirst(requireCrmWrite),
      schema: {
        tags,
        summary: 'Convert a lead into a customer (new or existing) + contact (+ deal) in one step; 409 crm.lead_converted the second time, 409 crm.possible_duplicate lists look-alike customers unless allowDuplicate is set',
        params: recordParams,
        body: leadConvertBody,
        response: { 200: leadConvertedSchema, 404: errorSchema, 409: leadConflictSchema },
      },
    },
    async (request, reply) => {
      const result = await conversion.convert(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body);
      if ('duplicates' in result) {
        const { code } = customerErrors.POSSIBLE_DUPLICATE;
        return reply
          .status(409)
          .header('cache-control', 'no-store')
          .send({ error: { code, message: translate(request.locale, `errors.${code}`), details: { duplicates: result.duplicates } } });
      }
      return reply.status(200).send(result.converted);
    },
  );

  app.delete('/api/leads/:id', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Move a lead to the trash', params: recordParams, response: { 200: trashedSchema, ...notFound } } }, async (request) =>
    leads.trash(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );

  app.post('/api/leads/:id/restore', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Bring a lead back from the trash', params: recordParams, response: { 200: leadSchema, ...notFound } } }, async (request) =>
    leads.restore(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );

  app.get(
    '/api/leads/:id/history',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: "A lead's changes, newest first", params: recordParams, querystring: historyQuery, response: { 200: historyListSchema, ...notFound } } },
    async (request) => leads.history(await resolveCaller(access, request, requireCrmRead(request)), request.params.id, request.query.cursor, request.query.limit),
  );
}
