import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, requirePermission } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { requireRecentAuth } from '../../identity/stepup/stepup.ts';
import { checkedFirst } from '../access/access.service.ts';
import {
  deliveryListQuery,
  deliveryPageSchema,
  deliveryParams,
  deliverySchema,
  webhookCreateBody,
  webhookListSchema,
  webhookParams,
  webhookSchema,
  webhookUpdateBody,
  webhookWithSecretSchema,
} from './webhook.schema.ts';
import type { WebhookService } from './webhook.service.ts';

/**
 * /api/webhooks: owners and admins (crm.configure), browser sessions only (an API token gets 401). Creating an endpoint,
 * changing its URL and rotating its secret decide where CRM data goes, so they also need a recent sign-in
 * (STEP_UP_MINUTES, else 403 reauthentication_required).
 */
export function registerWebhookRoutes(parent: FastifyInstance, webhooks: WebhookService, stepUpMinutes: number): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const canConfigure = (request: FastifyRequest) => requirePermission(request, 'crm.configure');
  const withStepUp = (request: FastifyRequest) => {
    canConfigure(request);
    return requireRecentAuth(request, stepUpMinutes);
  };

  app.get('/api/webhooks', { ...checkedFirst(canConfigure), schema: { tags, summary: "The organisation's webhook endpoints (secrets are never shown again)", response: { 200: webhookListSchema } } }, async (request) =>
    webhooks.list(canConfigure(request).user),
  );

  app.post(
    '/api/webhooks',
    {
      ...checkedFirst(canConfigure),
      schema: {
        tags,
        summary: 'Add an endpoint (https; needs a recent step-up). The response holds the signing secret, shown this once',
        body: webhookCreateBody,
        response: { 201: webhookWithSecretSchema, 400: errorSchema, 403: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await webhooks.create(withStepUp(request).user, request.body, actionContext(request))),
  );

  app.get('/api/webhooks/:id', { ...checkedFirst(canConfigure), schema: { tags, summary: 'One endpoint', params: webhookParams, response: { 200: webhookSchema, 404: errorSchema } } }, async (request) =>
    webhooks.get(canConfigure(request).user, request.params.id),
  );

  app.patch(
    '/api/webhooks/:id',
    {
      ...checkedFirst(canConfigure),
      schema: { tags, summary: 'Rename, change events, switch on/off, or change the URL (a new URL needs a recent step-up)', params: webhookParams, body: webhookUpdateBody, response: { 200: webhookSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema } },
    },
    async (request) => webhooks.update(canConfigure(request).user, request.params.id, request.body, () => requireRecentAuth(request, stepUpMinutes), actionContext(request)),
  );

  app.delete('/api/webhooks/:id', { ...checkedFirst(canConfigure), schema: { tags, summary: 'Delete an endpoint and its delivery log', params: webhookParams, response: { 204: z.null(), 404: errorSchema } } }, async (request, reply) => {
    await webhooks.remove(canConfigure(request).user, request.params.id, actionContext(request));
    return reply.status(204).send(null);
  });

  app.post(
    '/api/webhooks/:id/rotate-secret',
    { ...checkedFirst(canConfigure), schema: { tags, summary: 'A new signing secret (needs a recent step-up), shown this once; the old one stops at once', params: webhookParams, response: { 200: webhookWithSecretSchema, 403: errorSchema, 404: errorSchema } } },
    async (request) => webhooks.rotateSecret(withStepUp(request).user, request.params.id, actionContext(request)),
  );

  app.post(
    '/api/webhooks/:id/test',
    { ...checkedFirst(canConfigure), schema: { tags, summary: 'Send a signed `ping` event now; answers with its delivery (not retried)', params: webhookParams, response: { 200: deliverySchema, 404: errorSchema, 409: errorSchema } } },
    async (request) => webhooks.sendTest(canConfigure(request).user, request.params.id),
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    { ...checkedFirst(canConfigure), schema: { tags, summary: 'The delivery log, newest first (keyset cursor)', params: webhookParams, querystring: deliveryListQuery, response: { 200: deliveryPageSchema, 400: errorSchema, 404: errorSchema } } },
    async (request) => webhooks.deliveries(canConfigure(request).user, request.params.id, request.query.cursor, request.query.limit),
  );

  app.post(
    '/api/webhooks/deliveries/:deliveryId/redeliver',
    { ...checkedFirst(canConfigure), schema: { tags, summary: 'Send an event again now, as a new delivery with the same event id', params: deliveryParams, response: { 200: deliverySchema, 404: errorSchema, 409: errorSchema } } },
    async (request) => webhooks.redeliver(canConfigure(request).user, request.params.deliveryId),
  );
}
