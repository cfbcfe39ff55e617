import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmDelete, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { recordParams } from '../customers/customer.schema.ts';
import { contactCreateBody, contactListQuery, contactPageSchema, contactSchema, contactTrashedSchema, contactUpdateBody } from './contact.schema.ts';
import type { ContactService } from './contact.service.ts';

export function registerContactRoutes(parent: FastifyInstance, access: AccessService, contacts: ContactService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];
  const notFound = { 404: errorSchema };

  app.get(
    '/api/contacts',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: "Contacts of the customers in your data scope (keyset pagination)", querystring: contactListQuery, response: { 200: contactPageSchema } } },
    async (request) => contacts.list(await resolveCaller(access, request, requireCrmRead(request)), request.query),
  );

  app.get('/api/contacts/:id', { ...checkedFirst(requireCrmRead), schema: { tags, summary: 'One contact', params: recordParams, response: { 200: contactSchema, ...notFound } } }, async (request) =>
    contacts.get(await resolveCaller(access, request, requireCrmRead(request)), request.params.id),
  );

  app.post(
    '/api/contacts',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: "Add a contact to a customer you may edit (the customer's first contact becomes primary)", body: contactCreateBody, response: { 201: contactSchema, ...notFound } } },
    async (request, reply) => reply.status(201).send(await contacts.create(await resolveCaller(access, request, requireCrmWrite(request)), request.body)),
  );

  app.patch(
    '/api/contacts/:id',
    { ...checkedFirst(requireCrmWrite), schema: { tags, summary: 'Edit a contact (send the version you loaded: 409 crm.stale_version if someone saved since)', params: recordParams, body: contactUpdateBody, response: { 200: contactSchema, ...notFound } } },
    async (request) => contacts.update(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body),
  );

  app.delete('/api/contacts/:id', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Move a contact to the trash', params: recordParams, response: { 200: contactTrashedSchema, ...notFound } } }, async (request) =>
    contacts.trash(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );

  app.post('/api/contacts/:id/restore', { ...checkedFirst(requireCrmDelete), schema: { tags, summary: 'Bring a contact back from the trash', params: recordParams, response: { 200: contactSchema, ...notFound } } }, async (request) =>
    contacts.restore(await resolveCaller(access, request, requireCrmDelete(request)), request.params.id),
  );
}
