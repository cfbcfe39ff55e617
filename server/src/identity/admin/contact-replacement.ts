import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { publicLink } from '../../config.ts';
import { raise } from '../../http/app-error.ts';
import type { ActionContext } from '../../http/request-context.ts';
import { translate } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { channelErrors } from '../recovery/channel.errors.ts';
import { completePrimaryChange } from '../recovery/channel-primary-change.ts';
import { ChannelService } from '../recovery/channel.service.ts';
import { requestParams, reserveSmsOrAudit } from '../recovery/recovery-notices.ts';
import { recoveryAddresses } from '../recovery/recovery.tables.ts';
import type { IdentityDependencies } from '../services.ts';
import { tokenErrors } from '../tokens/action-token.service.ts';
import { adminErrors } from './admin.errors.ts';
import { adminAuditEntry, type AdminActionInput, type AdminActionRegistry } from './admin-actions.ts';
import { verificationSchema } from './member-actions.ts';
import { notifyMemberOfAdminAction } from './member-notice.ts';

/** The confirmation link sent to the new address lives 24 hours. */
export const CONTACT_CONFIRM_HOURS = 24;

export const replaceContactBody = z.strictObject({
  kind: z.enum(['email', 'phone']),
  address: z.string().trim().min(3).max(254),
  verification: verificationSchema,
});

/**
 * "I changed my number" (AD-03): the admin enters the member's new e-mail or mobile number. Nothing changes yet — the
 * new address gets a one-time confirmation link (24 h) and stays a pending change that counts for nothing, so resets
 * still go only to the old, proven addresses. When the member opens the link, the change completes exactly as the
 * member's own change does: the replaced address receives a 7-day revert link and every verified channel is told.
 */
export function registerContactReplacement(deps: IdentityDependencies, registry: AdminActionRegistry): void {
  const channels = new ChannelService(deps);
  registry.register('replace_contact', async (input: AdminActionInput) => {
    const body = replaceContactBody.parse(input.payload);
    const { member, organization, context } = input;
    if (member.status !== 'active') raise(adminErrors.MEMBER_STATE);
    const address = channels.normalizeAddress(body.kind, body.address, organization.securityPolicy.recovery.phoneRegion);
    if (address === (body.kind === 'email' ? member.email : member.phone)) raise(adminErrors.MEMBER_STATE);
    if (await deps.channels.isTaken(body.kind, address, member.id)) raise(channelErrors.ADDRESS_TAKEN);
    await deps.db
      .delete(recoveryAddresses)
      .where(and(eq(recoveryAddresses.userId, member.id), eq(recoveryAddresses.kind, body.kind), eq(recoveryAddresses.purpose, 'primary_change'), isNull(recoveryAddresses.verifiedAt)));
    const [row] = await deps.db.insert(recoveryAddresses).values({ userId: member.id, kind: body.kind, purpose: 'primary_change', address }).returning();
    if (!row) throw new Error('pending address not stored');
    const token = await deps.tokens.issue(member.id, 'contact_confirm', CONTACT_CONFIRM_HOURS * 60, { addressId: row.id, requestedBy: input.actor.id });
    const url = publicLink(deps.config, `/confirm-contact#token=${token}`);
    const locale = userLocale(member, context.locale);
    const params = { ...requestParams(deps, organization, locale, context.client), name: member.name, adminName: input.actor.name, hours: CONTACT_CONFIRM_HOURS };
    if (body.kind === 'email') {
      await deps.mail.send({ to: address, userId: member.id, template: 'contactConfirm', locale, params, actionUrl: url });
    } else if (await reserveSmsOrAudit(deps, channels.limits, { to: address, userId: member.id, organization, purpose: 'verify', ip: context.client.ip, userAgent: context.client.userAgent })) {
      await deps.sms.send(address, translate(locale, 'sms.contactConfirm', { ...params, url }), member.id);
    }
    await deps.audit.record(adminAuditEntry(input, 'member_contact_replaced', { kind: body.kind, address, stage: 'requested', verification: body.verification.method, note: body.verification.note ?? null }), context);
    await notifyMemberOfAdminAction(deps, input, 'replace_contact', { freezeLink: true });
    return { pending: true as const, kind: body.kind, address, expiresAt: new Date(Date.now() + CONTACT_CONFIRM_HOURS * 3_600_000) };
  });
}

async function pendingChange(deps: IdentityDependencies, userId: string, details: Record<string, unknown>) {
  if (typeof details.addressId !== 'string') return undefined;
  const [row] = await deps.db
    .select()
    .from(recoveryAddresses)
    .where(and(eq(recoveryAddresses.id, details.addressId), eq(recoveryAddresses.userId, userId), eq(recoveryAddresses.purpose, 'primary_change'), isNull(recoveryAddresses.verifiedAt)));
  return row;
}

/** Opening the link shows what it would confirm, without using it (mail scanners pre-fetch links). */
export async function inspectContactConfirmation(deps: IdentityDependencies, token: string) {
  const state = await deps.tokens.inspect(token, 'contact_confirm');
  if (!state.valid) return { valid: false as const, reason: state.reason };
  const member = await deps.users.findById(state.userId);
  const row = member?.status === 'active' ? await pendingChange(deps, state.userId, state.details) : undefined;
  if (!member || !row) return { valid: false as const, reason: 'invalid' as const };
  return { valid: true as const, kind: row.kind, address: row.address, email: member.email };
}

/** The member opened the link at the new address: that proves it, and the change completes (with a revert link). */
export async function confirmContact(deps: IdentityDependencies, token: string, context: ActionContext) {
  const spent = await deps.tokens.consume(token, 'contact_confirm');
  const member = await deps.users.findById(spent.userId);
  const row = member?.status === 'active' ? await pendingChange(deps, spent.userId, spent.details) : undefined;
  if (!member || !row) raise(tokenErrors.TOKEN_INVALID);
  const organization = await deps.db.query.organizations.findFirst({ where: (table, { eq: equals }) => equals(table.id, member.orgId) });
  if (!organization) throw new Error('organization missing');
  const channels = new ChannelService(deps);
  const recipientsBefore = await deps.channels.verifiedChannels(member);
  const updated = await completePrimaryChange(deps, channels.limits, { user: member, organization, client: context.client, locale: context.locale }, row, recipientsBefore, context);
  return { kind: row.kind, address: row.address, email: updated.email };
}
