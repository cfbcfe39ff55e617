import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { raise } from '../../http/app-error.ts';
import { auditContext, requirePermission } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { reauthenticatedUntil, stepUpErrors } from '../../identity/stepup/stepup.ts';
import { checkedFirst } from '../access/access.service.ts';
import type { ContractReaderService } from './contract-reader.service.ts';

const readerParams = z.strictObject({ userId: z.string().max(100) });
const readerSchema = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.string(), status: z.string(), grantedAt: z.date(), grantedByName: z.string().nullable() });

export function registerContractReaderRoutes(parent: FastifyInstance, config: Config, readers: ContractReaderService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['member administration'];
  const canManage = (request: FastifyRequest) => requirePermission(request, 'members.manage');
  /** Like every admin action: a stolen admin cookie alone must not open the organisation's books to someone. */
  const recentlyAuthenticated = (request: FastifyRequest) => {
    const auth = canManage(request);
    if (!reauthenticatedUntil(auth.session, config.stepUpMinutes)) raise(stepUpErrors.REAUTHENTICATION_REQUIRED);
    return auth;
  };

  app.get('/api/contract-readers', { ...checkedFirst(canManage), schema: { tags, summary: 'Members with finance read access (every contract and payment, read-only)', response: { 200: z.object({ items: z.array(readerSchema) }) } } }, async (request) => ({
    items: await readers.list(canManage(request).user.orgId),
  }));
  app.put(
    '/api/contract-readers/:userId',
    { ...checkedFirst(recentlyAuthenticated), schema: { tags, summary: 'Give a member finance read access (needs a recent step-up)', params: readerParams, response: { 200: z.object({ userId: z.string(), grantedAt: z.date() }), 404: errorSchema } } },
    async (request) => readers.grant(recentlyAuthenticated(request).user, request.params.userId, auditContext(request)),
  );
  app.delete(
    '/api/contract-readers/:userId',
    { ...checkedFirst(recentlyAuthenticated), schema: { tags, summary: 'Take finance read access away (needs a recent step-up)', params: readerParams, response: { 204: z.null(), 404: errorSchema } } },
    async (request, reply) => {
      await readers.revoke(recentlyAuthenticated(request).user, request.params.userId, auditContext(request));
      return reply.status(204).send(null);
    },
  );
}
