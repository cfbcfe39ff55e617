import { publicLink } from '../../config.ts';
import { translate, type Locale } from '../../i18n/i18n.ts';
import type { MailTemplate } from '../../messaging/templates/render-mail.ts';
import { userLocale } from '../login/login.service.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, OrganizationRow, UserRow } from '../sessions/session.service.ts';
import type { ChannelRole, Channel } from './recovery-channels.ts';
import { maskAddress } from './recovery-channels.ts';
import type { RecoveryLimits } from './recovery-limits.ts';
import type { ChannelKind } from './recovery.tables.ts';
import { formatTime } from './recovery-notices.ts';
import { describeUserAgent } from '../sessions/session.service.ts';

export interface ChannelEventContext {
  user: UserRow;
  organization: OrganizationRow;
  client: ClientInfo;
  locale: Locale;
}

/** "backup mobile number +86 138••••0000" in the reader's language (masked: the mail may be read by anyone). */
export function describeChannel(locale: Locale, channel: { kind: ChannelKind; role: ChannelRole; address: string }): string {
  return translate(locale, `channels.label.${channel.kind}_${channel.role}`, { address: maskAddress(channel.kind, channel.address) });
}

function eventParams(context: ChannelEventContext, locale: Locale) {
  const agent = describeUserAgent(context.client.userAgent);
  return {
    name: context.user.name,
    orgName: context.organization.name,
    time: formatTime(new Date()),
    ip: context.client.ip,
    device: [agent.browser, agent.os].filter(Boolean).join(', ') || translate(locale, 'mail.unknownDevice'),
  };
}

export interface ChannelNotice {
  template: Extract<MailTemplate, 'channelAdded' | 'channelVerified' | 'channelRemoved' | 'emailChanged' | 'phoneChanged'>;
  /** The channel the event is about (described masked in the message). */
  subject: { kind: ChannelKind; role: ChannelRole; address: string };
  /** Every verified channel of the account at the time of the event (the notice goes to each). */
  recipients: Channel[];
  /** A revert link, only in the messages to these addresses (the previous primary address). */
  revert?: { url: string; addresses: string[] };
}

/**
 * Tells every verified channel about a change to the account's ways back, so the owner hears of it wherever they
 * still read: mail to each mailbox, a text to each number (within the SMS caps). No codes or reusable links, except
 * the revert link to the address that was replaced.
 */
export async function notifyChannels(deps: IdentityDependencies, limits: RecoveryLimits, context: ChannelEventContext, notice: ChannelNotice): Promise<void> {
  const locale = userLocale(context.user, context.locale);
  const params = { ...eventParams(context, locale), channel: describeChannel(locale, notice.subject) };
  const seen = new Set<string>();
  for (const recipient of notice.recipients) {
    const key = `${recipient.kind}:${recipient.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const revertUrl = notice.revert?.addresses.includes(recipient.address) ? notice.revert.url : undefined;
    if (recipient.kind === 'email') {
      await deps.mail.send({ to: recipient.address, userId: context.user.id, template: notice.template, locale, params, ...(revertUrl ? { actionUrl: revertUrl } : {}) });
      continue;
    }
    const text = translate(locale, revertUrl ? 'sms.channelChangedRevert' : 'sms.channelChanged', { ...params, url: revertUrl ?? '' });
    await sendNoticeSms(deps, limits, context, recipient.address, text);
  }
}

async function sendNoticeSms(deps: IdentityDependencies, limits: RecoveryLimits, context: ChannelEventContext, number: string, text: string): Promise<void> {
  const verdict = await limits.reserveSms({ number, orgRegion: context.organization.securityPolicy.recovery.phoneRegion, purpose: 'notice', ip: context.client.ip });
  if (!verdict.allowed) {
    await deps.audit.record(
      { action: 'sms_capped', outcome: 'failure', orgId: context.organization.id, targetUserId: context.user.id, details: { reason: verdict.reason, country: verdict.country, purpose: 'notice' } },
      { ip: context.client.ip, userAgent: context.client.userAgent },
    );
    return;
  }
  await deps.sms.send(number, text, context.user.id);
}

/** The link in a primary-address change notice: opening it shows a page; only its POST reverts. */
export function revertLink(deps: IdentityDependencies, token: string): string {
  return publicLink(deps.config, `/revert#token=${token}`);
}
