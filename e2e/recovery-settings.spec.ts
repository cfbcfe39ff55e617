// Settings → Recovery: verify the sign-in e-mail, add a backup e-mail and a mobile number (codes from the real SMTP
// sink and the SMS gateway stand-in), the readiness banner until two ways back, then change the sign-in e-mail and
// undo it from the old address.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { newBrowserContext, signIn, submitLogin } from './support/auth-ui.ts';
import { expect, projectLocale, setupOrg, t, test, type ReceivedMail, type RunningServer } from './support/fixtures.ts';
import { pageShot, settled } from './support/org-flows.ts';
import { codeIn, linkIn, requestReset, setNewPassword, waitForTemplateMail } from './support/recovery-ui.ts';
import { useServerWithSms } from './support/sms-sink.ts';

const running = useServerWithSms();

const owner = {
  orgName: 'Harbor Logistics',
  name: 'Ava Lindqvist',
  email: 'ava@harbor.example',
  password: 'amber glacier stitches 4410 cobalt',
};
const backupEmail = 'ava.private@mailbox.example';
const mobile = '+8613800138000';
const newSignInEmail = 'ava.lindqvist@harbor-new.example';

function row(page: Page, slot: string): Locator {
  return page.getByTestId(`channel-${slot}`);
}

/** The first mail to `address` among those received after the first `before` messages (the code mail). */
function mailTo(server: RunningServer, address: string, before: number): Promise<ReceivedMail> {
  return server.mails.waitForMail(
    (candidate) => server.mails.messages.indexOf(candidate) >= before && candidate.to.includes(address),
    20_000,
  );
}

/** The open dialog's code field, filled with the code and submitted. */
async function enterCode(page: Page, testInfo: TestInfo, code: string, shotName?: string): Promise<void> {
  const lang = projectLocale(testInfo);
  const dialog = page.getByRole('dialog');
  const field = dialog.getByLabel(t(lang, 'recoverySettings.code.label'), { exact: true });
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  await field.fill(code);
  if (shotName !== undefined) {
    await pageShot(page, testInfo, shotName);
  }
  await dialog.getByRole('button', { name: t(lang, 'recoverySettings.code.submit'), exact: true }).click();
}

