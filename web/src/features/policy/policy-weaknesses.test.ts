import { describe, expect, it } from 'vitest';
import type { SecurityPolicy } from '../../api/types';
import { everyRoleNeedsTwoStep, listPolicyWeaknesses, samePolicy, toFormValues, toPolicy } from './policy-weaknesses';

const defaults: SecurityPolicy = {
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
  recovery: {
    codeDigits: 6,
    codeMinutes: 5,
    linkMinutes: 15,
    securityQuestions: false,
    requireTwoWaysBack: false,
    antiPhishingPhrase: '',
    phoneRegion: null,
  },
  twoStep: { roles: ['owner', 'admin'], graceDays: 7, allowSms: false, trustBrowserDays: 0, newFactorDelayHours: 24 },
  lifecycle: { disableInactiveAfterDays: null, inactivityReminderDays: 7 },
  adminRecovery: { twoStepResetDelayHours: 24, twoStepResetNeedsApproval: true },
};

describe('policy form round trip', () => {
  it('sends the recovery section back whole (the server requires it)', () => {
    const policy: SecurityPolicy = {
      ...defaults,
      recovery: { ...defaults.recovery, phoneRegion: 'CN', antiPhishingPhrase: 'blue heron', codeDigits: 8 },
    };
    expect(toPolicy(toFormValues(policy))).toEqual(policy);
    expect(samePolicy(policy, toPolicy(toFormValues(policy)))).toBe(true);
  });

  it('sends the lifecycle rule back whole; "off" keeps a sensible number ready in the form', () => {
    const on: SecurityPolicy = {
      ...defaults,
      lifecycle: { disableInactiveAfterDays: 120, inactivityReminderDays: 14 },
    };
    expect(toPolicy(toFormValues(on))).toEqual(on);
    const off = toFormValues(defaults);
    expect(off).toMatchObject({
      disableInactive: false,
      lifecycle: { disableInactiveAfterDays: 90, inactivityReminderDays: 7 },
    });
    expect(toPolicy(off).lifecycle).toEqual({ disableInactiveAfterDays: null, inactivityReminderDays: 7 });
    expect(toPolicy({ ...off, disableInactive: true }).lifecycle.disableInactiveAfterDays).toBe(90);
  });

  it('turns "no default region" into null and trims the phrase', () => {
    const values = toFormValues(defaults);
    expect(values.recovery.phoneRegion).toBe('');
    const sent = toPolicy({ ...values, recovery: { ...values.recovery, antiPhishingPhrase: '  heron  ' } });
    expect(sent.recovery).toMatchObject({ phoneRegion: null, antiPhishingPhrase: 'heron' });
  });
});

describe('recovery weaknesses', () => {
  it('has none at the defaults', () => {
    expect(listPolicyWeaknesses(defaults, defaults)).toEqual([]);
  });

  it('flags security questions and long-lived codes or links', () => {
    const questions = { ...defaults, recovery: { ...defaults.recovery, securityQuestions: true } };
    expect(listPolicyWeaknesses(questions, defaults)).toEqual(['securityQuestions']);
    const longCodes = { ...defaults, recovery: { ...defaults.recovery, codeMinutes: 10 } };
    expect(listPolicyWeaknesses(longCodes, defaults)).toEqual(['longRecoveryCodes']);
    const longLinks = { ...defaults, recovery: { ...defaults.recovery, linkMinutes: 60 } };
    expect(listPolicyWeaknesses(longLinks, defaults)).toEqual(['longRecoveryCodes']);
  });
});

describe('two-step weaknesses', () => {
  it('flags SMS codes, trusted browsers and a short delay for new factors', () => {
    const sms = { ...defaults, twoStep: { ...defaults.twoStep, allowSms: true } };
    expect(listPolicyWeaknesses(sms, defaults)).toEqual(['smsSecondFactor']);
    const trusted = { ...defaults, twoStep: { ...defaults.twoStep, trustBrowserDays: 7 } };
    expect(listPolicyWeaknesses(trusted, defaults)).toEqual(['trustedBrowsers']);
    const quick = { ...defaults, twoStep: { ...defaults.twoStep, newFactorDelayHours: 2 } };
    expect(listPolicyWeaknesses(quick, defaults)).toEqual(['shortNewFactorDelay']);
  });

  it('sends the two-step section back whole', () => {
    const policy: SecurityPolicy = {
      ...defaults,
      requireTwoStep: true,
      twoStep: {
        roles: ['owner', 'admin', 'manager'],
        graceDays: 3,
        allowSms: false,
        trustBrowserDays: 0,
        newFactorDelayHours: 48,
      },
    };
    expect(toPolicy(toFormValues(policy))).toEqual(policy);
  });

  it('allows 8-character passwords only when every role must use two-step verification', () => {
    const all = ['owner', 'admin', 'manager', 'sales', 'viewer'];
    expect(everyRoleNeedsTwoStep(true, all)).toBe(true);
    expect(everyRoleNeedsTwoStep(true, ['owner', 'admin'])).toBe(false);
    expect(everyRoleNeedsTwoStep(false, all)).toBe(false);
  });
});

describe('admin-recovery weaknesses', () => {
  it('flags an immediate or shorter cool-down and resets without a second approver', () => {
    const immediate = { ...defaults, adminRecovery: { twoStepResetDelayHours: 0, twoStepResetNeedsApproval: true } };
    expect(listPolicyWeaknesses(immediate, defaults)).toEqual(['immediateTwoStepReset']);
    const short = { ...defaults, adminRecovery: { twoStepResetDelayHours: 4, twoStepResetNeedsApproval: true } };
    expect(listPolicyWeaknesses(short, defaults)).toEqual(['shortTwoStepResetDelay']);
    const longer = { ...defaults, adminRecovery: { twoStepResetDelayHours: 72, twoStepResetNeedsApproval: true } };
    expect(listPolicyWeaknesses(longer, defaults)).toEqual([]);
    const alone = { ...defaults, adminRecovery: { twoStepResetDelayHours: 24, twoStepResetNeedsApproval: false } };
    expect(listPolicyWeaknesses(alone, defaults)).toEqual(['twoStepResetWithoutApproval']);
  });

  it('sends the admin-recovery section back whole', () => {
    const policy: SecurityPolicy = {
      ...defaults,
      adminRecovery: { twoStepResetDelayHours: 48, twoStepResetNeedsApproval: false },
    };
    expect(toPolicy(toFormValues(policy))).toEqual(policy);
  });
});
