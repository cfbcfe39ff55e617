import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, auditContext, requireAuth } from '../../http/request-context.ts';
import { reauthenticatedUntil, requireRecentAuth } from '../stepup/stepup.ts';
import type { IdentityDependencies } from '../services.ts';
import { countWaysBack, isRecoverySetupRequired, WAYS_BACK_NEEDED } from './channel-readiness.ts';
import { factorWaysBack } from '../mfa/two-step-policy.ts';
import { describeSecurityQuestions, ensureQuestionsEnabled, removeSecurityQuestions, SECURITY_QUESTION_COUNT, SECURITY_QUESTION_KEYS, setSecurityQuestions } from './channel-security-questions.ts';
import { ChannelService } from './channel.service.ts';

const channelSchema = z.object({
  id: z.string(),
  kind: z.enum(['email', 'phone']),
  role: z.enum(['primary', 'backup']),
  address: z.string(),
  verified: z.boolean(),
  pending: z.boolean(),
  verifiedAt: z.date().nullable(),
});

const channelIdParams = z.strictObject({ id: z.union([z.literal('primary-email'), z.literal('primary-phone'), z.uuid()]) });

const questionSchema = z.union([
  z.strictObject({ questionKey: z.enum(SECURITY_QUESTION_KEYS), answer: z.string().min(1).max(200) }),
  z.strictObject({ customQuestion: z.string().trim().min(5).max(200), answer: z.string().min(1).max(200) }),
]);

const recoveryOverviewSchema = z.object({
  channels: z.array(channelSchema),
  securityQuestions: z.object({
    enabled: z.boolean(),
    configured: z.boolean(),
    positions: z.array(z.object({ position: z.number(), questionKey: z.string().nullable(), customQuestion: z.string().nullable() })),
  }),
  questionCatalog: z.array(z.object({ key: z.string() })),
  readiness: z.object({ ways: z.number(), needed: z.number(), required: z.boolean(), setupRequired: z.boolean() }),
  reauthenticatedUntil: z.date().nullable(),
});

/** RC-08: where the organisation has not enabled security questions, their endpoints do not exist (404 before validation). */
async function questionsMustExist(request: FastifyRequest): Promise<void> {
  const auth = requireAuth(request);
  ensureQuestionsEnabled(auth.organization.securityPolicy);
}

/** Settings → Security → Recovery: the signed-in user's own channels and (when the org allows) security questions. */
export function registerChannelRoutes(parent: FastifyInstance, deps: IdentityDependencies): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const service = new ChannelService(deps);

  app.get('/api/account/recovery', { schema: { tags: ['recovery'], summary: 'Your ways back into the account', response: { 200: recoveryOverviewSchema } } }, async (request) => {
    const auth = requireAuth(request);
    const policy = auth.organization.securityPolicy;
    const ways = countWaysBack(await deps.channels.verifiedChannels(auth.user), await factorWaysBack(deps.db, auth.user.id));
    return {
      channels: await service.list(auth.user),
      securityQuestions: await describeSecurityQuestions(deps, auth.user, policy),
      questionCatalog: policy.recovery.securityQuestions ? SECURITY_QUESTION_KEYS.map((key) => ({ key })) : [],
      readiness: {
        ways,
        needed: WAYS_BACK_NEEDED,
        required: policy.recovery.requireTwoWaysBack || auth.user.recoverySetupRequired,
        setupRequired: isRecoverySetupRequired(policy, auth.user, ways),
      },
      reauthenticatedUntil: reauthenticatedUntil(auth.session, deps.config.stepUpMinutes),
    };
  });

  app.post(
    '/api/account/recovery/channels',
    {
      schema: {
        tags: ['recovery'],
        summary: 'Add a backup address or change a primary one (needs recent re-authentication); a code goes to it',
        body: z.strictObject({ kind: z.enum(['email', 'phone']), role: z.enum(['primary', 'backup']), address: z.string().trim().min(3).max(254) }),
        response: { 201: z.object({ id: z.string(), pending: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const auth = requireRecentAuth(request, deps.config.stepUpMinutes);
      return reply.status(201).send(await service.add(auth, request.body, actionContext(request)));
    },
  );

  app.post(
    '/api/account/recovery/channels/:id/verify',
    {
      schema: {
        tags: ['recovery'],
        summary: 'Enter the code sent to an address',
        params: channelIdParams,
        body: z.strictObject({ code: z.string().trim().regex(/^\d{6,8}$/) }),
        response: { 200: channelSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return service.verify(auth, request.params.id, request.body.code, actionContext(request));
    },
  );

  for (const path of ['/api/account/recovery/channels/:id/resend', '/api/account/recovery/channels/:id/send-code']) {
    app.post(path, { schema: { tags: ['recovery'], summary: 'Send a (new) code to an unverified address; one per minute', params: channelIdParams, response: { 202: z.object({ sent: z.literal(true) }) } } }, async (request, reply) => {
      const auth = requireAuth(request);
      await service.sendCode(auth, request.params.id, actionContext(request));
      return reply.status(202).send({ sent: true as const });
    });
  }

  app.delete('/api/account/recovery/channels/:id', { schema: { tags: ['recovery'], summary: 'Remove an address (needs recent re-authentication)', params: channelIdParams, response: { 204: z.null() } } }, async (request, reply) => {
    const auth = requireRecentAuth(request, deps.config.stepUpMinutes);
    await service.remove(auth, request.params.id, actionContext(request));
    return reply.status(204).send(null);
  });

  app.put(
    '/api/account/recovery/security-questions',
    {
      preValidation: questionsMustExist,
      schema: {
        tags: ['recovery'],
        summary: 'Set three security questions (only when the organisation enabled them)',
        body: z.strictObject({ questions: z.array(questionSchema).length(SECURITY_QUESTION_COUNT) }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const auth = requireRecentAuth(request, deps.config.stepUpMinutes);
      await setSecurityQuestions(deps, auth.user, auth.organization.securityPolicy, request.body.questions, auditContext(request));
      return { ok: true as const };
    },
  );

  app.delete('/api/account/recovery/security-questions', { preValidation: questionsMustExist, schema: { tags: ['recovery'], summary: 'Remove your security questions', response: { 204: z.null() } } }, async (request, reply) => {
    const auth = requireRecentAuth(request, deps.config.stepUpMinutes);
    await removeSecurityQuestions(deps, auth.user, auth.organization.securityPolicy, auditContext(request));
    return reply.status(204).send(null);
  });
}
