import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AuditService } from '../audit/audit.service.ts';
import { registerAuditRoutes } from '../audit/audit.routes.ts';
import type { Config } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { LockoutService } from '../identity/lockout/lockout.service.ts';
import { registerLoginRoutes } from '../identity/login/login.routes.ts';
import { registerMemberRoutes } from '../identity/members/member.routes.ts';
import { registerAdministration } from '../identity/admin/admin.module.ts';
import { registerApiTokenRoutes } from '../identity/api-tokens/api-token.routes.ts';
import { ApiTokenService } from '../identity/api-tokens/api-token.service.ts';
import { registerCrm } from '../crm/crm.module.ts';
import { registerPoolJobs } from '../crm/pool/pool.jobs.ts';
import { registerWebhooks } from '../crm/webhooks/webhooks.module.ts';
import { registerLifecycleJobs } from '../identity/admin/lifecycle.jobs.ts';
import { registerSecurityPolicyRoutes } from '../identity/orgs/security-policy.routes.ts';
import { loadPasswordBlocklist } from '../identity/passwords/password-blocklist.ts';
import { PasswordHasher, type Argon2Parameters } from '../identity/passwords/password-hashing.ts';
import { registerPasswordRoutes } from '../identity/passwords/password.routes.ts';
import { PasswordExpiryService } from '../identity/passwords/password-expiry.service.ts';
import { registerMfaSignInRoutes } from '../identity/mfa/mfa.routes.ts';
import { SecondFactorRegistry } from '../identity/mfa/second-factors.ts';
import { registerTwoStepEnforcement } from '../identity/mfa/two-step-policy.ts';
import { registerSmsFactorRoutes } from '../identity/mfa/sms-factor.routes.ts';
import { registerTwoStepRoutes } from '../identity/mfa/two-step.routes.ts';
import { registerPasskeyRoutes } from '../identity/mfa/passkeys/passkey.routes.ts';
import { registerTrustedBrowserRoutes } from '../identity/mfa/trusted-browsers.routes.ts';
import { TwoStepService } from '../identity/mfa/two-step.service.ts';
import { Secrets } from '../identity/secrets.ts';
import type { IdentityDependencies } from '../identity/services.ts';
import { SessionService } from '../identity/sessions/session.service.ts';
import { registerSessionRoutes } from '../identity/sessions/session.routes.ts';
import { registerSetupRoutes } from '../identity/setup/setup.routes.ts';
import { RecoveryChannelService } from '../identity/recovery/recovery-channels.ts';
import { VerificationCodeService } from '../identity/recovery/verification-codes.ts';
import { createRecoveryServices, registerRecoveryRoutes, type RecoveryServices } from '../identity/recovery/recovery.routes.ts';
import { registerChannelAdminRoutes } from '../identity/recovery/channel-admin.routes.ts';
import { createSecurityPhraseLookup } from '../identity/recovery/channel-anti-phishing.ts';
import { registerChannelPublicRoutes } from '../identity/recovery/channel-public.routes.ts';
import { registerChannelRoutes } from '../identity/recovery/channel.routes.ts';
import { registerStepUpRoutes } from '../identity/stepup/stepup.routes.ts';
import { ActionTokenService } from '../identity/tokens/action-token.service.ts';
import { registerAccountRoutes } from '../identity/users/account.routes.ts';
import { UserService } from '../identity/users/user.service.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { registerMailRoutes } from '../messaging/mail.routes.ts';
import { MailService } from '../messaging/mail.service.ts';
import { SmsService } from '../messaging/sms.service.ts';
import { registerCsrfProtection } from './csrf.ts';
import { registerErrorHandling, registerNotFound } from './error-handler.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { Metrics } from './metrics.ts';
import { rateLimits } from './rate-limits.ts';
import { cookieNames, registerRequestContext } from './request-context.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerWebApp } from './web-app.ts';
import { errorSchema } from './schemas.ts';

export interface BuildAppOptions {
  /** An already opened database (tests share one per file); opened from config otherwise. */
  database?: DatabaseHandle;
  /** Lower argon2 cost for benchmarks of other parts; defaults to the OWASP parameters. */
  argon2?: Argon2Parameters;
  startJobs?: boolean;
  logger?: boolean;
}

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  identity: IdentityDependencies;
  jobs: JobQueue;
  metrics: Metrics;
  recovery: RecoveryServices;
}

const BODY_LIMIT_BYTES = 64 * 1024;

/** 429 as documented on every API route: the per-IP limit covers all of them, the CRM's read quotas its reads. */
const tooManyRequests = errorSchema.describe('Too many requests (the per-IP rate limit or, on CRM reads, a read quota): retry after the Retry-After header\'s seconds');

/**
 * OpenAPI extras: every API route lists the 429 answer, and routes that take a personal API token (CRM routes, marked
 * by checkedFirst) list the bearer scheme.
 */
const documentRoutes: typeof jsonSchemaTransform = (input) => {
  const response = input.schema.response as Record<string, unknown> | undefined;
  const documented = input.url.startsWith('/api/') && response && !('429' in response) ? { ...input, schema: { ...input.schema, response: { ...response, 429: tooManyRequests } } } : input;
  const transformed = jsonSchemaTransform(documented);
  if (input.route.config?.acceptsApiToken !== true) return transformed;
  return { ...transformed, schema: { ...transformed.schema, security: [{ session: [] }, { apiToken: [] }] } };
};

