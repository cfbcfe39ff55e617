import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { recordParams, trashedSchema, trashQuery, transferredSchema } from '../customers/customer.schema.ts';
import { historyListSchema, historyQuery } from '../history/history.schema.ts';
import type { ContractLifecycleService } from './contract-lifecycle.service.ts';
import { contractCreateBody, contractListQuery, contractPageSchema, contractSchema, contractTransferBody, contractTrashPageSchema, contractUpdateBody, paymentCreateBody, paymentListSchema, paymentSchema } from './contract.schema.ts';
import type { ContractService } from './contract.service.ts';
import type { PaymentService } from './payment.service.ts';

export interface ContractServices {
  contracts: ContractService;
  lifecycle: ContractLifecycleService;
  payments: PaymentService;
}

export function registerContractRoutes(parent: FastifyInstance, access: AccessService, { contracts, lifecycle, payments }: ContractServices): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['contracts'];
  const notFound = { 404: errorSchema };
  const conflict = { 409: errorSchema };

  app.get(
    '/api/contracts',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'Contracts in your scope (all of them with finance read access): filters, sort, keyset pagination, totals per currency', querystring: contractListQuery, response: { 200: contractPageSchema } } },
    async (request) => contracts.list(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );
  app.get(
    '/api/contracts/trash',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'Contracts you can see that were deleted on their own in the last 30 days', querystring: trashQuery, response: { 200: contractTrashPageSchema } } },
    async (request) => lifecycle.trashPage(await resolveCaller(access, request, requireCrmRead(request)), request.query.cursor, request.query.limit),
  );
  app.post(
    '/api/contracts/transfer',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Give contracts to another owner, all or nothing', body: contractTransferBody, response: { 200: transferredSchema, ...notFound } } },
    async (request) => lifecycle.transfer(await resolveCaller(access, request, requireCrmWrite(request)), request.body.ids, request.body.toUserId, request.body.note),
  );
  app.get('/api/contracts/:id', { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'One contract with its paid total and balance', params: recordParams, response: { 200: contractSchema, ...notFound } } }, async (request) =>
    contracts.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );
  app.post(
    '/api/contracts',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Create a contract for a customer you may edit; 409 crm.duplicate_number when a live contract has the number', body: contractCreateBody, response: { 201: contractSchema, ...notFound, ...conflict } } },
    async (request, reply) => reply.status(201).send(await contracts.create(await resolveCaller(access, request, requireCrmWrite(request)), request.body)),
  );
  app.patch(
    '/api/contracts/:id',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Edit a contract (send the version you loaded); the amount cannot go below what was received', params: recordParams, body: contractUpdateBody, response: { 200: contractSchema, ...notFound, ...conflict } } },
    async (request) => contracts.update(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
  );
  // Unlike customers, a contract someone may edit is theirs to trash (a draft entered by mistake) until money has been
  // received against it: from then on only crm.writeAll roles may (checked in the service).
  app.delete(
    '/api/contracts/:id',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Move a contract you may edit to the trash (one with payments: crm.writeAll roles only)', params: recordParams, response: { 200: trashedSchema, ...notFound } } },
    async (request) => lifecycle.trash(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );
  app.post('/api/contracts/:id/restore', { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Bring a contract back from the trash', params: recordParams, response: { 200: contractSchema, ...notFound, ...conflict } } }, async (request) =>
    lifecycle.restore(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );
  app.get(
    '/api/contracts/:id/history',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: "A contract's changes and payments, newest first", params: recordParams, querystring: historyQuery, response: { 200: historyListSchema, ...notFound } } },
    async (request) => contracts.history(await resolveCaller(access, request, requireCrmRead(request)), request.params.id, request.query.cursor, request.query.limit),
  );

  app.get(
    '/api/contracts/:id/payments',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: "A contract's payments by received date, each with the balance left after it", params: recordParams, response: { 200: paymentListSchema, ...notFound } } },
    async (request) => payments.list(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );
  app.post(
    '/api/contracts/:id/payments',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Record a payment received; 409 crm.payment_exceeds_balance when the paid total would pass the contract amount', params: recordParams, body: paymentCreateBody, response: { 201: paymentSchema, ...notFound, ...conflict } } },
    async (request, reply) => reply.status(201).send(await payments.record(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body)),
  );
  app.delete('/api/payments/:id', { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Remove a payment entered by mistake (kept in history and the audit log)', params: recordParams, response: { 200: trashedSchema, ...notFound } } }, async (request) =>
    payments.remove(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );
}
