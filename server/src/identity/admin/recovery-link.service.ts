import QRCode from 'qrcode';
import { z } from 'zod';
import { publicLink } from '../../config.ts';
import { raise } from '../../http/app-error.ts';
import type { ActionContext } from '../../http/request-context.ts';
import { emailField } from '../../http/schemas.ts';
import { translate } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { hasActiveFactor } from '../mfa/two-step-policy.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import { PasswordService } from '../passwords/password.service.ts';
import { requestParams, sendFreezeNotice } from '../recovery/recovery-notices.ts';
import { RecoveryLimits } from '../recovery/recovery-limits.ts';
import type { IdentityDependencies } from '../services.ts';
import type { UserRow } from '../sessions/session.service.ts';
import { tokenErrors, type TokenPurpose } from '../tokens/action-token.service.ts';
import { normalizePhone } from '../users/user.service.ts';
import { adminErrors } from './admin.errors.ts';
import { adminAuditEntry, type AdminActionInput } from './admin-actions.ts';
import { verificationSchema } from './member-actions.ts';
import { notifyMemberOfAdminAction } from './member-notice.ts';
import { requestTwoStepReset } from './two-step-reset.service.ts';

/** An assisted recovery link lives 24 hours; a break-glass link from the server console 1 hour. */
export const ASSISTED_LINK_HOURS = 24;
export const BREAK_GLASS_LINK_MINUTES = 60;
const FREEZE_LINK_MINUTES = 7 * 24 * 60;

export const recoveryDeliverySchema = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('email'), address: emailField }),
  z.strictObject({ channel: z.literal('sms'), address: z.string().trim().min(3).max(32) }),
  /** Shown once to the admin as a link and QR code to hand over in person. */
  z.strictObject({ channel: z.literal('in_person') }),
]);

export const recoveryLinkBody = z.strictObject({
  verification: verificationSchema,
  delivery: recoveryDeliverySchema,
  /** Also remove the member's second factors (a lost phone with the authenticator on it); they enrol again. */
  resetTwoStep: z.boolean().optional(),
});
export type RecoveryLinkBody = z.infer<typeof recoveryLinkBody>;

export const issuedLinkSchema = z.object({
  expiresAt: z.date(),
  delivery: z.object({ channel: z.enum(['email', 'sms', 'in_person']), address: z.string().nullable() }),
  /** Only for in-person delivery: the link and its QR code, shown this once and stored nowhere. */
  link: z.string().nullable(),
  qrSvg: z.string().nullable(),
});

const LINK_PURPOSES: TokenPurpose[] = ['assisted_recovery', 'break_glass'];
export const recoveryLinkKind = (purpose: TokenPurpose): 'assisted' | 'break_glass' => (purpose === 'break_glass' ? 'break_glass' : 'assisted');

/**
 * Issues an assisted recovery link (AD-01): the admin records how they verified the person and picks where the link
 * goes; the member sets their own password. The link, its token and the new password appear in no response except the
 * in-person hand-over, and never in the audit log.
 */
export async function issueAssistedRecoveryLink(deps: IdentityDependencies, input: AdminActionInput, body: RecoveryLinkBody) {
  const { member, organization, context } = input;
  let address: string | null = null;
  if (body.delivery.channel === 'email') address = body.delivery.address.trim().toLowerCase();
  if (body.delivery.channel === 'sms') {
    address = normalizePhone(body.delivery.address);
    if (!address) raise(adminErrors.PHONE_INVALID);
  }
  // The two-step part follows the organisation's rule for resets (AD-02): it may wait out the cool-down while the link
  // works at once for the password. The member hears of it below with the recovery link's notice.
  const twoStepReset = body.resetTwoStep ? await requestTwoStepReset(deps, input, body.verification, { notifyWhenImmediate: false }) : null;
  const token = await deps.tokens.issue(member.id, 'assisted_recovery', ASSISTED_LINK_HOURS * 60, { deliveredTo: address, channel: body.delivery.channel, issuedBy: input.actor.id, issuedAt: new Date().toISOString(), resetTwoStep: body.resetTwoStep === true });
  const link = publicLink(deps.config, `/recover#token=${token}`);
  const expiresAt = new Date(Date.now() + ASSISTED_LINK_HOURS * 3_600_000);
  const locale = userLocale(member, context.locale);
  const params = { ...requestParams(deps, organization, locale, context.client), name: member.name, adminName: input.actor.name, hours: ASSISTED_LINK_HOURS };
  if (body.delivery.channel === 'email' && address) {
    await deps.mail.send({ to: address, userId: member.id, template: 'assistedRecoveryLink', locale, params, actionUrl: link });
  } else if (body.delivery.channel === 'sms' && address) {
    await deps.sms.send(address, translate(locale, 'sms.assistedRecoveryLink', { ...params, url: link }), member.id);
  }
  await deps.audit.record(
    adminAuditEntry(input, 'assisted_recovery_link_issued', { verification: body.verification.method, note: body.verification.note ?? null, delivery: body.delivery.channel, deliveredTo: address, resetTwoStep: body.resetTwoStep === true, factorsRemoved: twoStepReset?.factorsRemoved ?? 0, twoStepResetAt: twoStepReset?.effectiveAt.toISOString() ?? null, expiresAt: expiresAt.toISOString() }),
    context,
  );
  await notifyMemberOfAdminAction(deps, input, 'recovery_link', { freezeLink: true });
  const inPerson = body.delivery.channel === 'in_person';
  return {
    expiresAt,
    delivery: { channel: body.delivery.channel, address },
    link: inPerson ? link : null,
    qrSvg: inPerson ? await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null,
  };
}