/** Assembles the whole server; main.ts only adds listen(). */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<{ app: FastifyInstance; context: AppContext }> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] },
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count is accepted at run time although the typings list only string | boolean.
    trustProxy: config.trustProxy as string | boolean,
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  });
  // JSON only: a form or text/plain body (the classic cross-site POST) is refused with 415 before any handler.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, inMemory: config.inMemoryDatabase }));
  await database.migrate();
  const db = database.db;
  const metrics = new Metrics();
  const audit = new AuditService(db, (action, outcome) => metrics.countSecurityEvent(action, outcome));
  const jobs = new JobQueue(database, (error) => app.log.error({ err: error }, 'job queue error'));
  const logLine = { info: (message: string) => app.log.info(message), warn: (message: string) => app.log.warn(message) };
  const outboxLogger = { info: (message: string) => console.log(message), warn: logLine.warn };
  const mail = new MailService(config, db, jobs, config.smtpUrl ? logLine : outboxLogger);
  const sms = new SmsService(config, db, jobs, config.sms.provider === 'outbox' ? outboxLogger : logLine);
  mail.useSecurityPhraseLookup(createSecurityPhraseLookup(db));
  mail.registerJobs();
  sms.registerJobs();
  const secrets = await Secrets.load(db, config.secretKey);
  const identity: IdentityDependencies = {
    config,
    db,
    audit,
    mail,
    sms,
    secrets,
    hasher: new PasswordHasher(options.argon2),
    lockout: new LockoutService(db, secrets),
    sessions: new SessionService(db),
    tokens: new ActionTokenService(db),
    codes: new VerificationCodeService(db, secrets),
    channels: new RecoveryChannelService(db),
    users: new UserService(db),
    secondFactors: new SecondFactorRegistry(),
  };
  loadPasswordBlocklist();
  registerErrorHandling(app, audit);

  await app.register(cookie);
  await app.register(rateLimit, { global: true, max: rateLimits.apiPerIpPerMinute, timeWindow: 60_000, allowList: (request) => !request.url.startsWith('/api/') });
  registerSecurityHeaders(app, config);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clientele API',
        version: '0.1.0',
        description:
          'Errors are {"error":{"code","message"}}. In the browser the session cookie authenticates and state-changing requests need a same-origin Origin header. Scripts call the CRM routes with a personal API token (Settings → API tokens): `Authorization: Bearer clt_…`, limited to its scopes (crm:read, crm:write, crm:delete) and to its owner\'s role and data scope; every other route refuses tokens.',
      },
      servers: [{ url: config.publicUrl.origin }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: cookieNames(config).session },
          apiToken: { type: 'http', scheme: 'bearer', description: 'A personal API token, clt_…' },
        },
      },
    },
    transform: documentRoutes,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.addContentTypeParser(['application/csp-report', 'application/reports+json'], { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    done(null, body);
  });
  app.post('/api/csp-reports', { schema: { hide: true } }, async (request, reply) => {
    request.log.warn({ report: String(request.body).slice(0, 2000) }, 'csp violation');
    return reply.status(204).send();
  });

  const apiTokens = new ApiTokenService(identity);
  registerRequestContext(app, config, identity.sessions, audit, apiTokens);
  registerTwoStepEnforcement(app, db);
  registerCsrfProtection(app, config);
  metrics.register(app);
  registerHealthRoutes(app, database);
  registerSetupRoutes(app, identity, config);
  registerLoginRoutes(app, identity, config);
  registerPasswordRoutes(app, identity, config);
  const twoStep = new TwoStepService(identity);
  registerMfaSignInRoutes(app, identity, config);
  registerTwoStepRoutes(app, identity, twoStep);
  registerSmsFactorRoutes(app, identity, twoStep);
  registerPasskeyRoutes(app, identity, config, twoStep);
  const recovery = createRecoveryServices(identity, jobs, (userId) => twoStep.activeMethods(userId));
  registerRecoveryRoutes(app, config, recovery);
  registerStepUpRoutes(app, identity);
  registerChannelRoutes(app, identity);
  registerChannelPublicRoutes(app, identity, config);
  registerChannelAdminRoutes(app, identity);
  registerSessionRoutes(app, identity);
  registerTrustedBrowserRoutes(app, identity, config);
  registerAccountRoutes(app, identity);
  registerApiTokenRoutes(app, identity, apiTokens);
  registerMemberRoutes(app, identity, config);
  registerAdministration(app, identity, config);
  const crm = registerCrm(app, identity, config, jobs, (error) => app.log.error({ err: error }, 'import not queued'));
  const poolSweep = registerPoolJobs(identity, jobs, (error) => app.log.error({ err: error }, 'public pool sweep not queued'));
  const webhookJobs = registerWebhooks(app, identity, jobs, (error) => app.log.error({ err: error }, 'webhook delivery not queued'));
  const lifecycle = registerLifecycleJobs(identity, jobs, (error) => app.log.error({ err: error }, 'account lifecycle sweep not queued'));
  registerSecurityPolicyRoutes(app, identity);
  registerAuditRoutes(app, audit);
  registerMailRoutes(app, mail, audit);
  await registerWebApp(app);
  registerNotFound(app);

  let reminderTimer: NodeJS.Timeout | undefined;
  if (options.startJobs !== false) {
    await jobs.start();
    const expiry = new PasswordExpiryService(identity);
    const sendReminders = () => {
      expiry.sendReminders().catch((error: unknown) => app.log.error({ err: error }, 'password expiry reminders failed'));
    };
    sendReminders();
    reminderTimer = setInterval(sendReminders, 3_600_000);
    reminderTimer.unref();
    lifecycle.start();
    poolSweep.start();
    crm.importJobs.start();
    webhookJobs.start();
  }
  app.addHook('onClose', async () => {
    clearInterval(reminderTimer);
    lifecycle.stop();
    poolSweep.stop();
    webhookJobs.stop();
    await jobs.stop();
    await mail.close();
    if (!options.database) await database.close();
  });
  return { app, context: { config, database, identity, jobs, metrics, recovery } };
}
