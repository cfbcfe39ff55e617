import { translate, type Locale } from '../../i18n/i18n.ts';
import type { ActionContext } from '../../http/request-context.ts';
import { userLocale } from '../login/login.service.ts';
import { requestParams, reserveSmsOrAudit, sendFreezeNotice } from '../recovery/recovery-notices.ts';
import { RecoveryLimits } from '../recovery/recovery-limits.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import type { AdminActionName } from './admin-actions.ts';

export function adminActionLabel(locale: Locale, action: AdminActionName): string {
  return translate(locale, `adminActions.${action}`);
}

/** How long the "this wasn't me" link in a notice about an admin action that opens a way in stays valid. */
const FREEZE_LINK_MINUTES = 7 * 24 * 60;

/**
 * Tells the member about an admin's action on every verified channel (each mailbox and mobile, within the SMS caps).
 * Actions that open a way into the account (a recovery link, a two-step reset, a new address) carry a "this wasn't me"
 * link that freezes the account: the member can stop an admin who was deceived or whose account was taken over.
 */
export async function notifyMemberOfAdminAction(
  deps: IdentityDependencies,
  input: { actor: UserRow; member: UserRow; organization: OrganizationRow; context: ActionContext },
  action: AdminActionName,
  options: { freezeLink?: boolean; actionLabel?: (locale: Locale) => string } = {},
): Promise<void> {
  const { actor, member, organization, context } = input;
  const limits = new RecoveryLimits(deps.db, deps.secrets);
  const locale = userLocale(member, context.locale);
  // actionLabel: a more specific wording than the action's name (e.g. a deactivation scheduled for a date).
  const params = { adminName: actor.name, actionLabel: options.actionLabel?.(locale) ?? adminActionLabel(locale, action) };
  if (options.freezeLink) {
    await sendFreezeNotice(deps, limits, { user: member, organization, client: context.client, locale: context.locale, mailTemplate: 'adminActionWithFreeze', smsKey: 'sms.adminActionWithFreeze', params, linkMinutes: FREEZE_LINK_MINUTES, keepOthers: true });
    return;
  }
  const allParams = { ...requestParams(deps, organization, locale, context.client), name: member.name, ...params };
  for (const channel of await deps.channels.verifiedChannels(member)) {
    if (channel.kind === 'email') {
      await deps.mail.send({ to: channel.address, userId: member.id, template: 'adminAction', locale, params: allParams });
    } else if (await reserveSmsOrAudit(deps, limits, { to: channel.address, userId: member.id, organization, purpose: 'notice', ip: context.client.ip, userAgent: context.client.userAgent })) {
      await deps.sms.send(channel.address, translate(locale, 'sms.adminAction', allParams), member.id);
    }
  }
}
