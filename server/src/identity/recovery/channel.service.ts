import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditContext } from '../../audit/audit.service.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, ResolvedSession, UserRow } from '../sessions/session.service.ts';
import { parseMobileNumber } from '../users/phone-number.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { channelErrors } from './channel.errors.ts';
import { sendChannelCode, type CodeTarget } from './channel-codes.ts';
import { notifyChannels, type ChannelEventContext } from './channel-notify.ts';
import { completePrimaryChange } from './channel-primary-change.ts';
import { countWaysBack, WAYS_BACK_NEEDED } from './channel-readiness.ts';
import type { ChannelRole } from './recovery-channels.ts';
import { RecoveryLimits } from './recovery-limits.ts';
import { recoveryErrors } from './recovery.errors.ts';
import { recoveryAddresses, type ChannelKind } from './recovery.tables.ts';

export type RequestContext = AuditContext & { client: ClientInfo; locale: Locale };

export interface ChannelView {
  id: string;
  kind: ChannelKind;
  role: ChannelRole;
  address: string;
  verified: boolean;
  pending: boolean;
  verifiedAt: Date | null;
}

type AddressRow = typeof recoveryAddresses.$inferSelect;

/**
 * The signed-in user's own ways back: primary e-mail and phone (on `users`), one backup e-mail, one backup phone, and
 * a pending change of a primary address. Nothing counts until the code sent to it is entered.
 */
export class ChannelService {
  readonly limits: RecoveryLimits;

  constructor(private readonly deps: IdentityDependencies) {
    this.limits = new RecoveryLimits(deps.db, deps.secrets);
  }

  private context(auth: ResolvedSession, request: RequestContext): ChannelEventContext {
    return { user: auth.user, organization: auth.organization, client: request.client, locale: request.locale };
  }

  private auditBase(user: UserRow) {
    return { orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email };
  }

  private async addressRows(userId: string): Promise<AddressRow[]> {
    return this.deps.db.select().from(recoveryAddresses).where(eq(recoveryAddresses.userId, userId));
  }

