// Forgot password on an account with an authenticator app: the mailed link alone is not enough. The second check
// offers the authenticator code (or a recovery code); it is typed with the new password, a wrong one is refused on
// its field, and the right one sets the password and signs in.
import { serverText } from './support/auth-ui.ts';
import { expect, projectLocale, t, test, useServer } from './support/fixtures.ts';
import { pageShot, settled } from './support/org-flows.ts';
import { linkIn, requestResetMail, setupOrgWithVerifiedEmail } from './support/recovery-ui.ts';
import { enrolTotpViaApi } from './support/two-step-ui.ts';

const running = useServer();

const owner = {
  orgName: 'Qingshan Tea House',
  name: 'Chen Jing',
  email: 'chen.jing@qingshan.example',
  password: 'bamboo lantern 4471 drifts over river',
};
const newPassword = 'granite heron 5820 sings beneath willows';

test('a reset on an account with an authenticator app asks for its code with the new password', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const server = running();
  const setup = await setupOrgWithVerifiedEmail(server, owner, lang);
  const { authenticator } = await enrolTotpViaApi(server, setup.cookieHeader, 'iPhone');

  await test.step('the link leads to the second check, which offers the authenticator app first', async () => {
    await page.goto(`${server.url}/forgot`);
    const mail = await requestResetMail(server, page, testInfo, owner.email, owner.orgName);
    await page.goto(linkIn(mail.text, '/reset#token='));
    const options = page.getByTestId('reset-second-factor');
    await expect(options).toBeVisible();
    await expect(options.getByRole('button', { name: t(lang, 'twoStep.reset.useRecoveryCode') })).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-reset-01-second-check');
    await options.getByRole('button', { name: t(lang, 'twoStep.reset.useTotp') }).click();
  });

  const codeField = page.getByLabel(t(lang, 'twoStep.reset.totpLabel'), { exact: true });

  await test.step('a wrong code is refused on its field; the new password stays', async () => {
    await page.getByLabel(t(lang, 'password.new'), { exact: true }).fill(newPassword);
    await page.getByLabel(t(lang, 'password.confirm'), { exact: true }).fill(newPassword);
    await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
    await codeField.fill(authenticator.staleCode());
    await page.getByRole('button', { name: t(lang, 'reset.submit'), exact: true }).click();
    await expect(page.getByTestId('reset-factor-code').locator('.ant-form-item-explain-error')).toHaveText(
      serverText(lang, 'errors.mfa_code_invalid'),
    );
    await expect(codeField).toHaveValue('');
    await expect(page.getByLabel(t(lang, 'password.new'), { exact: true })).toHaveValue(newPassword);
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-reset-02-wrong-code');
  });

  await test.step('the right code sets the password and signs in', async () => {
    await codeField.fill(await authenticator.nextCode());
    await page.getByRole('button', { name: t(lang, 'reset.submit'), exact: true }).click();
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  });
});
