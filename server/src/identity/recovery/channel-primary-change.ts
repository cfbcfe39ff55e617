import { and, eq, gte, isNull } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { raise } from '../../http/app-error.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import type { IdentityDependencies } from '../services.ts';
import type { UserRow } from '../sessions/session.service.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { channelErrors } from './channel.errors.ts';
import { notifyChannels, revertLink, type ChannelEventContext } from './channel-notify.ts';
import type { Channel } from './recovery-channels.ts';
import type { RecoveryLimits } from './recovery-limits.ts';
import { recoveryAddresses, type ChannelKind } from './recovery.tables.ts';

/** RC-10: the revert link sent to the replaced address stays valid at least 7 days. */
export const REVERT_LINK_DAYS = 7;

interface RevertDetails {
  kind: ChannelKind;
  oldAddress: string | null;
  oldVerifiedAt: string | null;
  newAddress: string;
  /** When the change happened: backup addresses added since then are removed by a revert. */
  changedAt: string | null;
}

function readRevertDetails(details: Record<string, unknown>): RevertDetails | null {
  const { kind, oldAddress, oldVerifiedAt, newAddress, changedAt } = details;
  if ((kind !== 'email' && kind !== 'phone') || typeof newAddress !== 'string') return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { kind, newAddress, oldAddress: text(oldAddress), oldVerifiedAt: text(oldVerifiedAt), changedAt: text(changedAt) };
}

/**
 * The code for a new primary address was entered: it becomes the sign-in identifier (e-mail) or the mobile number,
 * and the replaced address receives a notice with a one-click revert link (valid 7 days). Every other verified
 * channel is told too. The old e-mail stops working for sign-in at once.
 */
export async function completePrimaryChange(
  deps: IdentityDependencies,
  limits: RecoveryLimits,
  context: ChannelEventContext,
  row: typeof recoveryAddresses.$inferSelect,
  recipientsBefore: Channel[],
  auditContext: AuditContext,
): Promise<UserRow> {
  const { user } = context;
  if (await deps.channels.isTaken(row.kind, row.address, user.id)) raise(channelErrors.ADDRESS_TAKEN);
  const now = new Date();
  const oldAddress = row.kind === 'email' ? user.email : user.phone;
  const oldVerifiedAt = row.kind === 'email' ? user.emailVerifiedAt : user.phoneVerifiedAt;
  let updated: UserRow;
  try {
    updated = await deps.users.update(user.id, row.kind === 'email' ? { email: row.address, emailVerifiedAt: now } : { phone: row.address, phoneVerifiedAt: now });
  } catch (error) {
    if (isUniqueViolation(error)) raise(channelErrors.ADDRESS_TAKEN);
    throw error;
  }
  await deps.db.delete(recoveryAddresses).where(eq(recoveryAddresses.id, row.id));
  // Codes sent to the previous address for verifying it must not verify the new one later.
  await deps.codes.voidAll(user.id, 'verify_channel');
  const auditBase = { orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: updated.email };
  const action = row.kind === 'email' ? 'email_changed' : 'phone_changed';
  await deps.audit.record({ ...auditBase, action, details: { from: oldAddress, to: row.address } }, auditContext);

  const subject = { kind: row.kind, role: 'primary' as const, address: row.address };
  const template = row.kind === 'email' ? 'emailChanged' : 'phoneChanged';
  if (!oldAddress) {
    // A first mobile number: nothing to revert to, only news for the existing channels.
    await notifyChannels(deps, limits, context, { template: 'channelVerified', subject, recipients: recipientsBefore });
    return updated;
  }
  const details: RevertDetails = { kind: row.kind, oldAddress, oldVerifiedAt: oldVerifiedAt?.toISOString() ?? null, newAddress: row.address, changedAt: now.toISOString() };
  const token = await deps.tokens.issue(user.id, 'email_revert', REVERT_LINK_DAYS * 24 * 60, { ...details }, { keepOthers: true });
  const url = revertLink(deps, token);
  // The replaced address gets the link even when it was never verified (it was the sign-in e-mail); for a phone
  // change the sign-in e-mail gets it as well, since an unverified old number may not be the owner's.
  const revertTo = row.kind === 'email' ? [oldAddress] : [oldAddress, user.email];
  const recipients: Channel[] = [...recipientsBefore];
  if (!recipients.some((channel) => channel.address === oldAddress)) recipients.push({ id: 'previous', kind: row.kind, role: 'primary', address: oldAddress, verifiedAt: now });
  if (row.kind === 'phone' && !recipients.some((channel) => channel.address === user.email)) recipients.push({ id: 'primary-email', kind: 'email', role: 'primary', address: user.email, verifiedAt: now });
  // Only a verified old number receives a text; an unverified one may belong to someone else.
  const filtered = recipients.filter((channel) => channel.kind === 'email' || channel.address !== oldAddress || oldVerifiedAt);
  await notifyChannels(deps, limits, context, { template, subject, recipients: filtered, revert: { url, addresses: revertTo } });
  return updated;
}

