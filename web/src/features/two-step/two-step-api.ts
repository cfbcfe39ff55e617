/** Types and calls of the two-step verification endpoints (notes/mfa-design.md, "HTTP contract"). */
import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { meQueryKey } from '../auth/session-queries';

export interface TotpFactor {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** A factor added through lost-device recovery counts only from this time on; null = active. */
  activatesAt: string | null;
}

export interface PasskeyFactor {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: string;
  backedUp: boolean;
  activatesAt: string | null;
}

/** Text-message codes to one of the user's verified mobiles; `usable` false once the number or the policy no longer allows it. */
export interface SmsFactor {
  id: string;
  /** "+86139••••5678" */
  masked: string;
  createdAt: string;
  lastUsedAt: string | null;
  activatesAt: string | null;
  usable: boolean;
}

/** A verified mobile number SMS codes can be turned on for. */
export interface SmsNumber {
  channelId: string;
  role: 'primary' | 'backup';
  masked: string;
  enrolled: boolean;
}

/** Where a code went (masked), until when it works, and after how many seconds another may be asked for. */
export interface SmsCodeSent {
  masked: string;
  expiresAt: string;
  resendAfterSeconds: number;
}

export interface RecoveryCodesSummary {
  remaining: number;
  total: number;
  createdAt: string;
}

export interface TwoStepStatus {
  required: boolean;
  deadline: string | null;
  factors: {
    totp: TotpFactor[];
    passkeys: PasskeyFactor[];
    recoveryCodes: RecoveryCodesSummary | null;
    sms: SmsFactor[];
  };
  smsAllowed: boolean;
  smsNumbers: SmsNumber[];
  newFactorDelayHours: number;
  trustBrowserDays: number;
}

export interface TotpEnrolment {
  id: string;
  secret: string;
  otpauthUrl: string;
  /** An <svg> document rendered by the server (qrcode); shown as an image, never injected as markup. */
  qrSvg: string;
}

export interface TotpConfirmation {
  factor: TotpFactor;
  /** The first set of recovery codes, when this factor created it; shown once. */
  recoveryCodes: string[] | null;
}

/** Methods the sign-in second step (and a reset) can ask for, in the server's order of preference (SMS never in a reset). */
export type SecondFactorMethod = 'passkey' | 'totp' | 'sms' | 'recovery_code';

/** The methods answered with a typed code. */
export type CodeMethod = 'totp' | 'sms' | 'recovery_code';

export interface MfaChallenge {
  mfaRequired: true;
  methods: SecondFactorMethod[];
  challenge: string;
  expiresAt: string;
  /** Days "trust this browser" lasts when the organisation allows it (0 or absent = not offered). */
  trustBrowserDays?: number;
}

export const TWO_STEP_PATH = '/settings/two-step';

/** Recovery codes warn when this many or fewer remain. */
export const LOW_RECOVERY_CODES = 3;

export const twoStepQueryKey = ['two-step'] as const;

export function useTwoStepStatus(enabled = true) {
  return useQuery({
    queryKey: twoStepQueryKey,
    queryFn: () => api.get<TwoStepStatus>('/me/two-step'),
    enabled,
    staleTime: 10_000,
  });
}

/** After a factor change: the page's list and the session's summary (banner, enrolment) both change. */
export async function refreshTwoStep(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: twoStepQueryKey }),
    queryClient.invalidateQueries({ queryKey: meQueryKey }),
  ]);
}

/** The policy requires a factor, the user has none, and the grace period is over: enrol before anything else. */
export function isEnrolmentOverdue(me: Me | null | undefined, now = Date.now()): boolean {
  const twoStep = me?.twoStep;
  if (!twoStep || !twoStep.required || twoStep.enrolled) {
    return false;
  }
  return twoStep.deadline === null || Date.parse(twoStep.deadline) <= now;
}

/** Still within the grace period: the banner shows the deadline. */
export function enrolmentDeadline(me: Me | null | undefined, now = Date.now()): string | null {
  const twoStep = me?.twoStep;
  if (!twoStep || !twoStep.required || twoStep.enrolled || twoStep.deadline === null) {
    return null;
  }
  return Date.parse(twoStep.deadline) > now ? twoStep.deadline : null;
}

export function isActiveFactor(factor: { activatesAt: string | null }, now = Date.now()): boolean {
  return factor.activatesAt === null || Date.parse(factor.activatesAt) <= now;
}

