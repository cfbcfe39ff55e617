import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/types';
import {
  codeMethodsOf,
  enrolmentDeadline,
  isEnrolmentOverdue,
  normalizeRecoveryCode,
  normalizeTotpCode,
  passkeysNeedBackup,
  type PasskeyFactor,
  type TwoStepStatus,
} from './two-step-api';

const now = Date.parse('2026-11-22T10:00:00Z');

function meWith(twoStep: Me['twoStep']): Me {
  return { twoStep } as Me;
}

function status(fields: Partial<TwoStepStatus['factors']>): TwoStepStatus {
  return {
    required: false,
    deadline: null,
    factors: { totp: [], passkeys: [], recoveryCodes: null, sms: [], ...fields },
    smsAllowed: false,
    smsNumbers: [],
    trustBrowserDays: 0,
    newFactorDelayHours: 24,
  };
}

const device = { id: 't1', name: 'Phone', createdAt: '2026-11-01T00:00:00Z', lastUsedAt: null, activatesAt: null };

describe('enrolment deadline', () => {
  it('shows the deadline during the grace period and walks into enrolment after it', () => {
    const during = meWith({ required: true, enrolled: false, deadline: '2026-11-25T10:00:00Z' });
    expect(enrolmentDeadline(during, now)).toBe('2026-11-25T10:00:00Z');
    expect(isEnrolmentOverdue(during, now)).toBe(false);
    const after = meWith({ required: true, enrolled: false, deadline: '2026-11-22T09:59:59Z' });
    expect(enrolmentDeadline(after, now)).toBeNull();
    expect(isEnrolmentOverdue(after, now)).toBe(true);
  });

  it('asks nothing of enrolled users, users the policy leaves out, or answers without the summary', () => {
    expect(isEnrolmentOverdue(meWith({ required: true, enrolled: true, deadline: null }), now)).toBe(false);
    expect(isEnrolmentOverdue(meWith({ required: false, enrolled: false, deadline: null }), now)).toBe(false);
    expect(isEnrolmentOverdue(meWith(null), now)).toBe(false);
    expect(isEnrolmentOverdue(meWith(undefined), now)).toBe(false);
  });
});

describe('step-up code methods', () => {
  it('offers the authenticator for an active device and recovery codes while some remain', () => {
    const codes = { remaining: 2, total: 10, createdAt: '2026-11-01T00:00:00Z' };
    expect(codeMethodsOf(status({ totp: [device], recoveryCodes: codes }))).toEqual(['totp', 'recovery_code']);
    expect(codeMethodsOf(status({ totp: [device], recoveryCodes: { ...codes, remaining: 0 } }))).toEqual(['totp']);
    expect(codeMethodsOf(status({}))).toEqual([]);
    expect(codeMethodsOf(undefined)).toEqual([]);
  });

  it('does not offer a device that only counts later (added during lost-device recovery)', () => {
    const pending = { ...device, activatesAt: '2999-01-01T00:00:00Z' };
    expect(codeMethodsOf(status({ totp: [pending] }))).toEqual([]);
  });
});

describe('backup hint for passkeys on one device (MF-11)', () => {
  const passkey = (backedUp: boolean): PasskeyFactor => ({
    id: backedUp ? 'synced' : 'local',
    name: 'Laptop',
    createdAt: '2026-11-01T00:00:00Z',
    lastUsedAt: null,
    deviceType: backedUp ? 'multiDevice' : 'singleDevice',
    backedUp,
    activatesAt: null,
  });

  it('suggests a second way in when every factor is a passkey kept on a single device', () => {
    expect(passkeysNeedBackup(status({ passkeys: [passkey(false)] }))).toBe(true);
    expect(passkeysNeedBackup(status({ passkeys: [passkey(false), passkey(false)] }))).toBe(true);
  });

  it('stays quiet with a synced passkey, an authenticator app, or no passkey at all', () => {
    expect(passkeysNeedBackup(status({ passkeys: [passkey(false), passkey(true)] }))).toBe(false);
    expect(passkeysNeedBackup(status({ passkeys: [passkey(false)], totp: [device] }))).toBe(false);
    expect(passkeysNeedBackup(status({}))).toBe(false);
  });
});

describe('typed codes', () => {
  it('keeps six digits of an authenticator code', () => {
    expect(normalizeTotpCode('123 456')).toBe('123456');
    expect(normalizeTotpCode('1234567')).toBe('123456');
  });

  it('accepts recovery codes in any case, with spaces or without dashes', () => {
    expect(normalizeRecoveryCode('ABCD-EFGH-JKMN-PQRS')).toBe('abcd-efgh-jkmn-pqrs');
    expect(normalizeRecoveryCode(' abcd efgh jkmn pqrs ')).toBe('abcd-efgh-jkmn-pqrs');
    expect(normalizeRecoveryCode('abcdefghjkmnpqrs')).toBe('abcd-efgh-jkmn-pqrs');
  });
});
