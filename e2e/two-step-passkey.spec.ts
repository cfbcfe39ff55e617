// Passkeys in the browser, with an authenticator simulated by Chromium: add one (behind "confirm it's you" with the
// password), recovery codes shown once, rename, use it as the second step after the password, sign in with it alone,
// prove a password reset with it, confirm a change with it, remove it — after which the browser still holds it but the
// server refuses it.
// The server runs at http://localhost: WebAuthn refuses an IP address as the site (relying party) ID.
import type { Page } from '@playwright/test';
import { serverText, signIn, signOutFromMenu, submitLogin } from './support/auth-ui.ts';
import { expect, projectLocale, t, test, useServer } from './support/fixtures.ts';
import { pageShot, settled } from './support/org-flows.ts';
import { linkIn, requestResetMail, setupOrgWithVerifiedEmail } from './support/recovery-ui.ts';
import { saveShownRecoveryCodes, waitUntilStepUpExpires } from './support/two-step-ui.ts';
import { addVirtualAuthenticator, signOutWithoutSuggestions } from './support/virtual-authenticator.ts';

const STEP_UP_SECONDS = 30;
const running = useServer({ host: 'localhost', env: { STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) } });

const owner = {
  orgName: 'Harbour Lights Print Shop',
  name: 'Maren Olsen',
  email: 'maren@harbourlights.example',
  password: 'silver gull 3307 circles the quiet pier',
};
const newPassword = 'copper lantern 6142 hums over low tide';

/** Delays the sign-in page's next passkey suggestions until the returned function is called. */
async function holdSuggestions(page: Page): Promise<() => void> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    '**/api/auth/passkey/options',
    async (route) => {
      await released;
      await route.continue();
    },
    { times: 1 },
  );
  return release;
}

/** Statuses of every password-less sign-in (POST /api/auth/passkey) from now on. */
function recordPasskeySignIns(page: Page): number[] {
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('/api/auth/passkey') && response.request().method() === 'POST') {
      statuses.push(response.status());
    }
  });
  return statuses;
}

