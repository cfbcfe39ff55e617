import type { SecurityPolicy } from '../../api/types';

export type WeaknessSection = 'password' | 'lockout' | 'session' | 'recovery' | 'twoStep' | 'adminRecovery';

export const WEAKNESS_SECTIONS: Record<string, WeaknessSection> = {
  shortMinLength: 'password',
  lowMinScore: 'password',
  contextWordsAllowed: 'password',
  compositionRules: 'password',
  passwordExpiry: 'password',
  aggressiveLockout: 'lockout',
  lenientLockout: 'lockout',
  longIdle: 'session',
  longAbsolute: 'session',
  securityQuestions: 'recovery',
  longRecoveryCodes: 'recovery',
  smsSecondFactor: 'twoStep',
  trustedBrowsers: 'twoStep',
  shortNewFactorDelay: 'twoStep',
  immediateTwoStepReset: 'adminRecovery',
  shortTwoStepResetDelay: 'adminRecovery',
  twoStepResetWithoutApproval: 'adminRecovery',
};

const ALL_ROLES = ['owner', 'admin', 'manager', 'sales', 'viewer'];

/** Eight-character passwords are allowed only when every role must also use a second factor (as the server checks). */
export function everyRoleNeedsTwoStep(requireTwoStep: unknown, roles: unknown): boolean {
  return requireTwoStep === true && Array.isArray(roles) && ALL_ROLES.every((role) => roles.includes(role));
}

/**
 * Mirrors the server's listPolicyWeaknesses so warnings update while the admin edits;
 * the server recomputes them on save and its answer is what gets recorded.
 */
export function listPolicyWeaknesses(policy: SecurityPolicy, defaults: SecurityPolicy): string[] {
  const weaknesses: string[] = [];
  if (policy.minLength < defaults.minLength) {
    weaknesses.push('shortMinLength');
  }
  if (policy.minScore < defaults.minScore) {
    weaknesses.push('lowMinScore');
  }
  if (!policy.forbidContextWords) {
    weaknesses.push('contextWordsAllowed');
  }
  if (policy.requireUpper || policy.requireLower || policy.requireDigit || policy.requireSymbol) {
    weaknesses.push('compositionRules');
  }
  if (policy.maxAgeDays !== null) {
    weaknesses.push('passwordExpiry');
  }
  if (policy.lockout.maxFailures < defaults.lockout.maxFailures || policy.lockout.lockMinutes > 60) {
    weaknesses.push('aggressiveLockout');
  }
  if (policy.lockout.maxFailures > 10) {
    weaknesses.push('lenientLockout');
  }
  if (policy.session.idleMinutes > defaults.session.idleMinutes) {
    weaknesses.push('longIdle');
  }
  if (policy.session.absoluteHours > defaults.session.absoluteHours) {
    weaknesses.push('longAbsolute');
  }
  if (policy.recovery.securityQuestions) {
    weaknesses.push('securityQuestions');
  }
  if (
    policy.recovery.codeMinutes > defaults.recovery.codeMinutes ||
    policy.recovery.linkMinutes > defaults.recovery.linkMinutes
  ) {
    weaknesses.push('longRecoveryCodes');
  }
  if (policy.twoStep.allowSms) {
    weaknesses.push('smsSecondFactor');
  }
  if (policy.twoStep.trustBrowserDays > 0) {
    weaknesses.push('trustedBrowsers');
  }
  if (policy.twoStep.newFactorDelayHours < defaults.twoStep.newFactorDelayHours) {
    weaknesses.push('shortNewFactorDelay');
  }
  if (policy.adminRecovery.twoStepResetDelayHours === 0) {
    weaknesses.push('immediateTwoStepReset');
  } else if (policy.adminRecovery.twoStepResetDelayHours < defaults.adminRecovery.twoStepResetDelayHours) {
    weaknesses.push('shortTwoStepResetDelay');
  }
  if (!policy.adminRecovery.twoStepResetNeedsApproval) {
    weaknesses.push('twoStepResetWithoutApproval');
  }
  return weaknesses;
}

