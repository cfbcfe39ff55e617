// Step-up in the browser: with a 15-second window (STEP_UP_MINUTES=0.25) the sign-in stops counting as recent, so
// adding a backup e-mail from Settings → Recovery first asks "confirm it's you". A wrong password is refused in the
// user's language; the right one lets the same action continue (the code is sent, entered, and the address verified).
import { serverText, signIn } from './support/auth-ui.ts';
import { expect, projectLocale, setupOrg, t, test, useServer } from './support/fixtures.ts';
import { pageShot, settled } from './support/org-flows.ts';
import { codeIn } from './support/recovery-ui.ts';
import { reauthenticatedUntil } from './support/two-step-ui.ts';

const STEP_UP_SECONDS = 15;
const running = useServer({ env: { STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) } });

const owner = {
  orgName: 'Quillfeather Studio',
  name: 'Mira Castellanos',
  email: 'mira@quillfeather.example',
  password: 'lantern orchard 7 whistles past cedar',
};
const backupEmail = 'mira.home@postbox.example';

test('a stale session confirms the password before adding a backup e-mail, then carries on', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const lang = projectLocale(testInfo);
  const server = running();
  await setupOrg(server.url, { ...owner, locale: lang });

  await test.step('right after signing in the session counts as recent; it stops within the window', async () => {
    await signIn(page, testInfo, server.url, owner.email, owner.password, owner.orgName);
    expect(await reauthenticatedUntil(page, server.url)).not.toBeNull();
    await expect
      .poll(() => reauthenticatedUntil(page, server.url), {
        message: 'the sign-in no longer counts as recent',
        timeout: (STEP_UP_SECONDS + 15) * 1000,
        intervals: [1000],
      })
      .toBeNull();
  });

  const noun = t(lang, 'recoverySettings.slotNoun.backupEmail');
  const addDialog = page.getByRole('dialog', { name: t(lang, 'recoverySettings.dialog.addTitle', { name: noun }) });
  // Once the code is sent, the same dialog asks for it under another title.
  const verifyDialog = page.getByRole('dialog', { name: t(lang, 'recoverySettings.dialog.verifyTitle', { name: noun }) });
  const stepUp = page.getByRole('dialog', { name: t(lang, 'stepUp.title') });
  const passwordField = stepUp.getByLabel(t(lang, 'stepUp.password'), { exact: true });

  await test.step('adding a backup e-mail asks to confirm it is you', async () => {
    await page.goto(`${server.url}/settings/recovery`);
    await settled(page);
    await page.getByTestId('backupEmail-add').click();
    await addDialog.getByLabel(t(lang, 'recoverySettings.dialog.addressLabel.email')).fill(backupEmail);
    await addDialog.getByRole('button', { name: t(lang, 'recoverySettings.dialog.sendCode') }).click();
    await expect(stepUp).toBeVisible();
    await expect(stepUp).toContainText(t(lang, 'stepUp.explanation'));
    await expect(passwordField).toHaveAttribute('autocomplete', 'current-password');
    await expect(passwordField).toBeFocused();
    await settled(page);
    await pageShot(page, testInfo, 'recovery-step-up-01-dialog');
  });

  await test.step('a wrong password is refused in the page language and the dialog stays open', async () => {
    await passwordField.fill('not my password at all 123');
    await stepUp.getByRole('button', { name: t(lang, 'stepUp.confirm'), exact: true }).click();
    await expect(stepUp.locator('.ant-form-item-explain-error')).toHaveText(
      serverText(lang, 'errors.current_password_incorrect'),
    );
    await expect(passwordField).toHaveValue('');
    // Nothing was sent while the confirmation was missing.
    expect(server.mails.messages.filter((mail) => mail.to.includes(backupEmail))).toHaveLength(0);
    // The pointer off the button, so the picture shows its resting colour rather than the hover one.
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'recovery-step-up-02-wrong-password');
  });

  await test.step('the right password continues the same action: the code goes out, is entered, verified', async () => {
    const before = server.mails.messages.length;
    await passwordField.fill(owner.password);
    await stepUp.getByRole('button', { name: t(lang, 'stepUp.confirm'), exact: true }).click();
    await expect(stepUp).toBeHidden();
    await expect(verifyDialog.getByTestId('code-destination')).toHaveText(backupEmail);
    const mail = await server.mails.waitForMail(
      (candidate) => server.mails.messages.indexOf(candidate) >= before && candidate.to.includes(backupEmail),
      20_000,
    );
    await verifyDialog
      .getByLabel(t(lang, 'recoverySettings.code.label'), { exact: true })
      .fill(codeIn(lang, 'mail.recoveryCode.p2', mail.text));
    await verifyDialog.getByRole('button', { name: t(lang, 'recoverySettings.code.submit') }).click();
    await expect(verifyDialog).toBeHidden();
    const row = page.getByTestId('channel-backupEmail');
    await expect(row).toContainText(backupEmail);
    await expect(row).toContainText(t(lang, 'recoverySettings.status.verified'));
  });
});
