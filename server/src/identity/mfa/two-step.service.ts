import { asc, eq } from 'drizzle-orm';
import { raise } from '../../http/app-error.ts';
import type { ActionContext } from '../../http/request-context.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import { FactorThrottle } from './factor-throttle.ts';
import { RecoveryCodeVerifier, TotpVerifier } from './factor-verifiers.ts';
import { recordFactorEvent } from './factor-notices.ts';
import { assertMayChangeExistingFactor, newFactorActivatesAt } from './lost-factor-recovery.ts';
import { mfaErrors } from './mfa.errors.ts';
import { notifyPendingFactor } from './pending-factor-notice.ts';
import { passkeys } from './mfa.tables.ts';
import { toPasskeyView } from './passkeys/passkey-view.ts';
import { RecoveryCodeService } from './recovery-codes.service.ts';
import type { SecondFactorMethod } from './second-factors.ts';
import { isSmsAllowedFor } from './sms-factor-rules.ts';
import { SmsFactorService } from './sms-factor.service.ts';
import { isActiveFactor, TotpService, type TotpFactorRow } from './totp.service.ts';
import { revokeTrustedBrowsers } from './trusted-browsers.ts';
import { assertFactorRemovable, countActiveFactors, isTwoStepRequired, enrolmentDeadline, hasActiveFactor } from './two-step-policy.ts';

/**
 * What a factor change needs besides the audit trail: `lostFactorRecovery` is the session's mark from a reset that
 * stood in for a lost factor (lost-factor-recovery.ts).
 */
export type FactorContext = ActionContext & { lostFactorRecovery: boolean };

/** A factor as the notices and audit log name it; extra fields land in the audit details. */
export interface AddedFactor {
  method: 'totp' | 'passkey' | 'sms';
  id: string;
  name: string;
  /** Set when the factor waits out the lost-device delay (see lost-factor-recovery.ts). */
  activatesAt?: Date | null;
  [detail: string]: unknown;
}

export function toTotpView(row: TotpFactorRow) {
  return { id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, activatesAt: row.activatesAt };
}

/** Managing a user's own factors (Settings → Security → Two-step verification); step-up is checked by the routes. */
export class TwoStepService {
  readonly throttle: FactorThrottle;
  readonly totp: TotpService;
  readonly codes: RecoveryCodeService;
  readonly sms: SmsFactorService;

  constructor(private readonly deps: IdentityDependencies) {
    this.throttle = new FactorThrottle(deps.db);
    this.totp = new TotpService(deps.db, deps.secrets, this.throttle);
    this.codes = new RecoveryCodeService(deps.db, deps.hasher, this.throttle);
    deps.secondFactors.register(new TotpVerifier(deps, this.totp));
    deps.secondFactors.register(new RecoveryCodeVerifier(deps, this.codes));
    this.sms = new SmsFactorService(deps, this);
    deps.secondFactors.register(this.sms);
  }

  /** The methods a second step may use, in the order offered (`SecondFactorMethods` for recovery, which leaves out 'sms'). */
  activeMethods(userId: string): Promise<SecondFactorMethod[]> {
    return this.deps.secondFactors.enrolledMethods(userId);
  }

  async overview(user: UserRow, organization: OrganizationRow) {
    const required = isTwoStepRequired(organization.securityPolicy, user.role);
    const enrolled = await hasActiveFactor(this.deps.db, user.id);
    const keys = await this.deps.db.select().from(passkeys).where(eq(passkeys.userId, user.id)).orderBy(asc(passkeys.createdAt));
    const sms = await this.sms.overview(user, organization);
    return {
      required,
      deadline: required && !enrolled ? enrolmentDeadline(organization, user) : null,
      factors: {
        totp: (await this.totp.listConfirmed(user.id)).map(toTotpView),
        passkeys: keys.map(toPasskeyView),
        recoveryCodes: await this.codes.summary(user.id),
        sms: sms.factors,
      },
      // Owners and admins never get SMS codes; `smsNumbers` are the verified mobiles one can be added for.
      smsAllowed: isSmsAllowedFor(organization.securityPolicy, user.role),
      smsNumbers: sms.numbers,
      trustBrowserDays: organization.securityPolicy.twoStep.trustBrowserDays,
      newFactorDelayHours: organization.securityPolicy.twoStep.newFactorDelayHours,
    };
  }

  async enrolTotp(user: UserRow, organization: OrganizationRow, name: string) {
    return this.totp.enrol(user, organization.name, name);
  }

