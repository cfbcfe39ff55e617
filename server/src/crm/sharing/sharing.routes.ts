import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead, requireCrmWrite, resolveCaller, type AccessService } from '../access/access.service.ts';
import { shareableKinds, shareBody, shareCandidatesSchema, shareListSchema, shareParams, shareResultSchema, unshareParams } from './sharing.schema.ts';
import type { SharingService } from './sharing.service.ts';

const singular = { customers: 'customer', deals: 'deal', contracts: 'contract', leads: 'lead' } as const;

/** `/api/{customers|deals|contracts|leads}/:id/shares`: who else a record is shared with, and changing that. */
export function registerSharingRoutes(parent: FastifyInstance, access: AccessService, sharing: SharingService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['sharing'];
  const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema };

  app.get(
    '/api/sharing/members',
    {
      ...checkedFirst(requireCrmWrite),
      schema: { tags, summary: 'Active members a record can usefully be shared with (managers and sales; organisation-wide roles already see everything), yourself excluded', response: { 200: shareCandidatesSchema } },
    },
    async (request) => sharing.candidates(await resolveCaller(access, request, requireCrmWrite(request))),
  );

  for (const kind of shareableKinds) {
    const noun = singular[kind];
    app.get(
      `/api/${kind}/:id/shares`,
      {
        ...checkedFirst(requireCrmRead),
        schema: { tags, summary: `Members the ${noun} is shared with, whether you may change that and whether it is shared with you (404 when you cannot see it)`, params: shareParams, response: { 200: shareListSchema, 404: errorSchema } },
      },
      async (request) => sharing.list(await resolveCaller(access, request, requireCrmRead(request)), kind, request.params.id),
    );

    app.post(
      `/api/${kind}/:id/shares`,
      {
        ...checkedFirst(requireCrmWrite),
        schema: {
          tags,
          summary: `Share the ${noun} with 1–50 active members: they see and edit it but cannot transfer or share it. Its owner or crm.writeAll only (403 crm.share_not_allowed); the owner and organisation-wide roles are skipped; idempotent; history and audit`,
          params: shareParams,
          body: shareBody,
          response: { 200: shareResultSchema, ...errors },
        },
      },
      async (request) => sharing.share(await resolveCaller(access, request, requireCrmWrite(request)), kind, request.params.id, request.body.userIds),
    );

    app.delete(
      `/api/${kind}/:id/shares/:userId`,
      {
        ...checkedFirst(requireCrmWrite),
        schema: { tags, summary: `Stop sharing the ${noun} with a member (access ends at once; removing a share that does not exist changes nothing)`, params: unshareParams, response: { 200: shareListSchema, ...errors } },
      },
      async (request) => sharing.unshare(await resolveCaller(access, request, requireCrmWrite(request)), kind, request.params.id, request.params.userId),
    );
  }
}