  private async ownRow(userId: string, id: string): Promise<AddressRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) raise(commonErrors.NOT_FOUND);
    const [row] = await this.deps.db.select().from(recoveryAddresses).where(and(eq(recoveryAddresses.id, id), eq(recoveryAddresses.userId, userId)));
    if (!row) raise(commonErrors.NOT_FOUND);
    return row;
  }

  async list(user: UserRow): Promise<ChannelView[]> {
    const views: ChannelView[] = [
      { id: 'primary-email', kind: 'email', role: 'primary', address: user.email, verified: Boolean(user.emailVerifiedAt), pending: false, verifiedAt: user.emailVerifiedAt },
    ];
    if (user.phone) views.push({ id: 'primary-phone', kind: 'phone', role: 'primary', address: user.phone, verified: Boolean(user.phoneVerifiedAt), pending: false, verifiedAt: user.phoneVerifiedAt });
    for (const row of await this.addressRows(user.id)) {
      const role: ChannelRole = row.purpose === 'backup' ? 'backup' : 'primary';
      views.push({ id: row.id, kind: row.kind, role, address: row.address, verified: Boolean(row.verifiedAt), pending: !row.verifiedAt, verifiedAt: row.verifiedAt });
    }
    return views;
  }

  normalizeAddress(kind: ChannelKind, raw: string, region: string | null): string {
    if (kind === 'email') {
      const email = raw.normalize('NFKC').trim().toLowerCase();
      if (!z.email().max(254).safeParse(email).success) raise(commonErrors.VALIDATION_FAILED);
      return email;
    }
    const parsed = parseMobileNumber(raw, region);
    if (!parsed.ok) raise(parsed.reason === 'not_mobile' ? channelErrors.PHONE_NOT_MOBILE : channelErrors.PHONE_INVALID);
    return parsed.e164;
  }

  /** Step-up checked by the route. The address stays pending (and useless for recovery) until its code is entered. */
  async add(auth: ResolvedSession, input: { kind: ChannelKind; role: ChannelRole; address: string }, request: RequestContext): Promise<{ id: string; pending: true }> {
    const { user, organization } = auth;
    const address = this.normalizeAddress(input.kind, input.address, organization.securityPolicy.recovery.phoneRegion);
    const rows = await this.addressRows(user.id);
    const ownAddresses = [user.email, user.phone, ...rows.filter((row) => row.verifiedAt).map((row) => row.address)];
    if (ownAddresses.includes(address) || (await this.deps.channels.isTaken(input.kind, address, user.id))) raise(channelErrors.ADDRESS_TAKEN);
    const purpose = input.role === 'backup' ? 'backup' : 'primary_change';
    if (purpose === 'backup' && rows.some((row) => row.purpose === 'backup' && row.kind === input.kind && row.verifiedAt)) raise(channelErrors.CHANNEL_EXISTS);
    // One pending address per kind and purpose: a new attempt replaces the previous one.
    await this.deps.db
      .delete(recoveryAddresses)
      .where(and(eq(recoveryAddresses.userId, user.id), eq(recoveryAddresses.kind, input.kind), eq(recoveryAddresses.purpose, purpose), isNull(recoveryAddresses.verifiedAt)));
    const [row] = await this.deps.db.insert(recoveryAddresses).values({ userId: user.id, kind: input.kind, purpose, address }).returning();
    if (!row) throw new Error('recovery address not stored');
    await this.deps.audit.record({ ...this.auditBase(user), action: 'recovery_channel_added', details: { kind: input.kind, role: input.role, address, pending: true } }, request);
    const context = this.context(auth, request);
    await notifyChannels(this.deps, this.limits, context, { template: 'channelAdded', subject: { kind: input.kind, role: input.role, address }, recipients: await this.deps.channels.verifiedChannels(user) });
    await sendChannelCode(this.deps, this.limits, context, { subject: row.id, kind: input.kind, role: input.role, address });
    return { id: row.id, pending: true };
  }

  private async codeTarget(user: UserRow, id: string): Promise<{ target: CodeTarget; row?: AddressRow }> {
    if (id === 'primary-email') {
      if (user.emailVerifiedAt) raise(channelErrors.ALREADY_VERIFIED);
      return { target: { subject: 'email', kind: 'email', role: 'primary', address: user.email } };
    }
    if (id === 'primary-phone') {
      if (!user.phone) raise(commonErrors.NOT_FOUND);
      if (user.phoneVerifiedAt) raise(channelErrors.ALREADY_VERIFIED);
      return { target: { subject: 'phone', kind: 'phone', role: 'primary', address: user.phone } };
    }
    const row = await this.ownRow(user.id, id);
    if (row.verifiedAt) raise(channelErrors.ALREADY_VERIFIED);
    return { target: { subject: row.id, kind: row.kind, role: row.purpose === 'backup' ? 'backup' : 'primary', address: row.address }, row };
  }

  /** Resend for a pending address, or a first code for an unverified primary address. */
  async sendCode(auth: ResolvedSession, id: string, request: RequestContext): Promise<void> {
    const { target } = await this.codeTarget(auth.user, id);
    await sendChannelCode(this.deps, this.limits, this.context(auth, request), target);
  }

  async verify(auth: ResolvedSession, id: string, code: string, request: RequestContext): Promise<ChannelView> {
    const { user } = auth;
    const { target, row } = await this.codeTarget(user, id);
    const check = await this.deps.codes.verify(user.id, 'verify_channel', target.subject, code);
    if (!check.ok) raise(check.reason === 'invalid' ? recoveryErrors.CODE_INVALID : recoveryErrors.CODE_EXPIRED);
    const recipientsBefore = await this.deps.channels.verifiedChannels(user);
    const context = this.context(auth, request);
    let updated = user;
    if (!row) {
      updated = await this.deps.users.update(user.id, target.kind === 'email' ? { emailVerifiedAt: new Date() } : { phoneVerifiedAt: new Date() });
    } else if (row.purpose === 'backup') {
      if (await this.deps.channels.isTaken(row.kind, row.address, user.id)) raise(channelErrors.ADDRESS_TAKEN);
      try {
        await this.deps.db.update(recoveryAddresses).set({ verifiedAt: new Date() }).where(eq(recoveryAddresses.id, row.id));
      } catch (error) {
        if (isUniqueViolation(error)) raise(channelErrors.ADDRESS_TAKEN);
        throw error;
      }
    } else {
      updated = await completePrimaryChange(this.deps, this.limits, context, row, recipientsBefore, request);
    }
    await this.deps.audit.record({ ...this.auditBase(updated), action: 'recovery_channel_verified', details: { kind: target.kind, role: target.role, address: target.address } }, request);
    if (!row || row.purpose === 'backup') {
      await notifyChannels(this.deps, this.limits, context, { template: 'channelVerified', subject: target, recipients: recipientsBefore });
    }
    const ways = countWaysBack(await this.deps.channels.verifiedChannels(updated));
    if (updated.recoverySetupRequired && ways >= WAYS_BACK_NEEDED) updated = await this.deps.users.update(user.id, { recoverySetupRequired: false });
    const view = (await this.list(updated)).find((candidate) => candidate.id === id) ?? (await this.list(updated)).find((candidate) => candidate.kind === target.kind && candidate.role === 'primary');
    if (!view) throw new Error('verified channel vanished');
    return view;
  }

  /** Step-up checked by the route. Never leaves the account without a verified way back. */
  async remove(auth: ResolvedSession, id: string, request: RequestContext): Promise<void> {
    const { user } = auth;
    if (id === 'primary-email') raise(channelErrors.CHANNEL_NOT_REMOVABLE);
    const channelsBefore = await this.deps.channels.verifiedChannels(user);
    let removed: { kind: ChannelKind; role: ChannelRole; address: string; verified: boolean };
    if (id === 'primary-phone') {
      if (!user.phone) raise(commonErrors.NOT_FOUND);
      removed = { kind: 'phone', role: 'primary', address: user.phone, verified: Boolean(user.phoneVerifiedAt) };
    } else {
      const row = await this.ownRow(user.id, id);
      removed = { kind: row.kind, role: row.purpose === 'backup' ? 'backup' : 'primary', address: row.address, verified: Boolean(row.verifiedAt) };
    }
    if (removed.verified) {
      const remaining = channelsBefore.filter((channel) => channel.id !== id);
      if (countWaysBack(remaining) < 1) raise(channelErrors.LAST_WAY_BACK);
    }
    if (id === 'primary-phone') await this.deps.users.update(user.id, { phone: null, phoneVerifiedAt: null });
    else await this.deps.db.delete(recoveryAddresses).where(and(eq(recoveryAddresses.id, id), eq(recoveryAddresses.userId, user.id)));
    await this.deps.audit.record({ ...this.auditBase(user), action: removed.verified ? 'recovery_channel_removed' : 'recovery_channel_cancelled', details: { kind: removed.kind, role: removed.role, address: removed.address } }, request);
    // The removed channel hears of it too: if the change was not the owner's, that may be the only one they still read.
    if (removed.verified) await notifyChannels(this.deps, this.limits, this.context(auth, request), { template: 'channelRemoved', subject: removed, recipients: channelsBefore });
  }
}
