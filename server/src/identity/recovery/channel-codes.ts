import { and, count, eq, gt } from 'drizzle-orm';
import { raise } from '../../http/app-error.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { translate } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import type { IdentityDependencies } from '../services.ts';
import { channelErrors } from './channel.errors.ts';
import { describeChannel, type ChannelEventContext } from './channel-notify.ts';
import type { ChannelRole } from './recovery-channels.ts';
import type { RecoveryLimits } from './recovery-limits.ts';
import { recoveryErrors } from './recovery.errors.ts';
import { verificationCodes, type ChannelKind } from './recovery.tables.ts';

export interface CodeTarget {
  /** 'email' / 'phone' for the primary addresses on `users`, else the recovery_addresses id. */
  subject: string;
  kind: ChannelKind;
  role: ChannelRole;
  address: string;
}

/**
 * Sends a code that proves the user reads `target`: at most one per 60 s per address, 5 per hour per account, and
 * texts only within the SMS toll-fraud caps shared with recovery.
 */
export async function sendChannelCode(deps: IdentityDependencies, limits: RecoveryLimits, context: ChannelEventContext, target: CodeTarget): Promise<void> {
  const { user, organization } = context;
  const lastSent = await deps.codes.lastIssuedAt(user.id, 'verify_channel', target.subject);
  const pauseEnds = lastSent ? lastSent.getTime() + rateLimits.codeResendSeconds * 1000 : 0;
  if (pauseEnds > Date.now()) {
    const seconds = Math.max(1, Math.ceil((pauseEnds - Date.now()) / 1000));
    raise(recoveryErrors.RESEND_TOO_SOON, { seconds }, { 'retry-after': String(seconds) });
  }
  const rule = rateLimits.channelCodesPerUser;
  const [sentThisHour] = await deps.db
    .select({ codes: count() })
    .from(verificationCodes)
    .where(and(eq(verificationCodes.userId, user.id), eq(verificationCodes.purpose, 'verify_channel'), gt(verificationCodes.createdAt, new Date(Date.now() - rule.windowMinutes * 60_000))));
  if ((sentThisHour?.codes ?? 0) >= rule.max) raise(channelErrors.CODE_LIMIT_REACHED, { minutes: rule.windowMinutes }, { 'retry-after': String(rule.windowMinutes * 60) });

  const policy = organization.securityPolicy.recovery;
  if (target.kind === 'phone') {
    const verdict = await limits.reserveSms({ number: target.address, orgRegion: policy.phoneRegion, purpose: 'verify_channel', ip: context.client.ip });
    if (!verdict.allowed) {
      await deps.audit.record(
        { action: 'sms_capped', outcome: 'failure', orgId: organization.id, targetUserId: user.id, targetLabel: user.email, details: { reason: verdict.reason, country: verdict.country, purpose: 'verify_channel' } },
        { ip: context.client.ip, userAgent: context.client.userAgent },
      );
      raise(recoveryErrors.SMS_LIMIT_REACHED);
    }
  }
  const issued = await deps.codes.issue({ userId: user.id, purpose: 'verify_channel', subject: target.subject, destination: target.address, digits: policy.codeDigits, minutes: policy.codeMinutes });
  const locale = userLocale(user, context.locale);
  const params = { name: user.name, orgName: organization.name, code: issued.code, minutes: policy.codeMinutes, channel: describeChannel(locale, target) };
  if (target.kind === 'email') {
    await deps.mail.send({ to: target.address, userId: user.id, template: 'recoveryCode', locale, params });
  } else {
    await deps.sms.send(target.address, translate(locale, 'sms.channelCode', params), user.id, { code: issued.code });
  }
}
