import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import {
  describeDevice,
  isCalmPasskeyProblem,
  passkeyErrorText,
  passkeyProblemOf,
  suggestPasskeyName,
} from './passkey-api';

// Echoes the key and its values, so the tests see which message was chosen.
const t = ((key: string, values?: Record<string, string>) =>
  values ? `${key} ${JSON.stringify(values)}` : key) as unknown as TFunction;

function domException(name: string): Error {
  const error = new Error('from the browser');
  error.name = name;
  return error;
}

describe('suggested passkey name', () => {
  it('names the browser and the operating system', () => {
    const mac =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
    expect(describeDevice(mac)).toEqual({ browser: 'Safari', os: 'macOS' });
    const edge =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
    expect(describeDevice(edge)).toEqual({ browser: 'Edge', os: 'Windows' });
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1';
    expect(describeDevice(iphone)).toEqual({ browser: 'Chrome', os: 'iPhone' });
    const android =
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
    expect(describeDevice(android)).toEqual({ browser: 'Chrome', os: 'Android' });
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
    expect(describeDevice(firefox)).toEqual({ browser: 'Firefox', os: 'Linux' });
  });

  it('falls back to what is known, or a plain name', () => {
    expect(suggestPasskeyName('Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Safari/537.36', t)).toBe(
      'passkeys.defaultName {"browser":"Chrome","os":"Linux"}',
    );
    expect(suggestPasskeyName('SomeBot/1.0 (Windows NT 10.0)', t)).toBe('Windows');
    expect(suggestPasskeyName('', t)).toBe('passkeys.defaultNameFallback');
  });
});

describe('failed passkey attempts', () => {
  it('tells a closed prompt (calm) from other browser problems', () => {
    expect(passkeyProblemOf(domException('NotAllowedError'))).toBe('cancelled');
    expect(isCalmPasskeyProblem(domException('NotAllowedError'))).toBe(true);
    expect(passkeyProblemOf(domException('InvalidStateError'))).toBe('alreadyRegistered');
    expect(passkeyProblemOf(domException('SecurityError'))).toBe('blocked');
    expect(passkeyProblemOf(domException('UnknownError'))).toBe('failed');
    expect(isCalmPasskeyProblem(domException('UnknownError'))).toBe(false);
  });

  it('says nothing when the app withdrew the request itself', () => {
    expect(passkeyProblemOf(domException('AbortError'))).toBe('aborted');
    expect(passkeyErrorText(domException('AbortError'), t)).toBeNull();
  });

  it("shows the server's message, except a refused passkey reported as a wrong code", () => {
    const failed = new ApiError(401, 'passkey_sign_in_failed', 'Sign-in with this passkey failed.');
    expect(passkeyProblemOf(failed)).toBeNull();
    expect(passkeyErrorText(failed, t)).toBe('Sign-in with this passkey failed.');
    expect(passkeyErrorText(new ApiError(401, 'mfa_code_invalid', 'That code is not right.'), t)).toBe(
      'passkeys.problem.refused',
    );
    expect(passkeyErrorText(domException('NotAllowedError'), t)).toBe('passkeys.problem.cancelled');
  });
});
