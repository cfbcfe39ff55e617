// Helpers shared by the two-step-*.spec.ts files: TOTP codes computed from the secret the page shows, the
// enrolment dialog, and the sign-in second step.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { apiRequest, expect, projectLocale, t, type RunningServer } from './fixtures.ts';

const PERIOD_SECONDS = 30;

/**
 * An authenticator app in the test: codes for the secret, each time step used at most once (the server accepts a
 * step only once, and ±1 step around its clock). `nextCode()` waits when the next unused step is still too far ahead.
 */
export class Authenticator {
  private readonly totp: TOTP;
  private lastStep = -1;

  constructor(secret: string) {
    this.totp = new TOTP({
      secret: Secret.fromBase32(secret.replace(/\s/g, '')),
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_SECONDS,
    });
  }

  private static stepAt(timestamp: number): number {
    return Math.floor(timestamp / 1000 / PERIOD_SECONDS);
  }

  /**
   * A code the server has not seen yet, the oldest it still accepts: the step before the current one (inside the ±1
   * window until this step ends), the current one, or the one after it. Starting one step back gives a spec three
   * codes before it has to wait for the clock.
   */
  async nextCode(): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = Date.now();
      const current = Authenticator.stepAt(now);
      const intoStep = now % (PERIOD_SECONDS * 1000);
      // Leave a few seconds of margin before the window moves past the previous step.
      const oldest = intoStep < PERIOD_SECONDS * 1000 - 3_000 ? current - 1 : current;
      const step = Math.max(oldest, this.lastStep + 1);
      const usable = step <= current || (step === current + 1 && intoStep > 3_000);
      if (usable) {
        this.lastStep = step;
        return this.totp.generate({ timestamp: step * PERIOD_SECONDS * 1000 });
      }
      await new Promise((resolve) =>
        setTimeout(resolve, PERIOD_SECONDS * 1000 - (now % (PERIOD_SECONDS * 1000)) + 500),
      );
    }
    throw new Error('Authenticator.nextCode(): no usable time step');
  }

  /** A code from five steps ago: outside the window, so always refused. */
  staleCode(): string {
    return this.totp.generate({ timestamp: Date.now() - 5 * PERIOD_SECONDS * 1000 });
  }
}

/** Enrols an authenticator through the API (with a recently signed-in session); resolves with it and the codes. */
export async function enrolTotpViaApi(
  server: RunningServer,
  cookieHeader: string,
  name = 'Work phone',
): Promise<{ authenticator: Authenticator; recoveryCodes: string[] }> {
  const started = await apiRequest<{ id: string; secret: string }>(server.url, 'POST', '/api/me/two-step/totp', {
    cookieHeader,
    body: { name },
  });
  const authenticator = new Authenticator(started.body.secret);
  const confirmed = await apiRequest<{ recoveryCodes: string[] | null }>(
    server.url,
    'POST',
    `/api/me/two-step/totp/${started.body.id}/confirm`,
    { cookieHeader, body: { code: await authenticator.nextCode() } },
  );
  return { authenticator, recoveryCodes: confirmed.body.recoveryCodes ?? [] };
}

/** The sign-in second step's code field (authenticator or recovery code) and its submit button. */
export function secondStep(page: Page, testInfo: TestInfo) {
  const lang = projectLocale(testInfo);
  const root = page.getByTestId('sign-in-second-step');
  return {
    root,
    totpField: root.getByLabel(t(lang, 'twoStep.code.totpLabel'), { exact: true }),
    recoveryField: root.getByLabel(t(lang, 'twoStep.code.recoveryLabel'), { exact: true }),
    submit: root.getByRole('button', { name: t(lang, 'twoStep.signIn.submit'), exact: true }),
    useRecoveryCode: root.getByRole('button', { name: t(lang, 'twoStep.signIn.useRecoveryCode'), exact: true }),
    fieldError: root.locator('.ant-form-item-explain-error'),
  };
}

/** Reads the recovery codes shown once (enrolment or a new set) and ticks "I saved them"; the caller clicks Done. */
export async function saveShownRecoveryCodes(page: Page, testInfo: TestInfo, dialog: Locator): Promise<string[]> {
  const lang = projectLocale(testInfo);
  const list = dialog.getByTestId('recovery-code-list');
  await expect(list.locator('li')).toHaveCount(10);
  const codes = (await list.locator('li').allTextContents()).map((code) => code.trim());
  for (const code of codes) {
    expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  }
  const done = dialog.getByRole('button', { name: t(lang, 'twoStep.codes.done'), exact: true });
  await expect(done).toBeDisabled();
  await dialog.getByRole('checkbox', { name: t(lang, 'twoStep.codes.savedConfirm') }).check();
  await expect(done).toBeEnabled();
  return codes;
}

/** Signs in through the API with password + authenticator code and gives the page that session. */
export async function signInPageWithCode(
  page: Page,
  server: RunningServer,
  email: string,
  password: string,
  authenticator: Authenticator,
): Promise<void> {
  const login = await apiRequest<{ challenge?: string }>(server.url, 'POST', '/api/auth/login', {
    body: { identifier: email, password },
  });
  const challenge = login.body.challenge;
  if (challenge === undefined) {
    throw new Error('signInPageWithCode(): the account has no second factor');
  }
  const session = await apiRequest(server.url, 'POST', '/api/auth/mfa', {
    body: { challenge, method: 'totp', code: await authenticator.nextCode() },
  });
  await page.context().addCookies(session.cookies);
}

/** GET /api/account/recovery with the page's session: until when the last proof of identity still counts. */
export async function reauthenticatedUntil(page: Page, url: string): Promise<string | null> {
  const response = await page.request.get(`${url}/api/account/recovery`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { reauthenticatedUntil: string | null }).reauthenticatedUntil;
}

/** Waits until the last proof of identity no longer counts (the server runs with a step-up window of `seconds`). */
export async function waitUntilStepUpExpires(page: Page, url: string, seconds: number): Promise<void> {
  await expect
    .poll(() => reauthenticatedUntil(page, url), {
      message: 'the last proof of identity no longer counts as recent',
      timeout: (seconds + 20) * 1000,
      intervals: [1000],
    })
    .toBeNull();
}

/** Presses "Remove" on a factor row and confirms in the popconfirm (step-up may follow). */
export async function removeFactor(page: Page, lang: string, row: Locator): Promise<void> {
  await row.getByRole('button', { name: t(lang, 'twoStep.factor.remove') }).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: t(lang, 'twoStep.factor.remove'), exact: true })
    .click();
}
