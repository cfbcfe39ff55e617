import { z } from 'zod';
import { publicLink } from '../../config.ts';
import { raise } from '../../http/app-error.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { isLocale, translate, type Locale } from '../../i18n/i18n.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { userLocale } from '../login/login.service.ts';
import { generateToken } from '../secrets.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo } from '../sessions/session.service.ts';
import { normalizeIdentifier } from '../users/user.service.ts';
import { channelLabel } from './recovery-channels.ts';
import type { RecoveryLimits, RecoveryRequestKind } from './recovery-limits.ts';
import { requestParams, reserveSmsOrAudit } from './recovery-notices.ts';
import { recoveryErrors } from './recovery.errors.ts';
import type { RecoveryRepository } from './recovery.repository.ts';

export const FORGOT_QUEUE = 'recovery.forgot';
export const UNLOCK_REQUEST_QUEUE = 'recovery.unlock';

const UNLOCK_LINK_MINUTES = 15;
/** Requests are queued in bursts (a flood, a busy morning): one poll takes many so legitimate mail is not delayed. */
const JOB_BATCH_SIZE = 50;

/** The queued request. It carries the normalized identifier (pg-boss deletes completed jobs). */
const requestJobSchema = z.object({
  requestId: z.number().int(),
  identifierKey: z.string(),
  kind: z.enum(['email', 'phone']).nullable(),
  address: z.string().nullable(),
  ip: z.string(),
  userAgent: z.string().nullable(),
  locale: z.string(),
});
type RequestJob = z.infer<typeof requestJobSchema>;

export interface RecoveryRequestContext {
  client: ClientInfo;
  locale: Locale;
}

/**
 * "Forgot password" and "unlock my account" requests. The HTTP request does the same work whatever the identifier —
 * validate, check the IP budget, record the request, queue a job — so status, body, headers and timing cannot tell a
 * known account from an unknown one (RC-01, T-ENUM). The job looks the address up and sends, or does nothing.
 */
export class ForgotService {
  constructor(
    private readonly deps: IdentityDependencies,
    private readonly limits: RecoveryLimits,
    private readonly repository: RecoveryRepository,
    private readonly jobs: JobQueue,
  ) {}

  registerJobs(): void {
    // The job runs at the queue's next poll, every half second, a moment the request does not choose: a request sent
    // right behind another cannot time the first one's job (a mail to a real account, nothing for an unknown one).
    const options = { retryLimit: 3, retryDelaySeconds: 5, batchSize: JOB_BATCH_SIZE, pollingIntervalSeconds: 0.5, wakeOnSend: false };
    this.jobs.define(FORGOT_QUEUE, async (data) => this.sendResetMessage(requestJobSchema.parse(data)), options);
    this.jobs.define(UNLOCK_REQUEST_QUEUE, async (data) => this.sendUnlockLink(requestJobSchema.parse(data)), options);
  }

  requestReset(identifier: string, context: RecoveryRequestContext): Promise<void> {
    return this.enqueue('forgot', FORGOT_QUEUE, identifier, context);
  }

  requestUnlock(identifier: string, context: RecoveryRequestContext): Promise<void> {
    return this.enqueue('unlock', UNLOCK_REQUEST_QUEUE, identifier, context);
  }

  private async enqueue(kind: RecoveryRequestKind, queue: string, identifier: string, context: RecoveryRequestContext): Promise<void> {
    const retryAfter = await this.limits.ipRetryAfterSeconds(context.client.ip);
    if (retryAfter !== null) raise(recoveryErrors.THROTTLED, { minutes: Math.ceil(retryAfter / 60) }, { 'retry-after': String(retryAfter) });
    const normalized = normalizeIdentifier(identifier);
    // Strings that are neither an e-mail nor a phone number are counted under their own key and queued all the same.
    const identifierKey = this.limits.identifierKey(normalized ? `${normalized.kind}:${normalized.value}` : `other:${identifier.normalize('NFKC').trim().toLowerCase()}`);
    const requestId = await this.limits.recordRequest({ identifierKey, kind, ip: context.client.ip });
    const job: RequestJob = {
      requestId,
      identifierKey,
      kind: normalized?.kind ?? null,
      address: normalized?.value ?? null,
      ip: context.client.ip,
      userAgent: context.client.userAgent,
      locale: context.locale,
    };
    await this.jobs.send(queue, job);
  }

