import { publicLink } from '../../config.ts';
import { translate } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { formatTime, requestParams, reserveSmsOrAudit } from '../recovery/recovery-notices.ts';
import { RecoveryLimits } from '../recovery/recovery-limits.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import type { FactorContext } from './two-step.service.ts';

/** How long the "this wasn't me" link of a pending-factor notice works: past the longest delay an org may set. */
const CANCEL_LINK_MINUTES = 8 * 24 * 60;

export interface PendingFactorNotice {
  user: UserRow;
  organization: OrganizationRow;
  factor: string;
  activatesAt: Date;
  details: Record<string, unknown>;
}

/**
 * A factor added after lost-device recovery waits out the delay; meanwhile every verified channel — each mailbox and
 * each mobile — holds a one-click "this wasn't me" link. It freezes the account (sessions end, password cleared,
 * admins alerted) and deletes every factor still pending (freeze.service.ts), so a person holding two stolen
 * channels never gets a factor that counts.
 */
export async function notifyPendingFactor(deps: IdentityDependencies, notice: PendingFactorNotice, context: FactorContext): Promise<void> {
  const { user, organization } = notice;
  await deps.audit.record({ action: 'two_step_factor_added', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: notice.details }, context);
  // keepOthers: a second pending factor must not kill the link the first notice carried.
  const token = await deps.tokens.issue(user.id, 'freeze', CANCEL_LINK_MINUTES, {}, { keepOthers: true });
  const cancelUrl = publicLink(deps.config, `/freeze#token=${token}`);
  const locale = userLocale(user, context.locale);
  const params = { ...requestParams(deps, organization, locale, context.client), name: user.name, factor: notice.factor, activatesAt: formatTime(notice.activatesAt) };
  const limits = new RecoveryLimits(deps.db, deps.secrets);
  const channels = await deps.channels.verifiedChannels(user);
  const mailboxes = new Set(channels.filter((channel) => channel.kind === 'email').map((channel) => channel.address));
  if (mailboxes.size === 0) mailboxes.add(user.email);
  for (const address of mailboxes) await deps.mail.send({ to: address, userId: user.id, template: 'twoStepFactorPending', locale, params, actionUrl: cancelUrl });
  for (const channel of channels.filter((candidate) => candidate.kind === 'phone')) {
    if (await reserveSmsOrAudit(deps, limits, { to: channel.address, userId: user.id, organization, purpose: 'notice', ip: context.client.ip, userAgent: context.client.userAgent })) {
      await deps.sms.send(channel.address, translate(locale, 'sms.twoStepFactorPending', { orgName: organization.name, factor: notice.factor, activatesAt: params.activatesAt, url: cancelUrl }), user.id);
    }
  }
}