/**
 * The form keeps "expires" and "disable inactive accounts" as their own switches; the API wants null for "never".
 * The phone region select uses '' for "no default region" (null in the API).
 */
export interface PolicyFormValues extends Omit<SecurityPolicy, 'maxAgeDays' | 'recovery' | 'lifecycle'> {
  passwordExpires: boolean;
  maxAgeDays: number;
  recovery: Omit<SecurityPolicy['recovery'], 'phoneRegion'> & { phoneRegion: string };
  disableInactive: boolean;
  lifecycle: { disableInactiveAfterDays: number; inactivityReminderDays: number };
}

const DEFAULT_MAX_AGE_DAYS = 90;
const DEFAULT_INACTIVE_DAYS = 90;

export function toFormValues(policy: SecurityPolicy): PolicyFormValues {
  return {
    ...policy,
    passwordExpires: policy.maxAgeDays !== null,
    maxAgeDays: policy.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS,
    recovery: { ...policy.recovery, phoneRegion: policy.recovery.phoneRegion ?? '' },
    disableInactive: policy.lifecycle.disableInactiveAfterDays !== null,
    lifecycle: {
      disableInactiveAfterDays: policy.lifecycle.disableInactiveAfterDays ?? DEFAULT_INACTIVE_DAYS,
      inactivityReminderDays: policy.lifecycle.inactivityReminderDays,
    },
  };
}

/** Builds the request body field by field (the API rejects unknown fields) in a stable key order. */
export function toPolicy(values: PolicyFormValues): SecurityPolicy {
  return {
    minLength: values.minLength,
    minScore: values.minScore,
    forbidContextWords: values.forbidContextWords,
    requireUpper: values.requireUpper,
    requireLower: values.requireLower,
    requireDigit: values.requireDigit,
    requireSymbol: values.requireSymbol,
    maxAgeDays: values.passwordExpires ? values.maxAgeDays : null,
    expiryReminderDays: values.expiryReminderDays,
    requireTwoStep: values.requireTwoStep,
    lockout: {
      maxFailures: values.lockout.maxFailures,
      windowMinutes: values.lockout.windowMinutes,
      lockMinutes: values.lockout.lockMinutes,
    },
    session: {
      idleMinutes: values.session.idleMinutes,
      absoluteHours: values.session.absoluteHours,
      allowRemember: values.session.allowRemember,
      rememberDays: values.session.rememberDays,
    },
    // The server requires this section (strict schema): every save sends it back whole.
    recovery: {
      codeDigits: values.recovery.codeDigits,
      codeMinutes: values.recovery.codeMinutes,
      linkMinutes: values.recovery.linkMinutes,
      securityQuestions: values.recovery.securityQuestions,
      requireTwoWaysBack: values.recovery.requireTwoWaysBack,
      antiPhishingPhrase: values.recovery.antiPhishingPhrase.trim(),
      phoneRegion: values.recovery.phoneRegion === '' ? null : values.recovery.phoneRegion,
    },
    twoStep: {
      roles: [...values.twoStep.roles],
      graceDays: values.twoStep.graceDays,
      allowSms: values.twoStep.allowSms,
      trustBrowserDays: values.twoStep.trustBrowserDays,
      newFactorDelayHours: values.twoStep.newFactorDelayHours,
    },
    lifecycle: {
      disableInactiveAfterDays: values.disableInactive ? values.lifecycle.disableInactiveAfterDays : null,
      inactivityReminderDays: values.lifecycle.inactivityReminderDays,
    },
    adminRecovery: {
      twoStepResetDelayHours: values.adminRecovery.twoStepResetDelayHours,
      twoStepResetNeedsApproval: values.adminRecovery.twoStepResetNeedsApproval,
    },
  };
}

export function samePolicy(left: SecurityPolicy, right: SecurityPolicy): boolean {
  return JSON.stringify(normalize(left)) === JSON.stringify(normalize(right));
}

function normalize(policy: SecurityPolicy): SecurityPolicy {
  return toPolicy(toFormValues(policy));
}
