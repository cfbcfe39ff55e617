// Forgot password by code: the code from the mail typed on /forgot continues into the same reset flow as the link.
import { newBrowserContext, serverText } from './support/auth-ui.ts';
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import {
  codeIn,
  loginStatus,
  recordForeignRequests,
  requestReset,
  setNewPassword,
  setupOrgWithVerifiedEmail,
  waitForTemplateMail,
} from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Maple Court Clinic',
  name: 'Wang Fang',
  email: 'wang.fang@maplecourt.example',
  password: 'tundra ribbon falcon 3308 cedar',
};
const newPassword = 'orchid canyon velvet 6129 harbor';

test('code path: the code from the mail, typed on /forgot, leads to the new password and signs in', async ({
  page,
  browser,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  await setupOrgWithVerifiedEmail(server(), owner, lang);
  // Fake timers (running in real time) so the 60-second "send again" wait can be skipped.
  await page.clock.install();
  const foreign = recordForeignRequests(page, server().url);

  let mailsBefore = server().mails.messages.length;
  await page.goto(`${server().url}/forgot`);
  await requestReset(page, testInfo, owner.email);
  const resend = page.getByTestId('forgot-resend');

  await test.step('"send again" waits a minute, then sends a fresh code', async () => {
    await expect(resend).toBeDisabled();
    await expect(resend).toContainText(/\d+/);
    await shot(page, testInfo, 'recovery-code-01-check-email');
    await page.getByRole('button', { name: t(lang, 'forgot.lostAccess') }).click();
    await expect(page.getByText(t(lang, 'forgot.lostAccessAdmin'), { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-code-01b-lost-access');
    await waitForTemplateMail(server(), lang, 'passwordReset', owner.email, mailsBefore, { orgName: owner.orgName });
    mailsBefore = server().mails.messages.length;
    await page.clock.fastForward(61_000);
    await expect(resend).toBeEnabled();
    await expect(resend).toHaveText(t(lang, 'forgot.resend'));
    await resend.click();
    await expect(page.getByText(t(lang, 'forgot.resent'), { exact: true })).toBeVisible();
    await expect(resend).toBeDisabled();
  });

  const mail = await waitForTemplateMail(server(), lang, 'passwordReset', owner.email, mailsBefore, {
    orgName: owner.orgName,
  });
  const code = codeIn(lang, 'mail.passwordReset.p3', mail.text);
  const codeField = page.getByLabel(t(lang, 'forgot.codeLabelEmail'), { exact: true });
  const continueButton = page.getByRole('button', { name: t(lang, 'forgot.continue'), exact: true });

  await test.step('a wrong code is refused on the field', async () => {
    const wrong = code.slice(0, -1) + String((Number(code.slice(-1)) + 1) % 10);
    await codeField.fill(wrong);
    await continueButton.click();
    await expect(page.locator('.ant-form-item-explain-error')).toHaveText(serverText(lang, 'errors.code_invalid'));
    await expect(codeField).toHaveValue('');
    await shot(page, testInfo, 'recovery-code-02-wrong-code');
  });

  await test.step('the right code continues to the reset page without a token in the address', async () => {
    await codeField.fill(code);
    await continueButton.click();
    await expect(page).toHaveURL(`${server().url}/reset`);
    await expect(page.getByTestId('reset-account')).toHaveText(
      t(lang, 'reset.subtitle', { name: owner.name, orgName: owner.orgName }),
    );
    // Password managers learn which account the new password belongs to.
    await expect(page.locator('input[autocomplete="username"]')).toHaveValue(owner.email);
    await shot(page, testInfo, 'recovery-code-03-reset-form');
    await setNewPassword(page, testInfo, newPassword, owner.orgName);
    await shot(page, testInfo, 'recovery-code-04-signed-in');
    expect(await loginStatus(server().url, owner.email, newPassword)).toBe(200);
  });

  await test.step('an unknown address gets exactly the same page, and its codes never work', async () => {
    const stranger = await newBrowserContext(browser, testInfo);
    try {
      const strangerPage = await stranger.newPage();
      const before = server().mails.messages.length;
      await strangerPage.goto(`${server().url}/forgot`);
      await requestReset(strangerPage, testInfo, 'nobody@maplecourt.example');
      await expect(strangerPage.getByTestId('forgot-sent')).toContainText(
        t(lang, 'forgot.sentEmail', { identifier: 'nobody@maplecourt.example' }),
      );
      await strangerPage.getByLabel(t(lang, 'forgot.codeLabelEmail'), { exact: true }).fill(code);
      await strangerPage.getByRole('button', { name: t(lang, 'forgot.continue'), exact: true }).click();
      await expect(strangerPage.locator('.ant-form-item-explain-error')).toHaveText(
        serverText(lang, 'errors.code_invalid'),
      );
      await shot(strangerPage, testInfo, 'recovery-code-05-unknown-address');
      expect(
        server()
          .mails.messages.slice(before)
          .filter((mail) => mail.to.includes('nobody@maplecourt.example')),
      ).toEqual([]);
    } finally {
      await stranger.close();
    }
  });

  expect(foreign, 'requests to other origins').toEqual([]);
});
