import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmDelete, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { recordParams, transferBody, transferredSchema, trashQuery } from '../customers/customer.schema.ts';
import { historyListSchema, historyQuery } from '../history/history.schema.ts';
import {
  dealBoardQuery,
  dealBoardSchema,
  dealCreateBody,
  dealListQuery,
  dealPageSchema,
  dealSchema,
  dealStageBody,
  dealTrashedSchema,
  dealTrashPageSchema,
  dealUpdateBody,
} from './deal.schema.ts';
import type { DealService } from './deal.service.ts';

export function registerDealRoutes(parent: FastifyInstance, access: AccessService, deals: DealService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['deals'];
  const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

  app.get(
    '/api/deals',
    {
      ...checkedFirst(requireCrmRead),
      schema: { tags, summary: 'Deals in your data scope: filters, sort and keyset pagination; the first page adds the count and exact sums', querystring: dealListQuery, response: { 200: dealPageSchema } },
    },
    async (request) => deals.list(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );

  app.get(
    '/api/deals/board',
    {
      ...checkedFirst(requireCrmRead),
      schema: { tags, summary: 'The kanban board: per stage the count, the amount per currency and the first cards (same filters as the list)', querystring: dealBoardQuery, response: { 200: dealBoardSchema } },
    },
    async (request) => deals.board(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );

  app.get(
    '/api/deals/trash',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'Deals you can see that were deleted in the last 30 days', querystring: trashQuery, response: { 200: dealTrashPageSchema } } },
    async (request) => deals.trashPage(await resolveCaller(access, request, requireCrmRead(request)), request.query.cursor, request.query.limit),
  );

  app.post(
    '/api/deals/transfer',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Give deals to another owner, all or nothing', body: transferBody, response: { 200: transferredSchema, ...errors } } },
    async (request) => deals.transfer(await resolveCaller(access, request, requireCrmWrite(request)), request.body.ids, request.body.toUserId, request.body.note),
  );

  app.get('/api/deals/:id', { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'One deal', params: recordParams, response: { 200: dealSchema, 404: errorSchema } } }, async (request) =>
    deals.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );

  app.post(
    '/api/deals',
    {
      ...checkedFirst(requireCrmWrite),
      schema: { tags, summary: 'Create a deal for a customer you may edit (stage, probability and owner have defaults)', body: dealCreateBody, response: { 201: dealSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await deals.create(await resolveCaller(access, request, requireCrmWrite(request)), request.body)),
  );

  app.patch(
    '/api/deals/:id',
    {
      ...checkedFirst(requireCrmWrite),
      schema: { tags, summary: 'Edit a deal (send the version you loaded: 409 crm.stale_version if someone saved since)', params: recordParams, body: dealUpdateBody, response: { 200: dealSchema, ...errors } },
    },
    async (request) => deals.update(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
  );

  const stageRoute = {
    ...checkedFirst(requireCrmWrite),
    schema: {
      tags,
      summary: 'Move a deal to another stage (lost needs a reason; the probability follows the stage unless given; version as for edits)',
      params: recordParams,
      body: dealStageBody,
      response: { 200: dealSchema, ...errors },
    },
  };
  // The board posts; PATCH is there for clients that treat the stage as a field of the deal.
  for (const method of ['POST', 'PATCH'] as const) {
    app.route({
      method,
      url: '/api/deals/:id/stage',
      ...stageRoute,
      handler: async (request) => deals.moveStage(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
    });
  }

  app.delete('/api/deals/:id', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Move a deal to the trash', params: recordParams, response: { 200: dealTrashedSchema, ...errors } } }, async (request) =>
    deals.trash(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );

  app.post('/api/deals/:id/restore', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Bring a deal back from the trash', params: recordParams, response: { 200: dealSchema, ...errors } } }, async (request) =>
    deals.restore(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );

  app.get(
    '/api/deals/:id/history',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: "A deal's changes, newest first", params: recordParams, querystring: historyQuery, response: { 200: historyListSchema, 404: errorSchema } } },
    async (request) => deals.history(await resolveCaller(access, request, requireCrmRead(request)), request.params.id, request.query.cursor, request.query.limit),
  );
}
