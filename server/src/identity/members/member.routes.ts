import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { auditContext, requirePermission, setSessionCookie } from '../../http/request-context.ts';
import { emailField, nameField, passwordField, tokenField } from '../../http/schemas.ts';
import { idleExpiryFor, meSchema, toMe } from '../me.ts';
import { rolePermissions, roles } from '../roles.ts';
import type { IdentityDependencies } from '../services.ts';
import { FreezeService } from '../recovery/freeze.service.ts';
import { RecoveryRepository } from '../recovery/recovery.repository.ts';
import { MemberService } from './member.service.ts';

export const memberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  role: z.string(),
  status: z.string(),
  locked: z.boolean(),
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
  passwordChangedAt: z.date().nullable(),
  passwordChangeRequired: z.boolean(),
  deactivatedAt: z.date().nullable(),
  /** A scheduled deactivation (the member is still active until then). */
  deactivateAt: z.date().nullable(),
});

const memberListItemSchema = memberSchema.extend({
  /** resetEffectiveAt: an admin's two-step reset waiting out its cool-down (AD-02) takes effect then. */
  twoStep: z.object({ enrolled: z.boolean(), methods: z.array(z.string()), reenrolRequired: z.boolean(), resetEffectiveAt: z.date().nullable() }),
  /** Verified channels plus factor ways back (two is the goal). */
  recoveryWays: z.number(),
});

export function registerMemberRoutes(parent: FastifyInstance, deps: IdentityDependencies, config: Config): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new MemberService(deps);
  const freeze = new FreezeService(deps, new RecoveryRepository(deps.db));

  app.get('/api/members', { schema: { tags: ['members'], summary: "The organisation's members", response: { 200: z.array(memberListItemSchema) } } }, async (request) => {
    const auth = requirePermission(request, 'members.read');
    return service.list(auth.user.orgId);
  });

  app.get('/api/roles', { schema: { tags: ['members'], summary: 'Roles and their permissions', response: { 200: z.array(z.object({ role: z.string(), permissions: z.array(z.string()) })) } } }, async (request) => {
    requirePermission(request, 'members.read');
    return roles.map((role) => ({ role, permissions: [...rolePermissions[role]] }));
  });

  app.post(
    '/api/members/invitations',
    { schema: { tags: ['members'], summary: 'Invite a member by e-mail', body: z.strictObject({ email: emailField, name: nameField, role: z.enum(roles) }), response: { 201: memberSchema } } },
    async (request, reply) => {
      const auth = requirePermission(request, 'members.manage');
      const member = await service.invite(auth.user, request.body, { ...auditContext(request), locale: request.locale });
      return reply.status(201).send(member);
    },
  );

  app.post(
    '/api/members/:id/invitation/resend',
    { schema: { tags: ['members'], summary: 'Send a fresh invitation link (voids the old one)', params: z.strictObject({ id: z.uuid() }), response: { 204: z.null() } } },
    async (request, reply) => {
      const auth = requirePermission(request, 'members.manage');
      await service.resendInvitation(auth.user, request.params.id, { ...auditContext(request), locale: request.locale });
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/members/:id',
    { schema: { tags: ['members'], summary: "Change a member's role", params: z.strictObject({ id: z.uuid() }), body: z.strictObject({ role: z.enum(roles) }), response: { 200: memberSchema } } },
    async (request) => {
      const auth = requirePermission(request, 'members.manage');
      return service.changeRole(auth.user, request.params.id, request.body.role, auditContext(request));
    },
  );

  app.post(
    '/api/members/:id/unfreeze',
    { schema: { tags: ['members'], summary: 'Lift a freeze ("this wasn\'t me"); the member then sets a password with "Forgot password"', params: z.strictObject({ id: z.uuid() }), response: { 200: memberSchema } } },
    async (request) => {
      const auth = requirePermission(request, 'members.manage');
      return freeze.unfreeze(auth.user, request.params.id, auditContext(request));
    },
  );

  app.get(
    '/api/invitations/:token',
    {
      config: { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['members'],
        summary: 'Check an invitation link without using it',
        params: z.strictObject({ token: tokenField }),
        response: { 200: z.object({ valid: z.boolean(), reason: z.string().optional(), email: z.string().optional(), name: z.string().optional(), orgName: z.string().optional() }) },
      },
    },
    async (request) => service.inspectInvitation(request.params.token),
  );

  app.post(
    '/api/invitations/accept',
    {
      config: { rateLimit: { max: rateLimits.tokenEndpointsPerIpPerMinute, timeWindow: 60_000 } },
      schema: { tags: ['members'], summary: 'Accept an invitation: set your password and sign in', body: z.strictObject({ token: tokenField, name: nameField, password: passwordField }), response: { 200: meSchema } },
    },
    async (request, reply) => {
      const result = await service.acceptInvitation(request.body, { ...auditContext(request), client: request.client });
      setSessionCookie(reply, config, result.token, result.session);
      const organization = await deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, result.user.orgId) });
      if (!organization) throw new Error('organization missing');
      return toMe(result.user, organization, result.session, idleExpiryFor(result.session, organization));
    },
  );
}
