import type { AuditContext } from '../../audit/audit.service.ts';
import type { AuditAction } from '../../audit/audit-actions.ts';
import type { Locale } from '../../i18n/i18n.ts';
import type { MailTemplate } from '../../messaging/templates/render-mail.ts';
import { userLocale } from '../login/login.service.ts';
import { requestParams } from '../recovery/recovery-notices.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, OrganizationRow, UserRow } from '../sessions/session.service.ts';

export type FactorNoticeTemplate = Extract<MailTemplate, 'twoStepFactorAdded' | 'twoStepFactorRemoved' | 'recoveryCodesRegenerated' | 'recoveryCodeUsed' | 'twoStepLocked'>;

export interface FactorEvent {
  action: AuditAction;
  template: FactorNoticeTemplate;
  user: UserRow;
  organization: OrganizationRow;
  details?: Record<string, unknown>;
  /** Extra mail parameters (factor name, remaining codes, lock minutes). */
  params?: Record<string, string | number>;
  outcome?: 'success' | 'failure';
}

/**
 * A factor change, recovery-code use or factor lock: one audit event, and a mail to every verified mailbox
 * (NIST §4.1.2.1: notify through a mechanism independent of the transaction).
 */
export async function recordFactorEvent(deps: IdentityDependencies, event: FactorEvent, context: AuditContext & { client: ClientInfo; locale: Locale }): Promise<void> {
  const { user, organization } = event;
  await deps.audit.record(
    { action: event.action, outcome: event.outcome ?? 'success', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: event.details ?? {} },
    context,
  );
  const locale = userLocale(user, context.locale);
  const params = { ...requestParams(deps, organization, locale, context.client), name: user.name, ...(event.params ?? {}) };
  const mailboxes = (await deps.channels.verifiedChannels(user)).filter((channel) => channel.kind === 'email');
  const addresses = new Set(mailboxes.map((channel) => channel.address));
  if (addresses.size === 0) addresses.add(user.email);
  for (const address of addresses) await deps.mail.send({ to: address, userId: user.id, template: event.template, locale, params });
}