test('ways back: verify, add backup e-mail and mobile, banner until two, change sign-in e-mail and undo it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const lang = projectLocale(testInfo);
  const { server, sms } = running();
  await setupOrg(server.url, { ...owner, locale: lang });
  const banner = page.getByTestId('readiness-banner');
  const ways = page.getByTestId('readiness-ways');

  await test.step('a new owner has no verified way back: the banner says so on every page', async () => {
    await signIn(page, testInfo, server.url, owner.email, owner.password, owner.orgName);
    await expect(banner).toContainText(t(lang, 'readiness.bannerNone'));
    await settled(page);
    await pageShot(page, testInfo, 'recovery-settings-01-banner');
    await page.goto(`${server.url}/settings/security`);
    await expect(banner).toBeVisible();
    await expect(page.getByTestId('recovery-ways-tag')).toHaveText(t(lang, 'readiness.summary_other', { count: 0 }));
  });

  await test.step('the banner leads to Settings → Recovery, which lists the four ways back', async () => {
    await banner.getByRole('button', { name: t(lang, 'readiness.bannerAction') }).click();
    await expect(page).toHaveURL(/\/settings\/recovery$/);
    await expect(page.getByRole('heading', { name: t(lang, 'recoverySettings.title'), exact: true })).toBeVisible();
    await expect(ways).toHaveText('0');
    await expect(row(page, 'primaryEmail')).toContainText(owner.email);
    await expect(row(page, 'primaryEmail')).toContainText(t(lang, 'recoverySettings.status.unverified'));
    for (const slot of ['primaryPhone', 'backupEmail', 'backupPhone']) {
      await expect(row(page, slot)).toContainText(t(lang, 'recoverySettings.notSet'));
    }
    await settled(page);
    await pageShot(page, testInfo, 'recovery-settings-02-page');
  });

  await test.step('verifying the sign-in e-mail with the mailed code makes it the first way back', async () => {
    const before = server.mails.messages.length;
    await page.getByTestId('primaryEmail-verify').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('code-destination')).toHaveText(owner.email);
    await expect(dialog.getByTestId('resend-code')).toBeDisabled();
    const mail = await mailTo(server, owner.email, before);
    await enterCode(page, testInfo, codeIn(lang, 'mail.recoveryCode.p2', mail.text));
    await expect(dialog).toBeHidden();
    await expect(row(page, 'primaryEmail')).toContainText(t(lang, 'recoverySettings.status.verified'));
    await expect(ways).toHaveText('1');
  });

  await test.step('a backup e-mail: address, code from the mail, verified', async () => {
    await page.getByTestId('backupEmail-add').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(
      t(lang, 'recoverySettings.dialog.addTitle', { name: t(lang, 'recoverySettings.slotNoun.backupEmail') }),
    );
    const before = server.mails.messages.length;
    await dialog.getByLabel(t(lang, 'recoverySettings.dialog.addressLabel.email')).fill(backupEmail);
    await pageShot(page, testInfo, 'recovery-settings-03-add-backup-email');
    await dialog.getByRole('button', { name: t(lang, 'recoverySettings.dialog.sendCode') }).click();
    await expect(dialog.getByTestId('code-destination')).toHaveText(backupEmail);
    await expect(dialog.getByTestId('resend-code')).toContainText(/\d+/);
    const mail = await mailTo(server, backupEmail, before);
    // A wrong code first: the field says so and stays open.
    await enterCode(page, testInfo, '000000');
    await expect(dialog.locator('.ant-form-item-explain-error')).toBeVisible();
    await enterCode(page, testInfo, codeIn(lang, 'mail.recoveryCode.p2', mail.text), 'recovery-settings-04-code');
    await expect(dialog).toBeHidden();
    await expect(row(page, 'backupEmail')).toContainText(backupEmail);
    await expect(row(page, 'backupEmail')).toContainText(t(lang, 'recoverySettings.status.verified'));
    await expect(ways).toHaveText('2');
  });

  await test.step('with two ways back the banner is gone', async () => {
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
    await expect(banner).toHaveCount(0);
  });

  await test.step('a mobile number: the code arrives by SMS', async () => {
    await page.goto(`${server.url}/settings/recovery`);
    await page.getByTestId('primaryPhone-add').click();
    const dialog = page.getByRole('dialog');
    const before = sms.messages.length;
    await dialog.getByLabel(t(lang, 'recoverySettings.dialog.addressLabel.phone')).fill(mobile);
    await dialog.getByRole('button', { name: t(lang, 'recoverySettings.dialog.sendCode') }).click();
    await expect(dialog.getByTestId('code-destination')).toBeVisible();
    const text = await sms.waitForSms((message) => sms.messages.indexOf(message) >= before && message.to === mobile);
    await enterCode(page, testInfo, codeIn(lang, 'sms.channelCode', text.text));
    await expect(dialog).toBeHidden();
    await expect(row(page, 'primaryPhone')).toContainText(t(lang, 'recoverySettings.status.verified'));
    await expect(ways).toHaveText('3');
    await settled(page);
    await pageShot(page, testInfo, 'recovery-settings-05-three-ways');
  });

  const other = await newBrowserContext(browser, testInfo);
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, testInfo, server.url, owner.email, owner.password, owner.orgName);

    await test.step('changing the sign-in e-mail explains the undo link, then takes the code', async () => {
      await page.getByTestId('primaryEmail-change').click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toContainText(t(lang, 'recoverySettings.changeEmail.explain', { email: owner.email }));
      await dialog.getByLabel(t(lang, 'recoverySettings.dialog.addressLabel.email')).fill(newSignInEmail);
      await pageShot(page, testInfo, 'recovery-settings-06-change-email');
      const before = server.mails.messages.length;
      await dialog.getByRole('button', { name: t(lang, 'recoverySettings.dialog.sendCode') }).click();
      const mail = await mailTo(server, newSignInEmail, before);
      await enterCode(page, testInfo, codeIn(lang, 'mail.recoveryCode.p2', mail.text));
      await expect(dialog).toContainText(t(lang, 'recoverySettings.changeEmail.doneTitle', { email: newSignInEmail }));
      await pageShot(page, testInfo, 'recovery-settings-07-email-changed');
      await dialog.getByRole('button', { name: t(lang, 'recoverySettings.dialog.close') }).click();
      await expect(row(page, 'primaryEmail')).toContainText(newSignInEmail);
    });

    const afterChange = server.mails.messages.length;
    await test.step('the old address gets the notice; its link undoes the change and ends every session', async () => {
      const notice = await waitForTemplateMail(server, lang, 'emailChanged', owner.email, 0, {
        orgName: owner.orgName,
      });
      const revertLink = linkIn(notice.text, '/revert#token=');
      const fresh = await newBrowserContext(browser, testInfo);
      try {
        const revertPage = await fresh.newPage();
        await revertPage.goto(revertLink);
        await revertPage.getByRole('button', { name: t(lang, 'revert.submit') }).click();
        await expect(revertPage.getByText(t(lang, 'revert.doneTitle'))).toBeVisible();
        await expect(revertPage.getByRole('button', { name: t(lang, 'revert.resetPassword') })).toBeVisible();
        await pageShot(revertPage, testInfo, 'recovery-settings-08-reverted');
      } finally {
        await fresh.close();
      }
      await otherPage.goto(`${server.url}/settings/recovery`);
      await expect(otherPage).toHaveURL(/\/login$/);
      await page.reload();
      await expect(page).toHaveURL(/\/login$/);
    });

    await test.step('whoever changed the address knew the password: it no longer works at either address', async () => {
      expect(await submitLogin(page, testInfo, newSignInEmail, owner.password)).toBe(401);
      expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(401);
    });

    await test.step('a new password through the restored address signs the owner in again', async () => {
      await page.goto(`${server.url}/forgot`);
      await requestReset(page, testInfo, owner.email);
      const mail = await waitForTemplateMail(server, lang, 'passwordReset', owner.email, afterChange, {
        orgName: owner.orgName,
      });
      await page.goto(linkIn(mail.text, '/reset#token='));
      await setNewPassword(page, testInfo, 'quartz lantern meadow 7731 heron', owner.orgName);
      await page.goto(`${server.url}/settings/recovery`);
      await expect(row(page, 'primaryEmail')).toContainText(owner.email);
    });
  } finally {
    await other.close();
  }
});