export type RevertInspection = { valid: true; kind: ChannelKind; address: string | null; email: string } | { valid: false; reason: 'invalid' | 'expired' | 'used' };

/** Opening the revert link only shows what it would restore (mail scanners pre-fetch links). */
export async function inspectRevert(deps: IdentityDependencies, token: string): Promise<RevertInspection> {
  const state = await deps.tokens.inspect(token, 'email_revert');
  if (!state.valid) return state;
  const details = readRevertDetails(state.details);
  const user = await deps.users.findById(state.userId);
  if (!details || !user) return { valid: false, reason: 'invalid' };
  return { valid: true, kind: details.kind, address: details.oldAddress, email: details.kind === 'email' ? (details.oldAddress ?? user.email) : user.email };
}

/**
 * "This wasn't me": puts the replaced address back, cancels pending changes, removes backup addresses added since the
 * change and ends every session of the account. Whoever made the change knew the password, so the password is
 * cleared too: the person sets a new one through "Forgot password" with the restored address, which the page offers.
 */
export async function revertPrimaryChange(deps: IdentityDependencies, token: string, auditContext: AuditContext): Promise<{ email: string; kind: ChannelKind; sessionsEnded: number }> {
  const spent = await deps.tokens.consume(token, 'email_revert');
  const details = readRevertDetails(spent.details);
  const user = await deps.users.findById(spent.userId);
  if (!details || !user) throw new Error('revert token without details');
  if (details.oldAddress && (await deps.channels.isTaken(details.kind, details.oldAddress, user.id))) raise(channelErrors.ADDRESS_TAKEN);
  const oldVerifiedAt = details.oldVerifiedAt ? new Date(details.oldVerifiedAt) : null;
  let updated: UserRow;
  try {
    updated =
      details.kind === 'email'
        ? // Clicking the link in that mailbox proves it again.
          await deps.users.update(user.id, { email: details.oldAddress ?? user.email, emailVerifiedAt: new Date(), passwordHash: null })
        : await deps.users.update(user.id, { phone: details.oldAddress, phoneVerifiedAt: oldVerifiedAt, passwordHash: null });
  } catch (error) {
    if (isUniqueViolation(error)) raise(channelErrors.ADDRESS_TAKEN);
    throw error;
  }
  await deps.db.delete(recoveryAddresses).where(and(eq(recoveryAddresses.userId, user.id), isNull(recoveryAddresses.verifiedAt)));
  if (details.changedAt) {
    await deps.db.delete(recoveryAddresses).where(and(eq(recoveryAddresses.userId, user.id), gte(recoveryAddresses.createdAt, new Date(details.changedAt))));
  }
  await deps.codes.voidAll(user.id);
  const sessionsEnded = await deps.sessions.revokeOthers(user.id, null, 'revoked');
  await revokeTrustedBrowsers(deps.db, user.id, 'password_cleared');
  const action = details.kind === 'email' ? 'email_change_reverted' : 'phone_change_reverted';
  await deps.audit.record(
    { action, orgId: user.orgId, actorLabel: details.oldAddress, targetUserId: user.id, targetLabel: updated.email, details: { from: details.newAddress, to: details.oldAddress, sessionsEnded } },
    auditContext,
  );
  return { email: updated.email, kind: details.kind, sessionsEnded };
}
