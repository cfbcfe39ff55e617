// Settings → Account security → Change password: policy reasons, wrong current password, success,
// other sessions signed out, the notification mail, and signing in with the new password.
import { newBrowserContext, pageAlert, serverText, signIn, submitLogin } from './support/auth-ui.ts';
import { expect, projectLocale, setupOrg, shot, t, test, useServer } from './support/fixtures.ts';

const server = useServer();

const owner = {
  orgName: 'Silverline Dental',
  name: 'Chen Jing',
  email: 'chen.jing@silverline.example',
  password: 'violet harbour compass 5520 maple',
};
const newPassword = 'granite lullaby orbit 7731 fennel';

test('change password: reasons, wrong current password, success, sessions and mail', async ({
  page,
  browser,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  await setupOrg(server().url, { ...owner, locale: lang });

  // A second browser signed in as the same owner; it must be signed out by the change.
  const other = await newBrowserContext(browser, testInfo);
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, testInfo, server().url, owner.email, owner.password, owner.orgName);
    await signIn(page, testInfo, server().url, owner.email, owner.password, owner.orgName);

    const card = page.locator('.ant-card').filter({
      has: page.getByText(t(lang, 'security.changePassword.title'), { exact: true }),
    });
    const current = card.getByLabel(t(lang, 'security.changePassword.current'), { exact: true });
    const fresh = card.getByLabel(t(lang, 'password.new'), { exact: true });
    const confirm = card.getByLabel(t(lang, 'password.confirm'), { exact: true });
    const submit = card.getByRole('button', { name: t(lang, 'security.changePassword.submit'), exact: true });
    const fieldErrors = card.locator('.ant-form-item-explain-error');

    await test.step('the form is reachable from the account menu and suits password managers', async () => {
      await page.getByRole('button', { name: t(lang, 'shell.userMenu') }).click();
      await page.getByRole('menuitem', { name: t(lang, 'shell.accountSecurity') }).click();
      await expect(page).toHaveURL(/\/settings\/security$/);
      await expect(page.getByRole('heading', { name: t(lang, 'security.title'), exact: true })).toBeVisible();
      await expect(current).toHaveAttribute('autocomplete', 'current-password');
      await expect(fresh).toHaveAttribute('autocomplete', 'new-password');
      await expect(confirm).toHaveAttribute('autocomplete', 'new-password');
      // Password managers learn which account the new password belongs to.
      await expect(card.locator('input[autocomplete="username"]')).toHaveValue(owner.email);
      await shot(page, testInfo, 'password-change-form');
    });

    await test.step('a weak new password shows the strength meter and the server refuses it', async () => {
      await current.fill(owner.password);
      await fresh.fill('password123');
      await confirm.fill('password123');
      const meter = card.getByTestId('strength-meter');
      await expect(meter.getByText(t(lang, 'password.problem.too_short', { min: 15 }))).toBeVisible();
      await expect(meter.getByRole('meter')).toHaveAttribute('aria-valuenow', '0');
      await submit.click();
      await expect(
        fieldErrors.filter({ hasText: serverText(lang, 'errors.password_problem.too_short', { min: 15 }) }),
      ).toBeVisible();
      await expect(fieldErrors.filter({ hasText: serverText(lang, 'errors.password_problem.common') })).toBeVisible();
      await shot(page, testInfo, 'password-change-weak');
    });

    await test.step('a wrong current password is reported on its field', async () => {
      await current.fill('not my current password');
      await fresh.fill(newPassword);
      await confirm.fill(newPassword);
      await expect(card.getByTestId('strength-meter').getByRole('listitem')).toHaveCount(0);
      await submit.click();
      await expect(
        fieldErrors.filter({ hasText: serverText(lang, 'errors.current_password_incorrect') }),
      ).toBeVisible();
      await expect(current).toHaveValue('');
      // Still signed in: a wrong current password is a form error, not an ended session.
      await expect(page).toHaveURL(/\/settings\/security$/);
      await shot(page, testInfo, 'password-change-wrong-current');
    });

    await test.step('the right current password changes it', async () => {
      await current.fill(owner.password);
      await submit.click();
      const success = card.getByRole('status');
      await expect(success).toContainText(t(lang, 'security.changePassword.success'));
      await expect(success).toContainText(t(lang, 'security.changePassword.otherSessionsEnded'));
      await expect(current).toHaveValue('');
      await expect(fresh).toHaveValue('');
      await shot(page, testInfo, 'password-change-success');
      // This browser stays signed in.
      await page.reload();
      await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
    });

    await test.step('the other browser is signed out', async () => {
      await otherPage.goto(`${server().url}/settings/security`);
      await expect(otherPage).toHaveURL(/\/login$/);
      await shot(otherPage, testInfo, 'password-change-other-signed-out');
    });

    await test.step('a mail tells the owner, without the password', async () => {
      const subject = serverText(lang, 'mail.passwordChanged.subject');
      const mail = await server().mails.waitForMail(
        (candidate) => candidate.to.includes(owner.email) && candidate.subject === subject,
        15_000,
      );
      expect(mail.text).toContain(serverText(lang, 'mail.passwordChanged.p1', { name: owner.name }));
      for (const secret of [owner.password, newPassword]) {
        expect(mail.text).not.toContain(secret);
        expect(mail.html).not.toContain(secret);
      }
    });

    await test.step('the old password no longer works, the new one does', async () => {
      expect(await submitLogin(otherPage, testInfo, owner.email, owner.password)).toBe(401);
      await expect(pageAlert(otherPage)).toHaveText(serverText(lang, 'errors.invalid_credentials'));
      expect(await submitLogin(otherPage, testInfo, owner.email, newPassword)).toBe(200);
      await expect(otherPage.getByTestId('org-name')).toHaveText(owner.orgName);
      // Back where the ended session left off.
      await expect(otherPage).toHaveURL(/\/settings\/security$/);
      await shot(otherPage, testInfo, 'password-change-new-password-signed-in');
    });
  } finally {
    await other.close();
  }
});
