/**
 * Calls of the passkey (WebAuthn) endpoints, and what the app makes of a ceremony in the browser: why it ended without
 * a credential, and which name to suggest for a new passkey.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { TFunction } from 'i18next';
import { api, isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import type { PasskeyFactor } from './two-step-api';

export interface PasskeyRegistration {
  factor: PasskeyFactor;
  /** The first set of recovery codes, when this passkey was the account's first factor; shown once. */
  recoveryCodes: string[] | null;
}

interface RequestOptions {
  options: PublicKeyCredentialRequestOptionsJSON;
}

export const passkeyApi = {
  registrationOptions: () =>
    api.post<{ options: PublicKeyCredentialCreationOptionsJSON }>('/me/two-step/passkeys/options', {}),
  register: (name: string, response: RegistrationResponseJSON) =>
    api.post<PasskeyRegistration>('/me/two-step/passkeys', { name, response }),
  rename: (id: string, name: string) =>
    api.patch<PasskeyFactor>(`/me/two-step/passkeys/${encodeURIComponent(id)}`, { name }),
  remove: (id: string) => api.delete<void>(`/me/two-step/passkeys/${encodeURIComponent(id)}`),

  /** Password-less sign-in: options for any passkey of this site (the passkey names the account). */
  signInOptions: () => api.post<RequestOptions & { challenge: string }>('/auth/passkey/options', {}),
  signIn: (challenge: string, response: AuthenticationResponseJSON, remember: boolean) =>
    api.post<Me>('/auth/passkey', { challenge, response, remember }),

  /** The second sign-in step, after the password. */
  secondStepOptions: (challenge: string) => api.post<RequestOptions>('/auth/mfa/passkey-options', { challenge }),
  secondStep: (challenge: string, response: AuthenticationResponseJSON, trustBrowser = false) =>
    api.post<Me>('/auth/mfa', { challenge, method: 'passkey', response, ...(trustBrowser ? { trustBrowser } : {}) }),

  /** "Confirm it's you" in a signed-in session. */
  stepUpOptions: () => api.post<RequestOptions>('/auth/reauthenticate/passkey-options', {}),
  stepUp: (response: AuthenticationResponseJSON) =>
    api.post<{ reauthenticatedUntil: string }>('/auth/reauthenticate', { method: 'passkey', response }),

  /** The second proof of a password reset; the response travels with the new password. */
  resetOptions: (token: string) => api.post<RequestOptions>('/auth/password/reset/passkey-options', { token }),
};

/**
 * Why a WebAuthn ceremony ended in the browser rather than on the server:
 * - `cancelled`: the prompt was closed, declined or timed out (browsers do not tell these apart, on purpose);
 * - `aborted`: the app itself cancelled it (another ceremony started, the page moved on) — nothing to say;
 * - `alreadyRegistered`: this authenticator already holds a passkey for the account;
 * - `blocked`: the browser refused passkeys for this address (an IP address, plain http on another host);
 * - `failed`: anything else the authenticator or browser reported.
 */
export type PasskeyProblem = 'cancelled' | 'aborted' | 'alreadyRegistered' | 'blocked' | 'failed';

/** The browser-side problem behind `error`, or null when it came from the server (an ApiError carries its own text). */
export function passkeyProblemOf(error: unknown): PasskeyProblem | null {
  if (isApiError(error)) {
    return null;
  }
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'cancelled';
    case 'AbortError':
      return 'aborted';
    case 'InvalidStateError':
      return 'alreadyRegistered';
    case 'SecurityError':
      return 'blocked';
    default:
      return 'failed';
  }
}

/**
 * The text to show for a failed passkey attempt: the server's localized message, or ours for a browser-side problem;
 * null when there is nothing to tell (the app cancelled the ceremony itself).
 */
export function passkeyErrorText(error: unknown, t: TFunction): string | null {
  if (isApiError(error)) {
    // The factor registry answers a refused assertion like a wrong code; "code" would puzzle someone holding a passkey.
    return error.code === 'mfa_code_invalid' ? t('passkeys.problem.refused') : error.message;
  }
  const problem = passkeyProblemOf(error);
  return problem === null || problem === 'aborted' ? null : t(`passkeys.problem.${problem}`);
}

/** A cancelled prompt is the user's choice, not an error: shown calmly (info), everything else as an error. */
export function isCalmPasskeyProblem(error: unknown): boolean {
  return passkeyProblemOf(error) === 'cancelled';
}

export interface DeviceDescription {
  browser: string | null;
  os: string | null;
}

const operatingSystems: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Windows/, 'Windows'],
  [/Linux/, 'Linux'],
];

// Order matters: Edge, Opera and Samsung Internet also say "Chrome", and every Chromium browser says "Safari".
const browsers: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

/** Browser and operating system named in a user-agent string, for a passkey's suggested name ("Chrome on macOS"). */
export function describeDevice(userAgent: string): DeviceDescription {
  const os = operatingSystems.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  return { browser, os };
}

/** A sensible default name for a passkey created in this browser; the user can change it. */
export function suggestPasskeyName(userAgent: string, t: TFunction): string {
  const { browser, os } = describeDevice(userAgent);
  if (browser && os) {
    return t('passkeys.defaultName', { browser, os });
  }
  return browser ?? os ?? t('passkeys.defaultNameFallback');
}