/** An SMS factor that counts right now: its number and the policy allow it, and any delay is over. */
export function isActiveSmsFactor(factor: SmsFactor): boolean {
  return factor.usable && isActiveFactor(factor);
}

/** The code-based factors the user can answer a step-up with: authenticator codes, SMS codes and recovery codes. */
export function codeMethodsOf(status: TwoStepStatus | undefined): CodeMethod[] {
  if (!status) {
    return [];
  }
  const methods: CodeMethod[] = [];
  if (status.factors.totp.some((factor) => isActiveFactor(factor))) {
    methods.push('totp');
  }
  if (status.factors.sms.some(isActiveSmsFactor)) {
    methods.push('sms');
  }
  if ((status.factors.recoveryCodes?.remaining ?? 0) > 0) {
    methods.push('recovery_code');
  }
  return methods;
}

export function hasAnyFactor(status: TwoStepStatus | undefined): boolean {
  return (
    status !== undefined &&
    (status.factors.totp.some((factor) => isActiveFactor(factor)) ||
      status.factors.passkeys.some((factor) => isActiveFactor(factor)) ||
      status.factors.sms.some(isActiveSmsFactor))
  );
}

/**
 * The only factors are passkeys that each live on one device (a security key, a laptop's chip, a phone without a
 * synced password manager): losing that device leaves the recovery codes as the only way in (MF-11).
 */
export function passkeysNeedBackup(status: TwoStepStatus): boolean {
  const { totp, passkeys } = status.factors;
  return totp.length === 0 && passkeys.length > 0 && passkeys.every((factor) => !factor.backedUp);
}

export const twoStepApi = {
  startTotp: (name: string) => api.post<TotpEnrolment>('/me/two-step/totp', { name }),
  confirmTotp: (id: string, code: string) =>
    api.post<TotpConfirmation>(`/me/two-step/totp/${encodeURIComponent(id)}/confirm`, { code }),
  renameTotp: (id: string, name: string) =>
    api.patch<TotpFactor>(`/me/two-step/totp/${encodeURIComponent(id)}`, { name }),
  removeTotp: (id: string) => api.delete<void>(`/me/two-step/totp/${encodeURIComponent(id)}`),
  regenerateRecoveryCodes: () => api.post<{ codes: string[] }>('/me/two-step/recovery-codes'),
  /** Texts a code to one of the user's verified mobiles (again, when called for the same number after the pause). */
  startSms: (channelId: string) => api.post<SmsCodeSent & { id: string }>('/me/two-step/sms', { channelId }),
  confirmSms: (id: string, code: string) =>
    api.post<{ factor: SmsFactor; recoveryCodes: string[] | null }>(
      `/me/two-step/sms/${encodeURIComponent(id)}/confirm`,
      { code },
    ),
  removeSms: (id: string) => api.delete<void>(`/me/two-step/sms/${encodeURIComponent(id)}`),
  /** The code for this sign-in's second step, bound to its challenge. */
  sendSignInSms: (challenge: string) => api.post<SmsCodeSent>('/auth/mfa/sms', { challenge }),
  /** The code for "confirm it's you", bound to this session. */
  sendStepUpSms: () => api.post<SmsCodeSent>('/auth/reauthenticate/sms'),
};

/** Only digits, at most 8: an SMS code is 6–8 digits, depending on the organisation's policy. */
export function normalizeSmsCode(value: string): string {
  return value.replace(/\D/g, '').slice(0, 8);
}

/** Only digits, at most 6: what an authenticator app shows ("123 456" pasted with a space still works). */
export function normalizeTotpCode(value: string): string {
  return value.replace(/\D/g, '').slice(0, 6);
}

/** Recovery codes are typed in any case, with or without dashes; the server wants xxxx-xxxx-xxxx-xxxx. */
export function normalizeRecoveryCode(value: string): string {
  const compact = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return compact.length === 16 ? (compact.match(/.{4}/g) ?? []).join('-') : value.trim().toLowerCase();
}

/**
 * "Too many tries, wait N minutes" for a 429 from a second-factor endpoint; null for any other error. By default only
 * the factor throttle (`mfa_throttled`) counts; `anyLimit` also covers the per-IP request limit.
 */
export function throttledText(error: unknown, t: TFunction, anyLimit = false): string | null {
  if (!isApiError(error) || error.status !== 429 || (!anyLimit && error.code !== 'mfa_throttled')) {
    return null;
  }
  return t('twoStep.signIn.throttled', { count: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 900) / 60)) });
}
