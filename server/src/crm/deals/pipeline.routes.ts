import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditContext, requirePermission } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst, requireCrmRead } from '../access/access.service.ts';
import { pipelineSchema, pipelineUpdateBody } from './pipeline.schema.ts';
import type { PipelineService } from './pipeline.service.ts';

export function registerPipelineRoutes(parent: FastifyInstance, pipeline: PipelineService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['deals'];
  const canConfigure = (request: FastifyRequest) => requirePermission(request, 'crm.configure');

  app.get('/api/pipeline', { ...checkedFirst(requireCrmRead), schema: { tags, summary: "The organisation's deal stages in board order (the defaults are created on the first read)", response: { 200: pipelineSchema } } }, async (request) =>
    pipeline.view(requireCrmRead(request).user.orgId),
  );

  app.put(
    '/api/pipeline',
    {
      ...checkedFirst(canConfigure),
      schema: {
        tags,
        summary: 'Replace the open stages (order, names, probabilities; add; archive with a stage for their live deals). Owners and admins; audited',
        body: pipelineUpdateBody,
        response: { 200: pipelineSchema, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request) => pipeline.replace(canConfigure(request).user, request.body, auditContext(request)),
  );
}
