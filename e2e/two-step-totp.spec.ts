// Two-step verification with an authenticator app, in the browser: enrol (QR code + key, first code, recovery codes
// shown once), sign in with password + code, a wrong code, a recovery code, a new set of codes and removing the
// device — the last two behind "confirm it's you" with password + code. Codes are computed from the key on the page.
import { pageAlert, serverText, signIn, signOutFromMenu, submitLogin } from './support/auth-ui.ts';
import { apiRequest, expect, loginApi, projectLocale, setupOrg, t, test, useServer } from './support/fixtures.ts';
import { pageShot, settled } from './support/org-flows.ts';
import {
  Authenticator,
  removeFactor,
  saveShownRecoveryCodes,
  secondStep,
  waitUntilStepUpExpires,
} from './support/two-step-ui.ts';

const STEP_UP_SECONDS = 30;
const running = useServer({ env: { STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) } });

const owner = {
  orgName: 'Lindenhof Bakery',
  name: 'Jonas Becker',
  email: 'jonas@lindenhof.example',
  password: 'copper kettle 81 hums over sleepy meadows',
};

test('enrol an authenticator app, sign in with it or a recovery code, renew the codes and remove it', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const lang = projectLocale(testInfo);
  const server = running();
  await setupOrg(server.url, { ...owner, locale: lang });
  const card = page.getByTestId('totp-card');
  const addDialog = page.getByRole('dialog', { name: t(lang, 'twoStep.totp.addTitle') });
  const stepUp = page.getByRole('dialog', { name: t(lang, 'stepUp.title') });
  let authenticator: Authenticator | undefined;
  let recoveryCodes: string[] = [];

  await test.step('the page explains two-step verification and offers an authenticator app', async () => {
    await signIn(page, testInfo, server.url, owner.email, owner.password, owner.orgName);
    await page.goto(`${server.url}/settings/security`);
    await expect(page.getByTestId('two-step-link-card')).toContainText(t(lang, 'twoStep.status.off'));
    await page.getByTestId('two-step-link-card').getByRole('button').click();
    await expect(page).toHaveURL(/\/settings\/two-step$/);
    await expect(page.getByTestId('two-step-status')).toContainText(t(lang, 'twoStep.status.off'));
    await expect(card).toContainText(t(lang, 'twoStep.totp.none'));
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-01-off');
  });

  await test.step('adding one: a name, then the QR code and the key, then the first code', async () => {
    await page.getByTestId('totp-add').click();
    const nameField = addDialog.getByLabel(t(lang, 'twoStep.totp.nameLabel'), { exact: true });
    await expect(nameField).toHaveValue(t(lang, 'twoStep.totp.defaultName'));
    await nameField.fill('Pixel 8');
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.totp.continue'), exact: true }).click();
    await expect(addDialog.getByTestId('totp-qr')).toBeVisible();
    const secret = (await addDialog.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32,}$/);
    authenticator = new Authenticator(secret);
    const codeField = addDialog.getByLabel(t(lang, 'twoStep.totp.confirmLabel'), { exact: true });
    await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(codeField).toHaveAttribute('inputmode', 'numeric');
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-02-scan');
    await codeField.fill(authenticator.staleCode());
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.totp.confirm'), exact: true }).click();
    await expect(addDialog.locator('.ant-form-item-explain-error')).toHaveText(
      serverText(lang, 'errors.mfa_code_invalid'),
    );
    await codeField.fill(await authenticator.nextCode());
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.totp.confirm'), exact: true }).click();
  });

  await test.step('the recovery codes are shown once; "I saved them" closes the dialog', async () => {
    recoveryCodes = await saveShownRecoveryCodes(page, testInfo, addDialog);
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-03-recovery-codes');
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.codes.done'), exact: true }).click();
    await expect(addDialog).toBeHidden();
    await expect(page.getByTestId('two-step-status')).toContainText(t(lang, 'twoStep.status.on'));
    await expect(page.getByTestId('totp-factor-name')).toHaveText('Pixel 8');
    await expect(page.getByTestId('recovery-codes-remaining')).toHaveText(
      t(lang, 'twoStep.codes.remaining', { count: 10, total: 10 }),
    );
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-04-on');
  });

  const current = (): Authenticator => {
    if (authenticator === undefined) {
      throw new Error('no authenticator enrolled');
    }
    return authenticator;
  };
  const step = secondStep(page, testInfo);

  await test.step('signing in asks for a code after the password; a wrong one is refused', async () => {
    await signOutFromMenu(page, testInfo);
    expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(200);
    await expect(step.root).toBeVisible();
    await expect(step.totpField).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(step.totpField).toHaveAttribute('inputmode', 'numeric');
    await expect(step.totpField).toBeFocused();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-05-second-step');
    await step.totpField.fill(current().staleCode());
    await step.submit.click();
    await expect(step.fieldError).toHaveText(serverText(lang, 'errors.mfa_code_invalid'));
    await expect(step.totpField).toHaveValue('');
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-06-wrong-code');
  });

  await test.step('a sign-in attempt that is no longer valid goes back to the password, saying why', async () => {
    // As if the five minutes had passed: the server gets a challenge it does not know.
    await page.route('**/api/auth/mfa', async (route) => {
      const body = route.request().postDataJSON() as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, challenge: 'x'.repeat(43) }) });
    });
    await step.totpField.fill(current().staleCode());
    // The route stays until the altered request has been answered: on a busy machine the click's request can leave
    // after an unroute placed right behind the click.
    const answered = page.waitForResponse('**/api/auth/mfa');
    await step.submit.click();
    await answered;
    await page.unroute('**/api/auth/mfa');
    await expect(pageAlert(page)).toHaveText(serverText(lang, 'errors.mfa_challenge_invalid'));
    await expect(page.getByLabel(t(lang, 'login.password'), { exact: true })).toHaveValue('');
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-06b-start-again');
    expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(200);
    await expect(step.root).toBeVisible();
  });

  await test.step('the right code signs in', async () => {
    await step.totpField.fill(await current().nextCode());
    await step.submit.click();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  });

  await test.step('a recovery code signs in too, and the app suggests replacing the device', async () => {
    await signOutFromMenu(page, testInfo);
    expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(200);
    await step.useRecoveryCode.click();
    await expect(step.recoveryField).toBeFocused();
    await step.recoveryField.fill(recoveryCodes[0]?.toUpperCase() ?? '');
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-07-recovery-code');
    await step.submit.click();
    await expect(page).toHaveURL(/\/settings\/two-step$/);
    await expect(page.getByTestId('two-step-after-recovery-code')).toBeVisible();
    await expect(page.getByTestId('recovery-codes-remaining')).toHaveText(
      t(lang, 'twoStep.codes.remaining', { count: 9, total: 10 }),
    );
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-08-after-recovery-code');
  });

  await test.step('a used recovery code does not work again', async () => {
    const login = await loginApi(server.url, { identifier: owner.email, password: owner.password });
    const challenge = (login.body as { challenge: string }).challenge;
    const again = await apiRequest(server.url, 'POST', '/api/auth/mfa', {
      body: { challenge, method: 'recovery_code', code: recoveryCodes[0] },
      allowError: true,
    });
    expect(again.status).toBe(401);
  });

  await test.step('new recovery codes need password + code; the new set replaces the old one', async () => {
    await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
    await page.getByTestId('recovery-codes-regenerate').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: t(lang, 'twoStep.codes.regenerate'), exact: true })
      .click();
    await expect(stepUp).toBeVisible();
    await expect(stepUp).toContainText(t(lang, 'stepUp.explanationWithFactor'));
    await stepUp.getByLabel(t(lang, 'stepUp.password'), { exact: true }).fill(owner.password);
    const stepUpCode = stepUp.getByLabel(t(lang, 'twoStep.code.totpLabel'), { exact: true });
    await stepUpCode.fill(current().staleCode());
    await stepUp.getByRole('button', { name: t(lang, 'stepUp.confirm'), exact: true }).click();
    await expect(stepUp.locator('.ant-form-item-explain-error')).toHaveText(
      serverText(lang, 'errors.mfa_code_invalid'),
    );
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-09-step-up');
    await stepUp.getByLabel(t(lang, 'stepUp.password'), { exact: true }).fill(owner.password);
    await stepUpCode.fill(await current().nextCode());
    await stepUp.getByRole('button', { name: t(lang, 'stepUp.confirm'), exact: true }).click();
    const codesDialog = page.getByRole('dialog', { name: t(lang, 'twoStep.codes.newTitle') });
    const fresh = await saveShownRecoveryCodes(page, testInfo, codesDialog);
    expect(fresh).not.toContain(recoveryCodes[1]);
    await codesDialog.getByRole('button', { name: t(lang, 'twoStep.codes.done'), exact: true }).click();
    await expect(page.getByTestId('recovery-codes-remaining')).toHaveText(
      t(lang, 'twoStep.codes.remaining', { count: 10, total: 10 }),
    );
    const login = await loginApi(server.url, { identifier: owner.email, password: owner.password });
    const old = await apiRequest(server.url, 'POST', '/api/auth/mfa', {
      body: {
        challenge: (login.body as { challenge: string }).challenge,
        method: 'recovery_code',
        code: recoveryCodes[1],
      },
      allowError: true,
    });
    expect(old.status).toBe(401);
    recoveryCodes = fresh;
  });

  await test.step('removing the device asks again (here with a recovery code) and turns two-step off', async () => {
    await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
    await removeFactor(page, lang, page.getByTestId('totp-factor'));
    await expect(stepUp).toBeVisible();
    await stepUp.getByRole('button', { name: t(lang, 'twoStep.signIn.useRecoveryCode'), exact: true }).click();
    await stepUp.getByLabel(t(lang, 'stepUp.password'), { exact: true }).fill(owner.password);
    await stepUp.getByLabel(t(lang, 'twoStep.code.recoveryLabel'), { exact: true }).fill(recoveryCodes[0] ?? '');
    await settled(page);
    await pageShot(page, testInfo, 'two-step-totp-10-step-up-recovery-code');
    await stepUp.getByRole('button', { name: t(lang, 'stepUp.confirm'), exact: true }).click();
    await expect(stepUp).toBeHidden();
    await expect(page.getByTestId('two-step-status')).toContainText(t(lang, 'twoStep.status.off'));
    await expect(card).toContainText(t(lang, 'twoStep.totp.none'));
    // Without a factor the codes would back up nothing: the server deletes them with the last device.
    await expect(page.getByTestId('recovery-codes-card')).toHaveCount(0);
    const login = await loginApi(server.url, { identifier: owner.email, password: owner.password });
    expect((login.body as { mfaRequired?: boolean }).mfaRequired).toBeUndefined();
  });
});