  /** Finds the account owning this verified address and, within the caps, sends it a link (e-mail) and a code. */
  private async sendResetMessage(job: RequestJob): Promise<void> {
    const found = await this.lookUp(job);
    if (!found) return;
    const { user, organization, channel } = found;
    const { deps } = this;
    const client = { ip: job.ip, userAgent: job.userAgent };
    const auditContext = { ip: job.ip, userAgent: job.userAgent };
    const auditBase = { orgId: user.orgId, targetUserId: user.id, targetLabel: user.email, details: { channel: channelLabel(channel) } };

    if (!(await this.limits.isWithinIdentifierAllowance(job.identifierKey, 'forgot', job.requestId))) {
      await deps.audit.record({ ...auditBase, action: 'password_reset_capped', outcome: 'failure', details: { ...auditBase.details, scope: 'identifier' } }, auditContext);
      return;
    }
    // Frozen, deactivated and invited accounts get nothing (the response was the same neutral 202).
    if (user.status !== 'active' || user.frozenAt) {
      await deps.audit.record({ ...auditBase, action: 'password_reset_refused', outcome: 'failure', details: { ...auditBase.details, status: user.status } }, auditContext);
      return;
    }
    const perAccount = rateLimits.recoverySendsPerAccount;
    if ((await this.repository.countRecent(user.id, perAccount.windowMinutes)) >= perAccount.max) {
      await deps.audit.record({ ...auditBase, action: 'password_reset_capped', outcome: 'failure', details: { ...auditBase.details, scope: 'account' } }, auditContext);
      return;
    }
    if (channel.kind === 'phone' && !(await reserveSmsOrAudit(deps, this.limits, { to: channel.address, userId: user.id, organization, purpose: 'recovery', ...client }))) return;

    const rule = organization.securityPolicy.recovery;
    // The link token for e-mail; for SMS it is never sent (the code is exchanged for a ticket instead).
    const token = generateToken();
    const challenge = await this.repository.createChallenge({ userId: user.id, channelKind: channel.kind, destination: channel.address, token, linkMinutes: rule.linkMinutes, proof: channelLabel(channel), ...client });
    await deps.codes.voidAll(user.id, 'recovery');
    await deps.codes.voidAll(user.id, 'second_channel');
    const { code } = await deps.codes.issue({ userId: user.id, purpose: 'recovery', subject: challenge.id, destination: channel.address, digits: rule.codeDigits, minutes: rule.codeMinutes });
    const locale = userLocale(user, isLocale(job.locale) ? job.locale : 'en');
    const params = requestParams(deps, organization, locale, client);
    if (channel.kind === 'email') {
      await deps.mail.send({
        to: channel.address,
        userId: user.id,
        template: 'passwordReset',
        locale,
        params: { ...params, name: user.name, code, codeMinutes: rule.codeMinutes, linkMinutes: rule.linkMinutes },
        actionUrl: publicLink(deps.config, `/reset#token=${token}`),
      });
    } else {
      await deps.sms.send(channel.address, translate(locale, 'sms.passwordResetCode', { orgName: organization.name, code, minutes: rule.codeMinutes }), user.id, { code });
    }
    await deps.audit.record({ ...auditBase, action: 'password_reset_requested' }, auditContext);
  }

  /** Sends a fresh unlock link to this verified address, only while the account is locked. */
  private async sendUnlockLink(job: RequestJob): Promise<void> {
    const found = await this.lookUp(job);
    if (!found) return;
    const { user, organization, channel } = found;
    const { deps } = this;
    const client = { ip: job.ip, userAgent: job.userAgent };
    const isLocked = user.lockedUntil !== null && user.lockedUntil > new Date();
    if (user.status !== 'active' || user.frozenAt || !isLocked) return;
    if (!(await this.limits.isWithinIdentifierAllowance(job.identifierKey, 'unlock', job.requestId))) return;
    if (channel.kind === 'phone' && !(await reserveSmsOrAudit(deps, this.limits, { to: channel.address, userId: user.id, organization, purpose: 'unlock', ...client }))) return;

    const token = await deps.tokens.issue(user.id, 'unlock', UNLOCK_LINK_MINUTES);
    const url = publicLink(deps.config, `/unlock#token=${token}`);
    const locale = userLocale(user, isLocale(job.locale) ? job.locale : 'en');
    const params = requestParams(deps, organization, locale, client);
    if (channel.kind === 'email') {
      await deps.mail.send({ to: channel.address, userId: user.id, template: 'unlockLink', locale, params: { ...params, name: user.name, linkMinutes: UNLOCK_LINK_MINUTES }, actionUrl: url });
    } else {
      await deps.sms.send(channel.address, translate(locale, 'sms.unlockLink', { orgName: organization.name, minutes: UNLOCK_LINK_MINUTES, url }), user.id);
    }
    await deps.audit.record({ action: 'unlock_link_requested', orgId: user.orgId, targetUserId: user.id, targetLabel: user.email, details: { channel: channelLabel(channel) } }, client);
  }

  private async lookUp(job: RequestJob) {
    if (!job.kind || !job.address) return undefined;
    return this.deps.channels.findByVerifiedAddress(job.kind, job.address);
  }
}
