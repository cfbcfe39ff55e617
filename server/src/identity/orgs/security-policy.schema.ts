import { z } from 'zod';
import { roles } from '../roles.ts';

/** Longest password accepted (code points); longer input is refused before hashing to bound its cost. */
export const PASSWORD_MAX_LENGTH = 256;

export const lockoutRuleSchema = z.strictObject({
  maxFailures: z.number().int().min(3).max(100),
  windowMinutes: z.number().int().min(1).max(1440),
  lockMinutes: z.number().int().min(1).max(1440),
});

export const sessionRuleSchema = z.strictObject({
  idleMinutes: z.number().int().min(5).max(60),
  absoluteHours: z.number().int().min(1).max(24),
  allowRemember: z.boolean(),
  rememberDays: z.number().int().min(1).max(30),
});

export const recoveryRuleSchema = z.strictObject({
  /** Digits in e-mailed and texted recovery codes. */
  codeDigits: z.number().int().min(6).max(8),
  codeMinutes: z.number().int().min(1).max(10),
  linkMinutes: z.number().int().min(5).max(60),
  /** Security questions (legacy opt-in): only ever a supplement to a channel, never enough alone. */
  securityQuestions: z.boolean(),
  /** Ask everyone with fewer than two ways back to add one at their next sign-in. */
  requireTwoWaysBack: z.boolean(),
  /** Shown in every security mail so people can tell a genuine message from a phishing one. */
  antiPhishingPhrase: z.string().trim().max(60),
  /** ISO 3166 region used to read phone numbers typed without a country code (CN for zh-CN organisations). */
  phoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
});

export const twoStepRuleSchema = z.strictObject({
  /** Roles that must use two-step verification while `requireTwoStep` is on (owners and admins by default). */
  roles: z.array(z.enum(roles)).min(1).max(roles.length),
  /** Days a member who must enrol may still sign in without it (0 = enrol at the next sign-in). */
  graceDays: z.number().int().min(0).max(30),
  /** SMS codes as a second factor (weaker: SIM swap, interception); never for owners and admins. */
  allowSms: z.boolean(),
  /** "Trust this browser" after a second factor, in days; 0 = off (the default). */
  trustBrowserDays: z.number().int().min(0).max(30),
  /** A factor added through lost-device recovery (two channels instead of a factor) counts only after this delay. */
  newFactorDelayHours: z.number().int().min(0).max(168),
});

export const lifecycleRuleSchema = z
  .strictObject({
    /**
     * Deactivate members who have not signed in for this many days (null = off, the default). Owners are never
     * disabled automatically: the organisation must not lose its last owner to a timer.
     */
    disableInactiveAfterDays: z.number().int().min(14).max(3650).nullable(),
    /** The reminder mail goes out this many days before; nobody is disabled without having been reminded. */
    inactivityReminderDays: z.number().int().min(1).max(60),
  })
  .refine((rule) => rule.disableInactiveAfterDays === null || rule.inactivityReminderDays < rule.disableInactiveAfterDays, {
    message: 'policy.inactivityReminderBeforeLimit',
    path: ['inactivityReminderDays'],
  });

export type LifecycleRule = z.infer<typeof lifecycleRuleSchema>;

/** Admin-assisted recovery (AD-02): how an admin's two-step reset of a member is held back. */
export const adminRecoveryRuleSchema = z.strictObject({
  /**
   * Hours between the reset and its effect; meanwhile the member's factors keep working and every verified address
   * has a link to cancel it. 0 = at once (weaker: a deceived admin's reset hands the account over immediately).
   */
  twoStepResetDelayHours: z.number().int().min(0).max(168),
  /** A second owner or admin approves every two-step reset, whatever the member's role. */
  twoStepResetNeedsApproval: z.boolean(),
});

export type AdminRecoveryRule = z.infer<typeof adminRecoveryRuleSchema>;

export const defaultAdminRecoveryRule: AdminRecoveryRule = { twoStepResetDelayHours: 24, twoStepResetNeedsApproval: true };

/** Account lifecycle: inactive accounts stay enabled unless the organisation opts in. */
export const defaultLifecycleRule: LifecycleRule = { disableInactiveAfterDays: null, inactivityReminderDays: 7 };

export const securityPolicySchema = z
  .strictObject({
    minLength: z.number().int().min(8).max(64),
    minScore: z.number().int().min(0).max(4),
    forbidContextWords: z.boolean(),
    requireUpper: z.boolean(),
    requireLower: z.boolean(),
    requireDigit: z.boolean(),
    requireSymbol: z.boolean(),
    maxAgeDays: z.number().int().min(30).max(3650).nullable(),
    expiryReminderDays: z.number().int().min(1).max(60),
    requireTwoStep: z.boolean(),
    lockout: lockoutRuleSchema,
    session: sessionRuleSchema,
    recovery: recoveryRuleSchema,
    twoStep: twoStepRuleSchema,
    /**
     * Optional: policies stored before this setting existed have none (read as the default, lifecycleRule()), and a
     * client that does not know it keeps the stored value when saving (SecurityPolicyService.update).
     */
    lifecycle: lifecycleRuleSchema.optional(),
    /** Optional for the same reasons as `lifecycle` (adminRecoveryRule()). */
    adminRecovery: adminRecoveryRuleSchema.optional(),
  })
  // Eight characters are enough only when every password is backed by a second factor (NIST SP 800-63B-4).
  .refine((policy) => policy.minLength >= 15 || (policy.requireTwoStep && roles.every((role) => policy.twoStep.roles.includes(role))), {
    message: 'policy.minLengthNeedsTwoStep',
    path: ['minLength'],
  });

