// MF-12, passkey-based recovery: someone who forgot the password but holds a passkey opens "Forgot password?", signs in
// with the passkey (user verification by the simulated authenticator) and sets a new password without the old one —
// no e-mail round trip. A notice is mailed, other sessions end, and the new password then works at the sign-in page.
// The server runs at http://localhost: WebAuthn refuses an IP address as the site (relying party) ID.
import { serverText, signIn, submitLogin } from './support/auth-ui.ts';
import { expect, projectLocale, setupOrg, t, test, useServer } from './support/fixtures.ts';
import { pageShot, settled } from './support/org-flows.ts';
import { loginStatus, waitForTemplateMail } from './support/recovery-ui.ts';
import { saveShownRecoveryCodes } from './support/two-step-ui.ts';
import { addVirtualAuthenticator, signOutWithoutSuggestions } from './support/virtual-authenticator.ts';

const running = useServer({ host: 'localhost' });

const owner = {
  orgName: 'Juniper Ridge Outfitters',
  name: 'Tomás Alvarez',
  email: 'tomas@juniperridge.example',
  password: 'amber canyon 4471 echoes past the mesa',
};
const newPassword = 'cobalt heron 9085 skims the mill pond';

test('forgot password, but holding a passkey: sign in with it and set a new password without the old one', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const lang = projectLocale(testInfo);
  const server = running();
  await setupOrg(server.url, { ...owner, locale: lang });
  const authenticator = await addVirtualAuthenticator(page, { synced: true });
  const changeCard = page.locator('.ant-card').filter({
    has: page.getByText(t(lang, 'security.changePassword.title'), { exact: true }),
  });
  const currentField = changeCard.getByLabel(t(lang, 'security.changePassword.current'), { exact: true });

  await test.step('a passkey is registered while signed in with the password', async () => {
    await signIn(page, testInfo, server.url, owner.email, owner.password, owner.orgName);
    await page.goto(`${server.url}/settings/two-step`);
    await page.getByTestId('passkey-add').click();
    const addDialog = page.getByRole('dialog', { name: t(lang, 'passkeys.add.title') });
    await addDialog.getByLabel(t(lang, 'passkeys.nameLabel'), { exact: true }).fill('Work laptop');
    await addDialog.getByRole('button', { name: t(lang, 'passkeys.add.create'), exact: true }).click();
    await saveShownRecoveryCodes(page, testInfo, addDialog);
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.codes.done'), exact: true }).click();
    await expect(addDialog).toBeHidden();
    await expect(page.getByTestId('passkeys-card').getByTestId('passkey-factor-name')).toHaveText('Work laptop');
    // Signed in with the password: the change-password form asks for the current one.
    await page.goto(`${server.url}/settings/security`);
    await expect(currentField).toBeVisible();
    await expect(page.getByTestId('passkey-verified-note')).toHaveCount(0);
  });

  await test.step('"Forgot password?" offers the passkey next to the e-mail', async () => {
    await signOutWithoutSuggestions(page, testInfo);
    await page.getByRole('link', { name: t(lang, 'login.forgot'), exact: true }).click();
    await expect(page).toHaveURL(/\/forgot$/);
    const hint = page.getByTestId('passkey-recovery');
    await expect(hint).toContainText(t(lang, 'forgot.passkey.title'));
    await expect(hint).toContainText(t(lang, 'forgot.passkey.text'));
    await expect(page.locator('.ant-message-notice')).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-recovery-01-forgot');
  });

  const mailsBefore = server.mails.messages.length;
  await test.step('the passkey signs in and lands on the form, which needs no old password now', async () => {
    await page
      .getByTestId('passkey-recovery')
      .getByRole('button', { name: t(lang, 'forgot.passkey.button') })
      .click();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
    await expect(page).toHaveURL(/\/settings\/security$/);
    const note = page.getByTestId('passkey-verified-note');
    await expect(note).toContainText(t(lang, 'security.changePassword.passkeyVerified'));
    await expect(currentField).toHaveCount(0);
    await expect(page.locator('.ant-message-notice')).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-recovery-02-form');
  });

  await test.step('a new password without the old one: saved, other sessions ended, a notice mailed', async () => {
    await changeCard.getByLabel(t(lang, 'password.new'), { exact: true }).fill(newPassword);
    await changeCard.getByLabel(t(lang, 'password.confirm'), { exact: true }).fill(newPassword);
    await changeCard.getByRole('button', { name: t(lang, 'security.changePassword.submit'), exact: true }).click();
    await expect(changeCard.getByRole('status')).toContainText(t(lang, 'security.changePassword.success'));
    await expect(changeCard.getByRole('status')).toContainText(t(lang, 'security.changePassword.otherSessionsEnded'));
    // The proof was used up with the change: the form asks for the current password again.
    await expect(currentField).toBeVisible();
    const mail = await waitForTemplateMail(server, lang, 'passwordChangedWithPasskey', owner.email, mailsBefore);
    expect(mail.text).toContain(serverText(lang, 'mail.passwordChangedWithPasskey.p3'));
    expect(mail.text).not.toContain(newPassword);
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-recovery-03-changed');
  });

  await test.step('signed out, the new password signs in (the passkey stays the second step)', async () => {
    // The old password through the API: a refused attempt on the page would restart its passkey suggestions, which
    // the simulated authenticator answers at once.
    expect(await loginStatus(server.url, owner.email, owner.password)).toBe(401);
    await signOutWithoutSuggestions(page, testInfo);
    expect(await submitLogin(page, testInfo, owner.email, newPassword)).toBe(200);
    const usePasskey = page
      .getByTestId('sign-in-second-step')
      .getByRole('button', { name: t(lang, 'passkeys.secondStep.button'), exact: true });
    await usePasskey.click();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  });

  await test.step('MF-11: the passkey stops being backed up (BS 1→0): a prompt until dismissed', async () => {
    const [held] = await authenticator.credentials();
    await authenticator.setBackupState(held?.credentialId ?? '', false);
    await signOutWithoutSuggestions(page, testInfo);
    expect(await submitLogin(page, testInfo, owner.email, newPassword)).toBe(200);
    await page
      .getByTestId('sign-in-second-step')
      .getByRole('button', { name: t(lang, 'passkeys.secondStep.button'), exact: true })
      .click();
    const banner = page.getByTestId('passkey-backup-banner');
    await expect(banner).toContainText(t(lang, 'twoStep.backupLost.banner_one', { names: '“Work laptop”' }));
    await expect(page.locator('.ant-message-notice')).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-passkey-recovery-04-backup-lost');
    await banner.getByRole('button', { name: t(lang, 'twoStep.backupLost.dismiss'), exact: true }).click();
    await expect(banner).toHaveCount(0);
    // Dismissed on the server, not only hidden: the session no longer lists the passkey.
    const session = await page.request.get(`${server.url}/api/auth/session`);
    expect(
      ((await session.json()) as { twoStep: { backupLostPasskeys: unknown[] } }).twoStep.backupLostPasskeys,
    ).toEqual([]);
  });
});
