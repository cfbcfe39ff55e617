import { publicLink } from '../../config.ts';
import { translate, type Locale } from '../../i18n/i18n.ts';
import type { MailTemplate } from '../../messaging/templates/render-mail.ts';
import { userLocale } from '../login/login.service.ts';
import type { UserRow } from '../users/user.service.ts';
import type { OrganizationRow } from '../sessions/session.service.ts';
import { describeUserAgent, type ClientInfo } from '../sessions/session.service.ts';
import type { IdentityDependencies } from '../services.ts';
import type { Channel } from './recovery-channels.ts';
import type { RecoveryLimits } from './recovery-limits.ts';

/** 2026-01-31 14:05:09 UTC */
export function formatTime(date: Date): string {
  return `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/**
 * What every security message states so a reader can judge it: the organisation, when, from where and which device,
 * the organisation's anti-phishing phrase (when set) and the only origin genuine links start with (PUBLIC_URL).
 */
export function requestParams(deps: IdentityDependencies, organization: OrganizationRow, locale: Locale, client: ClientInfo, at = new Date()) {
  const agent = describeUserAgent(client.userAgent);
  return {
    orgName: organization.name,
    time: formatTime(at),
    ip: client.ip,
    device: [agent.browser, agent.os].filter(Boolean).join(', ') || translate(locale, 'mail.unknownDevice'),
    securityPhrase: organization.securityPolicy.recovery.antiPhishingPhrase,
    linkOrigin: deps.config.publicUrl.origin,
  };
}

/**
 * Reserves an SMS to a verified number under the toll-fraud caps (the send is recorded, LOG-05); a refusal is
 * audited as `sms_capped`. Returns whether the caller may send.
 */
export async function reserveSmsOrAudit(
  deps: IdentityDependencies,
  limits: RecoveryLimits,
  input: { to: string; userId: string; organization: OrganizationRow; purpose: string; ip: string | null; userAgent: string | null },
): Promise<boolean> {
  const verdict = await limits.reserveSms({ number: input.to, orgRegion: input.organization.securityPolicy.recovery.phoneRegion, purpose: input.purpose, ip: input.ip });
  if (verdict.allowed) return true;
  await deps.audit.record(
    { action: 'sms_capped', outcome: 'failure', orgId: input.organization.id, targetUserId: input.userId, details: { reason: verdict.reason, country: verdict.country, purpose: input.purpose } },
    { ip: input.ip, userAgent: input.userAgent },
  );
  return false;
}

/** Channels of the other kind than the one already proven: e-mail ↔ phone, never a second mailbox. */
export function otherKindChannels(channels: Channel[], provenKind: Channel['kind']): Channel[] {
  return channels.filter((channel) => channel.kind !== provenKind);
}

export interface FreezeNotice {
  user: UserRow;
  organization: OrganizationRow;
  client: ClientInfo;
  locale: Locale;
  /** The mail (its button is the freeze link) and the SMS text (its `{{url}}` is the freeze link). */
  mailTemplate: MailTemplate;
  smsKey: string;
  /** Extra parameters for both texts, on top of requestParams and the user's name. */
  params?: Record<string, string | number>;
  linkMinutes: number;
  /** Earlier freeze links stay valid (a second notice must not kill the link the first one carried). */
  keepOthers?: boolean;
}

/**
 * A security notice to every verified channel of the account — each mailbox and each mobile (within the SMS caps) —
 * carrying one "this wasn't me" link that freezes the account (freeze.service.ts). Only proven addresses: the link
 * must not reach a mailbox that may belong to someone else.
 */
export async function sendFreezeNotice(deps: IdentityDependencies, limits: RecoveryLimits, notice: FreezeNotice): Promise<void> {
  const { user, organization, client } = notice;
  const token = await deps.tokens.issue(user.id, 'freeze', notice.linkMinutes, {}, { keepOthers: notice.keepOthers ?? false });
  const url = publicLink(deps.config, `/freeze#token=${token}`);
  const locale = userLocale(user, notice.locale);
  const params = { ...requestParams(deps, organization, locale, client), name: user.name, ...notice.params };
  for (const channel of await deps.channels.verifiedChannels(user)) {
    if (channel.kind === 'email') {
      await deps.mail.send({ to: channel.address, userId: user.id, template: notice.mailTemplate, locale, params, actionUrl: url });
    } else if (await reserveSmsOrAudit(deps, limits, { to: channel.address, userId: user.id, organization, purpose: 'notice', ip: client.ip, userAgent: client.userAgent })) {
      await deps.sms.send(channel.address, translate(locale, notice.smsKey, { ...params, url }), user.id);
    }
  }
}
