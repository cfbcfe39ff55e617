import { hostname } from 'node:os';
import { publicLink } from '../../config.ts';
import { userLocale } from '../login/login.service.ts';
import { hasActiveFactor } from '../mfa/two-step-policy.ts';
import { requestParams } from '../recovery/recovery-notices.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import { BREAK_GLASS_LINK_MINUTES } from './recovery-link.service.ts';

/** How the server console appears in audit rows and mails (there is no browser and no IP). */
const CONSOLE_CLIENT = { ip: 'console', userAgent: 'clientele-cli' };

/** Accounts a break-glass link may open: a frozen or locked owner yes (redeeming lifts both); deactivated or invited no. */
export function canBreakGlass(user: Pick<UserRow, 'role' | 'status'>): boolean {
  return user.role === 'owner' && (user.status === 'active' || user.status === 'frozen');
}

export interface BreakGlassLink {
  link: string;
  expiresAt: Date;
  /** The owner still has a second factor: after choosing the password they sign in with it as usual. */
  secondFactorRequired: boolean;
  /** The alert mails to the owners (mail_messages ids), for a caller that waits for their delivery. */
  alertMailIds: string[];
}

/**
 * Break-glass recovery from the server console (`clientele admin recover`), for when every owner is locked out: shell
 * access to the host is the proof. Issues a one-hour single-use `/recover` link for the owner, audits it without the
 * link, and alerts every owner by mail so an unplanned use is noticed (the web app also shows it in red until each
 * owner acknowledges it, owner-notices.ts).
 */
export async function issueBreakGlassLink(deps: IdentityDependencies, owner: UserRow, organization: OrganizationRow): Promise<BreakGlassLink> {
  if (!canBreakGlass(owner) || owner.orgId !== organization.id) throw new Error('break-glass is only for an active or frozen owner of the organisation');
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + BREAK_GLASS_LINK_MINUTES * 60_000);
  const token = await deps.tokens.issue(owner.id, 'break_glass', BREAK_GLASS_LINK_MINUTES, { issuedAt: issuedAt.toISOString(), via: 'console' });
  await deps.audit.record(
    {
      action: 'break_glass_link_issued',
      orgId: organization.id,
      actorLabel: 'server console',
      targetUserId: owner.id,
      targetLabel: owner.email,
      details: { host: hostname(), via: 'cli', expiresAt: expiresAt.toISOString() },
    },
    CONSOLE_CLIENT,
  );
  const alertMailIds = await alertOwners(deps, owner, organization, issuedAt);
  return { link: publicLink(deps.config, `/recover#token=${token}`), expiresAt, secondFactorRequired: await hasActiveFactor(deps.db, owner.id), alertMailIds };
}

/** Every owner (the recovered one included) at the sign-in address and each verified backup mailbox. */
async function alertOwners(deps: IdentityDependencies, recovered: UserRow, organization: OrganizationRow, at: Date): Promise<string[]> {
  const owners = (await deps.users.listOrgMembers(organization.id)).filter(canBreakGlass);
  const ids: string[] = [];
  for (const recipient of owners) {
    const locale = userLocale(recipient, 'en');
    const params = { ...requestParams(deps, organization, locale, CONSOLE_CLIENT, at), name: recipient.name, memberEmail: recovered.email };
    const verified = (await deps.channels.verifiedChannels(recipient)).filter((channel) => channel.kind === 'email').map((channel) => channel.address);
    for (const address of new Set([recipient.email, ...verified])) {
      ids.push(await deps.mail.send({ to: address, userId: recipient.id, template: 'breakGlassUsed', locale, params, actionUrl: publicLink(deps.config, '/settings/audit') }));
    }
  }
  return ids;
}