export type SecurityPolicy = z.infer<typeof securityPolicySchema>;

/** A stored policy's lifecycle rule; policies stored before the setting existed have none and mean "off". */
export function lifecycleRule(policy: Pick<SecurityPolicy, 'lifecycle'>): LifecycleRule {
  return policy.lifecycle ?? defaultLifecycleRule;
}

/** A stored policy's admin-recovery rule; policies stored before the setting existed get the (strict) default. */
export function adminRecoveryRule(policy: Pick<SecurityPolicy, 'adminRecovery'>): AdminRecoveryRule {
  return policy.adminRecovery ?? defaultAdminRecoveryRule;
}

/** Two-step verification, once the organisation turns it on: owners and admins, a week to enrol, no SMS, no trusted browsers. */
export const defaultTwoStepRule: SecurityPolicy['twoStep'] = { roles: ['owner', 'admin'], graceDays: 7, allowSms: false, trustBrowserDays: 0, newFactorDelayHours: 24 };

/** NIST SP 800-63B-4 defaults: length + blocklist + strength, no composition, no expiry, temporary lock. */
export const defaultSecurityPolicy: SecurityPolicy = {
  minLength: 15,
  minScore: 3,
  forbidContextWords: true,
  requireUpper: false,
  requireLower: false,
  requireDigit: false,
  requireSymbol: false,
  maxAgeDays: null,
  expiryReminderDays: 14,
  requireTwoStep: false,
  lockout: { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 },
  session: { idleMinutes: 30, absoluteHours: 12, allowRemember: true, rememberDays: 30 },
  recovery: defaultRecoveryRule('en'),
  twoStep: defaultTwoStepRule,
  lifecycle: defaultLifecycleRule,
  adminRecovery: defaultAdminRecoveryRule,
};

/** Recovery defaults; the phone region follows the organisation's language (CN for zh-CN). */
export function defaultRecoveryRule(locale: string): SecurityPolicy['recovery'] {
  return { codeDigits: 6, codeMinutes: 5, linkMinutes: 15, securityQuestions: false, requireTwoWaysBack: false, antiPhishingPhrase: '', phoneRegion: locale === 'zh-CN' ? 'CN' : null };
}

export const securityPolicyPresets = {
  nist: defaultSecurityPolicy,
  strictLockout: { ...defaultSecurityPolicy, lockout: { maxFailures: 3, windowMinutes: 30, lockMinutes: 30 } },
  pci: {
    ...defaultSecurityPolicy,
    requireLower: true,
    requireDigit: true,
    maxAgeDays: 90,
    lockout: { maxFailures: 10, windowMinutes: 30, lockMinutes: 30 },
  },
} satisfies Record<string, SecurityPolicy>;

/** Names each choice that is weaker than the default, so the UI can explain it and the audit log can record it. */
export function listPolicyWeaknesses(policy: SecurityPolicy): string[] {
  const weaknesses: string[] = [];
  if (policy.minLength < defaultSecurityPolicy.minLength) weaknesses.push('shortMinLength');
  if (policy.minScore < defaultSecurityPolicy.minScore) weaknesses.push('lowMinScore');
  if (!policy.forbidContextWords) weaknesses.push('contextWordsAllowed');
  if (policy.requireUpper || policy.requireLower || policy.requireDigit || policy.requireSymbol) {
    weaknesses.push('compositionRules');
  }
  if (policy.maxAgeDays !== null) weaknesses.push('passwordExpiry');
  if (policy.lockout.maxFailures < defaultSecurityPolicy.lockout.maxFailures || policy.lockout.lockMinutes > 60) {
    weaknesses.push('aggressiveLockout');
  }
  if (policy.lockout.maxFailures > 10) weaknesses.push('lenientLockout');
  if (policy.session.idleMinutes > defaultSecurityPolicy.session.idleMinutes) weaknesses.push('longIdle');
  if (policy.session.absoluteHours > defaultSecurityPolicy.session.absoluteHours) weaknesses.push('longAbsolute');
  if (policy.recovery.securityQuestions) weaknesses.push('securityQuestions');
  if (policy.recovery.codeMinutes > 5 || policy.recovery.linkMinutes > 15) weaknesses.push('longRecoveryCodes');
  if (policy.twoStep.allowSms) weaknesses.push('smsSecondFactor');
  if (policy.twoStep.trustBrowserDays > 0) weaknesses.push('trustedBrowsers');
  if (policy.twoStep.newFactorDelayHours < defaultTwoStepRule.newFactorDelayHours) weaknesses.push('shortNewFactorDelay');
  const adminRecovery = adminRecoveryRule(policy);
  if (adminRecovery.twoStepResetDelayHours === 0) weaknesses.push('immediateTwoStepReset');
  else if (adminRecovery.twoStepResetDelayHours < defaultAdminRecoveryRule.twoStepResetDelayHours) weaknesses.push('shortTwoStepResetDelay');
  if (!adminRecovery.twoStepResetNeedsApproval) weaknesses.push('twoStepResetWithoutApproval');
  return weaknesses;
}
