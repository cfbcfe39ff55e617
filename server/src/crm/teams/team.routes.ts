import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, requirePermission } from '../../http/request-context.ts';
import { errorSchema } from '../../http/schemas.ts';
import { checkedFirst } from '../access/access.service.ts';
import { teamBody, teamListSchema, teamMembersBody, teamParams, teamSchema } from './team.schema.ts';
import type { TeamService } from './team.service.ts';

export function registerTeamRoutes(parent: FastifyInstance, teams: TeamService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const canRead = (request: FastifyRequest) => requirePermission(request, 'members.read');
  const canManage = (request: FastifyRequest) => requirePermission(request, 'members.manage');
  const tags = ['teams'];

  app.get('/api/teams', { ...checkedFirst(canRead), schema: { tags, summary: 'Sales teams and their members (the manager data scope)', response: { 200: teamListSchema } } }, async (request) => {
    const auth = requirePermission(request, 'members.read');
    return { items: await teams.list(auth.user.orgId) };
  });

  app.post('/api/teams', { ...checkedFirst(canManage), schema: { tags, summary: 'Create a team', body: teamBody, response: { 201: teamSchema } } }, async (request, reply) => {
    const auth = requirePermission(request, 'members.manage');
    return reply.status(201).send(await teams.create(auth.user, request.body.name, auditContext(request)));
  });

  app.patch('/api/teams/:id', { ...checkedFirst(canManage), schema: { tags, summary: 'Rename a team', params: teamParams, body: teamBody, response: { 200: teamSchema } } }, async (request) => {
    const auth = requirePermission(request, 'members.manage');
    return teams.rename(auth.user, request.params.id, request.body.name, auditContext(request));
  });

  app.delete('/api/teams/:id', { ...checkedFirst(canManage), schema: { tags, summary: 'Delete a team (its members keep their records)', params: teamParams, response: { 204: z.null(), 404: errorSchema } } }, async (request, reply) => {
    const auth = requirePermission(request, 'members.manage');
    await teams.remove(auth.user, request.params.id, auditContext(request));
    return reply.status(204).send(null);
  });

  app.put(
    '/api/teams/:id/members',
    { ...checkedFirst(canManage), schema: { tags, summary: "Set a team's members; each of them leaves any other team", params: teamParams, body: teamMembersBody, response: { 200: teamSchema } } },
    async (request) => {
      const auth = requirePermission(request, 'members.manage');
      return teams.replaceMembers(auth.user, request.params.id, request.body.userIds, auditContext(request));
    },
  );
}