  /** First code → active; the first factor also creates the recovery-code set (returned once). */
  async confirmTotp(user: UserRow, organization: OrganizationRow, id: string, code: string, context: FactorContext) {
    const activatesAt = newFactorActivatesAt(context, organization.securityPolicy);
    const confirmed = await this.totp.confirm(user.id, id, code.replace(/\s/g, ''), activatesAt);
    if (!confirmed) raise(mfaErrors.CONFIRM_CODE_INVALID);
    const recoveryCodes = await this.factorAdded(user, organization, { method: 'totp', id: confirmed.id, name: confirmed.name, activatesAt }, context);
    return { factor: toTotpView(confirmed), recoveryCodes };
  }

  /**
   * After a factor became active: the first one also creates the recovery-code set (returned once); every trusted
   * browser ends; the user is told and the audit log records it.
   */
  async factorAdded(user: UserRow, organization: OrganizationRow, factor: AddedFactor, context: FactorContext): Promise<string[] | null> {
    const { method, id, name, activatesAt = null, ...extra } = factor;
    // Codes minted now would count at once, before a delayed factor does: they wait until it is in effect.
    const recoveryCodes = activatesAt === null && (await this.codes.summary(user.id)) === null ? await this.codes.generate(user.id) : null;
    const trustedBrowsersRevoked = await revokeTrustedBrowsers(this.deps.db, user.id, 'factor_changed');
    const details = { method, factorId: id, name, ...extra, recoveryCodesCreated: recoveryCodes !== null, trustedBrowsersRevoked, activatesAt };
    if (activatesAt) {
      await notifyPendingFactor(this.deps, { user, organization, details, factor: name, activatesAt }, context);
    } else {
      await recordFactorEvent(this.deps, { action: 'two_step_factor_added', template: 'twoStepFactorAdded', user, organization, details, params: { factor: name } }, context);
    }
    if (recoveryCodes) await this.deps.audit.record({ action: 'recovery_codes_generated', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: { count: recoveryCodes.length, first: true } }, context);
    return recoveryCodes;
  }

  /** After a factor was removed: without any factor left the codes would back up nothing and go; trusts end; notice. */
  async factorRemoved(user: UserRow, organization: OrganizationRow, factor: AddedFactor, context: FactorContext): Promise<void> {
    const stillHasFactor = await hasActiveFactor(this.deps.db, user.id);
    if (!stillHasFactor) await this.codes.deleteAll(user.id);
    const trustedBrowsersRevoked = await revokeTrustedBrowsers(this.deps.db, user.id, 'factor_changed');
    await recordFactorEvent(this.deps, { action: 'two_step_factor_removed', template: 'twoStepFactorRemoved', user, organization, details: { method: factor.method, factorId: factor.id, name: factor.name, recoveryCodesRemoved: !stillHasFactor, trustedBrowsersRevoked }, params: { factor: factor.name } }, context);
  }

  async renameTotp(user: UserRow, id: string, name: string) {
    const found = await this.totp.find(user.id, id);
    if (!found?.confirmedAt) raise(mfaErrors.FACTOR_NOT_FOUND);
    return toTotpView(await this.totp.rename(user.id, id, name));
  }

  /** Removes a device (a pending one silently); refused when it is the last factor the policy requires. */
  async removeTotp(user: UserRow, organization: OrganizationRow, id: string, context: FactorContext): Promise<void> {
    const found = await this.totp.find(user.id, id);
    if (!found) raise(mfaErrors.FACTOR_NOT_FOUND);
    if (!found.confirmedAt) {
      await this.totp.remove(user.id, id);
      return;
    }
    assertMayChangeExistingFactor(context, found.activatesAt);
    const counts = await countActiveFactors(this.deps.db, user.id);
    const remaining = counts.totp + counts.passkeys + counts.sms - (isActiveFactor(found) ? 1 : 0);
    assertFactorRemovable(user, organization, remaining);
    if (!(await this.totp.remove(user.id, id))) raise(mfaErrors.FACTOR_NOT_FOUND);
    await this.factorRemoved(user, organization, { method: 'totp', id, name: found.name }, context);
  }

  /** A new set of 10 voids every old code. Needs an active factor: codes back up a factor. */
  async regenerateCodes(user: UserRow, organization: OrganizationRow, context: FactorContext): Promise<string[]> {
    if (!(await hasActiveFactor(this.deps.db, user.id))) raise(mfaErrors.METHOD_UNAVAILABLE);
    assertMayChangeExistingFactor(context);
    const codes = await this.codes.generate(user.id);
    const trustedBrowsersRevoked = await revokeTrustedBrowsers(this.deps.db, user.id, 'factor_changed');
    await recordFactorEvent(this.deps, { action: 'recovery_codes_generated', template: 'recoveryCodesRegenerated', user, organization, details: { count: codes.length, first: false, trustedBrowsersRevoked } }, context);
    return codes;
  }
}
