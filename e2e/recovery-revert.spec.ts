// Changing the sign-in e-mail sends the old address a revert link (7 days); one click restores it.
import { apiRequest, expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import {
  addVerifiedEmail,
  linkIn,
  loginStatus,
  recordForeignRequests,
  requestResetMail,
  setNewPassword,
  setupOrgWithVerifiedEmail,
  waitForTemplateMail,
} from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Willow Creek Dairy',
  name: 'Feng Qing',
  email: 'feng.qing@willowcreek.example',
  password: 'thimble orchard sonnet 4470 egret',
};
const takenOverEmail = 'new.owner@elsewhere.example';
const newPassword = 'saffron beacon pillow 6021 marten';

test('e-mail change revert: the old address gets a link that restores it and ends every session', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const setup = await setupOrgWithVerifiedEmail(server(), owner, lang);

  const before = server().mails.messages.length;
  await test.step('the sign-in e-mail is changed (fresh session, code to the new address)', async () => {
    await addVerifiedEmail(server(), setup.cookieHeader, 'primary', takenOverEmail);
    expect(await loginStatus(server().url, takenOverEmail, owner.password)).toBe(200);
  });

  const notice = await waitForTemplateMail(server(), lang, 'emailChanged', owner.email, before, {
    orgName: owner.orgName,
  });
  const link = linkIn(notice.text, '/revert#token=');
  expect(link.startsWith(`${server().url}/revert#token=`)).toBe(true);
  const foreign = recordForeignRequests(page, server().url);

  await test.step('the link names the address it restores and waits for a click', async () => {
    await page.goto(link);
    await expect(page).toHaveURL(`${server().url}/revert`);
    await expect(page.getByTestId('revert-email')).toHaveText(owner.email);
    await shot(page, testInfo, 'recovery-revert-01-confirm');
  });

  await test.step('one click restores the old address, ends every session and removes the password', async () => {
    await page.getByRole('button', { name: t(lang, 'revert.submit'), exact: true }).click();
    await expect(page.getByText(t(lang, 'revert.doneText', { email: owner.email }), { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-revert-02-done');
    // Whoever changed the address knew the password: it is gone too.
    expect(await loginStatus(server().url, owner.email, owner.password)).toBe(401);
    expect(await loginStatus(server().url, takenOverEmail, owner.password)).toBe(401);
    const ended = await apiRequest(server().url, 'GET', '/api/auth/session', {
      cookieHeader: setup.cookieHeader,
      allowError: true,
    });
    expect(ended.status).toBe(401);
  });

  await test.step('"Set a new password" leads through forgot-password with the restored address', async () => {
    await page.getByRole('button', { name: t(lang, 'revert.resetPassword'), exact: true }).click();
    await expect(page).toHaveURL(/\/forgot$/);
    const mail = await requestResetMail(server(), page, testInfo, owner.email, owner.orgName);
    await page.goto(linkIn(mail.text, '/reset#token='));
    await setNewPassword(page, testInfo, newPassword, owner.orgName);
    expect(await loginStatus(server().url, owner.email, newPassword)).toBe(200);
  });

  expect(foreign, 'requests to other origins').toEqual([]);
});
