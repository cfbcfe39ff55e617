// Forgot password by e-mail link: sign-in page → /forgot → mail from the SMTP sink → link → new password → signed in.
import { loginForm, serverText } from './support/auth-ui.ts';
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import {
  codeIn,
  linkIn,
  loginStatus,
  recordForeignRequests,
  requestReset,
  setNewPassword,
  setupOrgWithVerifiedEmail,
  waitForTemplateMail,
} from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Harbour Lane Logistics',
  name: 'Lin Yue',
  email: 'lin.yue@harbourlane.example',
  password: 'copper meadow cobalt 4417 sparrow',
};
const newPassword = 'lantern pebble quartz 9052 willow';

test('e-mail link: forgot → mail → link → new password → signed in; the link works once', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  await setupOrgWithVerifiedEmail(server(), owner, lang);
  const foreign = recordForeignRequests(page, server().url);

  await test.step('the sign-in page says where genuine links come from and leads to /forgot', async () => {
    await page.goto(`${server().url}/login`);
    await expect(page.getByTestId('link-origin')).toHaveText(new URL(server().url).origin);
    await expect(page.getByRole('link', { name: t(lang, 'login.unlock'), exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-link-01-sign-in');
    await page.getByRole('link', { name: t(lang, 'login.forgot'), exact: true }).click();
    await expect(page).toHaveURL(/\/forgot$/);
    await expect(page.getByRole('heading', { name: t(lang, 'forgot.title'), exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-link-02-forgot');
  });

  const mailsBefore = server().mails.messages.length;
  await test.step('sending shows the neutral "check your e-mail" page with the link origin', async () => {
    await requestReset(page, testInfo, owner.email);
    await expect(page.getByRole('heading', { name: t(lang, 'forgot.checkEmailTitle'), exact: true })).toBeVisible();
    await expect(page.getByTestId('forgot-sent')).toContainText(
      t(lang, 'forgot.sentEmail', { identifier: owner.email }),
    );
    await expect(page.getByTestId('link-origin')).toHaveText(new URL(server().url).origin);
    const code = page.getByLabel(t(lang, 'forgot.codeLabelEmail'), { exact: true });
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await shot(page, testInfo, 'recovery-link-03-check-email');
  });

  const mail = await waitForTemplateMail(server(), lang, 'passwordReset', owner.email, mailsBefore, {
    orgName: owner.orgName,
  });
  const link = linkIn(mail.text, '/reset#token=');
  await test.step('the mail has a link under PUBLIC_URL and a code, and no password', async () => {
    expect(link.startsWith(`${server().url}/reset#token=`)).toBe(true);
    expect(codeIn(lang, 'mail.passwordReset.p3', mail.text)).toMatch(/^\d{6,8}$/);
    expect(mail.text).not.toContain(owner.password);
  });

  await test.step('opening the link drops the token from the address bar and shows whose password it is', async () => {
    await page.goto(link);
    await expect(page).toHaveURL(`${server().url}/reset`);
    await expect(page.getByTestId('reset-account')).toHaveText(
      t(lang, 'reset.subtitle', { name: owner.name, orgName: owner.orgName }),
    );
    await page.getByLabel(t(lang, 'password.new'), { exact: true }).fill('harbour123');
    const meter = page.getByTestId('strength-meter');
    await expect(meter.getByText(t(lang, 'password.problem.context_word'), { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-link-04-reset-form');
  });

  await test.step('the new password signs the user in', async () => {
    await setNewPassword(page, testInfo, newPassword, owner.orgName);
    await shot(page, testInfo, 'recovery-link-05-signed-in');
    expect(await loginStatus(server().url, owner.email, newPassword)).toBe(200);
    expect(await loginStatus(server().url, owner.email, owner.password)).toBe(401);
  });

  await test.step('the same link again says it was used and offers a new one', async () => {
    const again = await page.context().newPage();
    await again.goto(link);
    await expect(again.getByTestId('link-problem')).toContainText(t(lang, 'reset.reason.used'));
    await expect(again).toHaveURL(`${server().url}/reset`);
    await shot(again, testInfo, 'recovery-link-06-link-used');
    await again.getByRole('button', { name: t(lang, 'reset.sendNewLink') }).click();
    await expect(again).toHaveURL(/\/forgot$/);
    await again.close();
  });

  await test.step('a link with a made-up token is refused clearly', async () => {
    await page.context().clearCookies();
    await page.goto(`${server().url}/reset#token=${'x'.repeat(43)}`);
    await expect(page.getByTestId('link-problem')).toContainText(t(lang, 'reset.reason.invalid'));
    await page.goto(`${server().url}/login`);
    await expect(loginForm(page, testInfo).submit).toBeVisible();
  });

  expect(serverText(lang, 'mail.passwordReset.subject', { orgName: owner.orgName })).toBe(mail.subject);
  expect(foreign, 'requests to other origins').toEqual([]);
});