type LinkState = { valid: true; purpose: TokenPurpose; member: UserRow; details: Record<string, unknown> } | { valid: false; reason: 'invalid' | 'expired' | 'used' };

/** The member's side: open the link (never consumed by opening), choose a password, and sign in. */
export class RecoveryLinkService {
  private readonly passwords: PasswordService;
  private readonly limits: RecoveryLimits;

  constructor(private readonly deps: IdentityDependencies) {
    this.passwords = new PasswordService(deps);
    this.limits = new RecoveryLimits(deps.db, deps.secrets);
  }

  private async state(token: string): Promise<LinkState> {
    let reason: 'invalid' | 'expired' | 'used' = 'invalid';
    for (const purpose of LINK_PURPOSES) {
      const state = await this.deps.tokens.inspect(token, purpose);
      if (state.valid) {
        const member = await this.deps.users.findById(state.userId);
        // A deactivated member's links are dead (AD-06); reactivation issues a fresh one.
        if (!member || (member.status !== 'active' && member.status !== 'frozen')) return { valid: false, reason: 'invalid' };
        return { valid: true, purpose, member, details: state.details };
      }
      if (state.reason !== 'invalid') reason = state.reason;
    }
    return { valid: false, reason };
  }

  async inspect(token: string) {
    const state = await this.state(token);
    if (!state.valid) return { valid: false as const, reason: state.reason };
    const { orgName } = await this.passwords.policyFor(state.member.orgId);
    return { valid: true as const, kind: recoveryLinkKind(state.purpose), email: state.member.email, name: state.member.name, orgName, twoStepReset: state.member.twoStepReenrolRequired };
  }

  async redeem(input: { token: string; password: string }, context: ActionContext) {
    const state = await this.state(input.token);
    if (!state.valid) {
      if (state.reason === 'expired') raise(tokenErrors.TOKEN_EXPIRED);
      if (state.reason === 'used') raise(tokenErrors.TOKEN_USED);
      raise(tokenErrors.TOKEN_INVALID);
    }
    const { member, purpose } = state;
    const { policy, orgName } = await this.passwords.policyFor(member.orgId);
    this.passwords.ensureAcceptable(input.password, policy, { name: member.name, email: member.email, orgName });
    const { details } = await this.deps.tokens.consume(input.token, purpose);
    const { deps } = this;
    const now = new Date();
    const deliveredToSignInAddress = typeof details.deliveredTo === 'string' && details.deliveredTo === member.email;
    const updated = await deps.users.update(member.id, {
      passwordHash: await deps.hasher.hash(input.password),
      passwordChangedAt: now,
      passwordReminderSentAt: null,
      passwordChangeRequired: false,
      status: 'active',
      frozenAt: null,
      // The link reached the sign-in mailbox: that proves the address.
      ...(deliveredToSignInAddress && !member.emailVerifiedAt ? { emailVerifiedAt: now } : {}),
    });
    await deps.lockout.unlockAccount(member.id);
    const sessionsEnded = await deps.sessions.revokeOthers(member.id, null, 'password_changed');
    await revokeTrustedBrowsers(deps.db, member.id, 'password_reset');
    await deps.codes.voidAll(member.id);
    await deps.tokens.revokeAll(member.id, ['unlock', 'assisted_recovery', 'break_glass']);
    const issuedAt = typeof details.issuedAt === 'string' ? details.issuedAt : null;
    // A member who still has a second factor proves it by signing in normally; the link replaced only the password.
    const secondFactorRequired = await hasActiveFactor(deps.db, member.id);
    const created = secondFactorRequired ? null : await deps.sessions.create(updated, policy, false, context.client);
    await deps.audit.record(
      { action: 'assisted_recovery_completed', orgId: member.orgId, actorUserId: member.id, actorLabel: member.email, targetUserId: member.id, targetLabel: member.email, details: { kind: recoveryLinkKind(purpose), issuedAt, sessionsEnded, secondFactorRequired } },
      { ...context, sessionHash: created?.session.id ?? null },
    );
    const organization = await deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, member.orgId) });
    if (!organization) throw new Error('organization missing');
    await sendFreezeNotice(deps, this.limits, { user: updated, organization, client: context.client, locale: context.locale, mailTemplate: 'passwordResetDone', smsKey: 'sms.passwordResetDone', linkMinutes: FREEZE_LINK_MINUTES });
    return { user: updated, organization, created, secondFactorRequired };
  }
}