test('add a passkey, use it after the password and instead of it, confirm a change with it and remove it', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const lang = projectLocale(testInfo);
  const server = running();
  // A verified address, so that a forgotten password can be reset later on.
  await setupOrgWithVerifiedEmail(server, owner, lang);
  const authenticator = await addVirtualAuthenticator(page);
  const card = page.getByTestId('passkeys-card');
  const addDialog = page.getByRole('dialog', { name: t(lang, 'passkeys.add.title') });
  const stepUp = page.getByRole('dialog', { name: t(lang, 'stepUp.title') });
  const passkeySignIn = page.getByRole('button', { name: t(lang, 'passkeys.signIn.button'), exact: true });

  await test.step('the sign-in page offers passkeys next to the password', async () => {
    await page.goto(`${server.url}/login`);
    await expect(page.getByLabel(t(lang, 'login.identifier'), { exact: true })).toHaveAttribute(
      'autocomplete',
      'username webauthn',
    );
    await expect(passkeySignIn).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-01-sign-in');
  });

  await test.step('the two-step page lists no passkey yet', async () => {
    await signIn(page, testInfo, server.url, owner.email, owner.password, owner.orgName);
    await page.goto(`${server.url}/settings/two-step`);
    await expect(card).toContainText(t(lang, 'passkeys.card.none'));
    await expect(page.getByTestId('two-step-status')).toContainText(t(lang, 'twoStep.status.off'));
  });

  await test.step('adding one: a name suggested from the browser, then the password, then the passkey', async () => {
    // Long enough after signing in that the server asks for the password again.
    await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
    await page.getByTestId('passkey-add').click();
    const nameField = addDialog.getByLabel(t(lang, 'passkeys.nameLabel'), { exact: true });
    await expect(nameField).toHaveValue(t(lang, 'passkeys.defaultName', { browser: 'Chrome', os: 'Linux' }));
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-02-add');
    await nameField.fill('ThinkPad');
    await addDialog.getByRole('button', { name: t(lang, 'passkeys.add.create'), exact: true }).click();
    await expect(stepUp).toBeVisible();
    await expect(stepUp).toContainText(t(lang, 'stepUp.explanation'));
    await stepUp.getByLabel(t(lang, 'stepUp.password'), { exact: true }).fill(owner.password);
    await stepUp.getByRole('button', { name: t(lang, 'stepUp.confirm'), exact: true }).click();
    await expect(stepUp).toBeHidden();
  });

  await test.step('the first passkey turns two-step on; its recovery codes are shown once', async () => {
    await saveShownRecoveryCodes(page, testInfo, addDialog);
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-03-recovery-codes');
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.codes.done'), exact: true }).click();
    await expect(addDialog).toBeHidden();
    await expect(page.getByTestId('two-step-status')).toContainText(t(lang, 'twoStep.status.on'));
    await expect(card.getByTestId('passkey-factor-name')).toHaveText('ThinkPad');
    await expect(card.getByTestId('passkey-single-device')).toHaveText(t(lang, 'passkeys.card.singleDevice'));
    // One passkey on one device is the only factor: the page suggests a second way in.
    await expect(card.getByTestId('passkeys-backup-hint')).toContainText(t(lang, 'passkeys.card.backupHintOne'));
    await expect(page.getByTestId('recovery-codes-remaining')).toHaveText(
      t(lang, 'twoStep.codes.remaining', { count: 10, total: 10 }),
    );
    const held = await authenticator.credentials();
    expect(held).toHaveLength(1);
    expect(held[0]?.rpId).toBe('localhost');
    expect(held[0]?.isResidentCredential).toBe(true);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-04-listed');
  });

  await test.step('the same authenticator cannot hold a second passkey for the account', async () => {
    await page.getByTestId('passkey-add').click();
    await addDialog.getByRole('button', { name: t(lang, 'passkeys.add.create'), exact: true }).click();
    await expect(addDialog.getByTestId('passkey-add-problem')).toHaveText(
      t(lang, 'passkeys.problem.alreadyRegistered'),
    );
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-05-already-registered');
    await addDialog.getByRole('button', { name: t(lang, 'common.cancel'), exact: true }).click();
    await expect(addDialog).toBeHidden();
    expect(await authenticator.credentials()).toHaveLength(1);
  });

  await test.step('renaming it', async () => {
    await card.getByRole('button', { name: t(lang, 'twoStep.factor.rename'), exact: true }).click();
    const renameDialog = page.getByRole('dialog', { name: t(lang, 'twoStep.factor.renameTitle') });
    await renameDialog.getByLabel(t(lang, 'passkeys.nameLabel'), { exact: true }).fill('Office ThinkPad');
    await renameDialog.getByRole('button', { name: t(lang, 'twoStep.factor.save'), exact: true }).click();
    await expect(renameDialog).toBeHidden();
    await expect(card.getByTestId('passkey-factor-name')).toHaveText('Office ThinkPad');
  });

  await test.step('after the password, the second step offers the passkey first', async () => {
    await signOutWithoutSuggestions(page, testInfo);
    expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(200);
    const secondStep = page.getByTestId('sign-in-second-step');
    const usePasskey = secondStep.getByRole('button', { name: t(lang, 'passkeys.secondStep.button'), exact: true });
    await expect(usePasskey).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-06-second-step');
    await usePasskey.click();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  });

  await test.step('"Sign in with a passkey" needs neither the address nor the password', async () => {
    await signOutWithoutSuggestions(page, testInfo);
    await passkeySignIn.click();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  });

  await test.step("the browser's passkey suggestion in the identifier field signs in too", async () => {
    // The simulated authenticator picks the suggestion at once, where a person would choose it from the field's list.
    const passkeySignIns = recordPasskeySignIns(page);
    // Held back until the sign-out has arrived at the sign-in page, which would otherwise be gone again too soon.
    const release = await holdSuggestions(page);
    await signOutFromMenu(page, testInfo);
    release();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
    await expect.poll(() => passkeySignIns).toEqual([200]);
    await page.goto(`${server.url}/settings/two-step`);
    await expect(card.getByTestId('passkey-factor')).toContainText(
      t(lang, 'twoStep.factor.lastUsed', { time: '' }).trim(),
    );
  });

  await test.step('a forgotten password: after the mailed link, the passkey proves it is the owner', async () => {
    await signOutWithoutSuggestions(page, testInfo);
    await page.goto(`${server.url}/forgot`);
    const mail = await requestResetMail(server, page, testInfo, owner.email, owner.orgName);
    await page.goto(linkIn(mail.text, '/reset#token='));
    const options = page.getByTestId('reset-second-factor');
    await expect(options.getByRole('button', { name: t(lang, 'twoStep.reset.useRecoveryCode') })).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-07-reset-second-check');
    await options.getByRole('button', { name: t(lang, 'passkeys.reset.use'), exact: true }).click();
    await expect(page.getByText(t(lang, 'passkeys.reset.passwordThenPasskey'), { exact: true })).toBeVisible();
    await page.getByLabel(t(lang, 'password.new'), { exact: true }).fill(newPassword);
    await page.getByLabel(t(lang, 'password.confirm'), { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: t(lang, 'passkeys.reset.submit'), exact: true }).click();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  });

  await test.step('removing it asks to confirm, and the passkey itself is enough', async () => {
    await page.goto(`${server.url}/settings/two-step`);
    await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
    await card.getByRole('button', { name: t(lang, 'twoStep.factor.remove'), exact: true }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: t(lang, 'twoStep.factor.remove'), exact: true })
      .click();
    await expect(stepUp).toBeVisible();
    await expect(stepUp).toContainText(t(lang, 'stepUp.explanationWithPasskey'));
    const usePasskey = stepUp.getByRole('button', { name: t(lang, 'passkeys.stepUp.button'), exact: true });
    await expect(usePasskey).toBeFocused();
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-08-step-up');
    await usePasskey.click();
    await expect(stepUp).toBeHidden();
    await expect(card).toContainText(t(lang, 'passkeys.card.none'));
    await expect(page.getByTestId('two-step-status')).toContainText(t(lang, 'twoStep.status.off'));
    await expect(page.getByTestId('recovery-codes-card')).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-09-removed');
  });

  await test.step('the browser still holds the removed passkey, but signing in with it is refused', async () => {
    expect(await authenticator.credentials()).toHaveLength(1);
    const passkeySignIns = recordPasskeySignIns(page);
    // Through the identifier field's suggestion first, then through the button.
    await signOutFromMenu(page, testInfo);
    const refusal = page.getByTestId('passkey-sign-in').getByRole('alert');
    await expect(refusal).toHaveText(serverText(lang, 'errors.passkey_sign_in_failed'));
    await passkeySignIn.click();
    await expect.poll(() => passkeySignIns).toEqual([401, 401]);
    await expect(refusal).toHaveText(serverText(lang, 'errors.passkey_sign_in_failed'));
    await expect(page).toHaveURL(/\/login$/);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-10-refused');
  });
});
