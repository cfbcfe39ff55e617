import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, requirePermission } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { customerSchema, recordParams } from '../customers/customer.schema.ts';
import { poolRuleBody, poolRuleSchema, poolStatusSchema, releaseBody } from './pool.schema.ts';
import type { PoolService } from './pool.service.ts';

export function registerPoolRoutes(parent: FastifyInstance, access: AccessService, pool: PoolService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['pool'];
  const canConfigure = (request: FastifyRequest) => requirePermission(request, 'crm.configure');

  app.get(
    '/api/pool',
    { ...checkedFirst(requireCrmRead), schema: { tags, summary: "The organisation's pool rule and how many claims you have left in the last 24 hours (the pool itself: GET /api/customers?ownerId=none)", response: { 200: poolStatusSchema } } },
    async (request) => pool.status(await resolveCaller(access, request, requireCrmRead(request))),
  );

  app.put(
    '/api/pool/rule',
    { ...checkedFirst(canConfigure), schema: { tags, summary: 'Set the pool rule: claim limit, return after N days without follow-up, notice, reclaim cool-down. Owners and admins; audited', body: poolRuleBody, response: { 200: poolRuleSchema, 400: errorSchema } } },
    async (request) => pool.saveRule(canConfigure(request).user, request.body, auditContext(request)),
  );

  app.post(
    '/api/customers/:id/claim',
    {
      ...checkedFirst(requireCrmWrite),
      schema: {
        tags,
        summary: 'Take a pool customer (409 crm.already_claimed when someone was faster, crm.claim_limit_reached, crm.reclaim_cooldown)',
        params: recordParams,
        response: { 200: customerSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => pool.claim(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id),
  );

  app.post(
    '/api/customers/:id/release',
    {
      ...checkedFirst(requireCrmWrite),
      schema: { tags, summary: 'Put a customer back in the pool (its owner, or crm.writeAll), with an optional reason', params: recordParams, body: releaseBody.nullish(), response: { 200: z.object({ id: z.string() }), 404: errorSchema, 409: errorSchema } },
    },
    async (request) => pool.release(await resolveCaller(access, request, requireCrmWrite(request)), request.params.id, request.body?.reason),
  );
}
