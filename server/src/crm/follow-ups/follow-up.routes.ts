import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { recordParams } from '../customers/customer.schema.ts';
import { followUpCreateBody, followUpListQuery, followUpPageSchema, followUpSchema, followUpTrashedSchema, followUpUpdateBody } from './follow-up.schema.ts';
import type { FollowUpService } from './follow-up.service.ts';

/** A follow-up is its author's own record: trash and restore need crm.write (and authorship or crm.writeAll), not crm.delete. */
export function registerFollowUpRoutes(parent: FastifyInstance, access: AccessService, followUps: FollowUpService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['follow-ups'];
  const notFound = { 404: errorSchema };
  const read = checkedFirst(requireCrmRead);
  const write = checkedFirst(requireCrmWrite);

  app.get(
    '/api/follow-ups',
    { ...read, schema: { tags, summary: 'Follow-ups of the customers in your data scope, newest first (keyset pagination)', querystring: followUpListQuery, response: { 200: followUpPageSchema } } },
    async (request) => followUps.list(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );

  app.get('/api/follow-ups/:id', { ...read, schema: { tags, summary: 'One follow-up with its attachments', params: recordParams, response: { 200: followUpSchema, ...notFound } } }, async (request) =>
    followUps.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );

  app.post(
    '/api/follow-ups',
    {
      ...write,
      schema: { tags, summary: "Log a follow-up on a customer you may edit; nextFollowUpAt creates a reminder task for the customer's owner", body: followUpCreateBody, response: { 201: followUpSchema, ...notFound } },
    },
    async (request, reply) => reply.status(201).send(await followUps.create(await resolveCaller(access, request, requireCrmWrite(request)), request.body)),
  );

  app.patch(
    '/api/follow-ups/:id',
    {
      ...write,
      schema: { tags, summary: 'Edit your follow-up (send the version you loaded: 409 crm.stale_version if someone saved since)', params: recordParams, body: followUpUpdateBody, response: { 200: followUpSchema, ...notFound } },
    },
    async (request) => followUps.update(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
  );

  app.delete('/api/follow-ups/:id', { ...write, schema: { tags, summary: 'Move a follow-up (and its open reminder) to the trash', params: recordParams, response: { 200: followUpTrashedSchema, ...notFound } } }, async (request) =>
    followUps.trash(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );

  app.post('/api/follow-ups/:id/restore', { ...write, schema: { tags, summary: 'Bring a follow-up back from the trash', params: recordParams, response: { 200: followUpSchema, ...notFound } } }, async (request) =>
    followUps.restore(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );
}
