// "This wasn't me": the freeze link in the "password was reset" notice freezes the account and alerts the admins.
import { serverText } from './support/auth-ui.ts';
import { apiRequest, expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import { addMemberViaApi } from './support/org-flows.ts';
import {
  linkIn,
  loginStatus,
  recordForeignRequests,
  setupOrgWithVerifiedEmail,
  waitForTemplateMail,
} from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Summit Peak Insurance',
  name: 'Ma Lan',
  email: 'ma.lan@summitpeak.example',
  password: 'glacier tulip ember 1184 heron',
};
const admin = { email: 'xu.bo@summitpeak.example', name: 'Xu Bo', role: 'admin' as const };
const intruderPassword = 'stolen mailbox quietly 5521 otter';

test('freeze: the notice after a reset freezes the account, signs everyone out and alerts the admins', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const setup = await setupOrgWithVerifiedEmail(server(), owner, lang);
  await addMemberViaApi(server(), { ...owner, cookieHeader: setup.cookieHeader }, admin);

  const before = server().mails.messages.length;
  await test.step('someone with access to the mailbox resets the password', async () => {
    await apiRequest(server().url, 'POST', '/api/auth/password/forgot', { body: { identifier: owner.email } });
    const mail = await waitForTemplateMail(server(), lang, 'passwordReset', owner.email, before, {
      orgName: owner.orgName,
    });
    const token = new URL(linkIn(mail.text, '/reset#token=')).hash.replace(/^#token=/, '');
    await apiRequest(server().url, 'POST', '/api/auth/password/reset', {
      body: { token, newPassword: intruderPassword },
    });
    expect(await loginStatus(server().url, owner.email, intruderPassword)).toBe(200);
  });

  const notice = await waitForTemplateMail(server(), lang, 'passwordResetDone', owner.email, before, {
    orgName: owner.orgName,
  });
  const link = linkIn(notice.text, '/freeze#token=');
  expect(link.startsWith(`${server().url}/freeze#token=`)).toBe(true);
  const foreign = recordForeignRequests(page, server().url);

  await test.step('the link explains what freezing does and waits for a click', async () => {
    await page.goto(link);
    await expect(page).toHaveURL(`${server().url}/freeze`);
    await expect(page.getByText(t(lang, 'freeze.effectAdmins'), { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-freeze-01-explain');
    // Opening the link froze nothing: a mail scanner may have opened it.
    expect(await loginStatus(server().url, owner.email, intruderPassword)).toBe(200);
  });

  const alertsBefore = server().mails.messages.length;
  await test.step('freezing ends every session and the password', async () => {
    await page.getByRole('button', { name: t(lang, 'freeze.submit'), exact: true }).click();
    await expect(page.getByText(t(lang, 'freeze.doneTitle'), { exact: true })).toBeVisible();
    await expect(page.getByText(t(lang, 'freeze.doneText'), { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-freeze-02-done');
    expect(await loginStatus(server().url, owner.email, intruderPassword)).toBe(401);
  });

  await test.step('the administrators are alerted by mail', async () => {
    // In the admin's own language, which the API-created member did not choose: either is fine.
    const subjects = ['en', 'zh-CN'].map((language) =>
      serverText(language, 'mail.accountFrozenAdminAlert.subject', { orgName: owner.orgName, memberName: owner.name }),
    );
    const alert = await server().mails.waitForMail(
      (mail) =>
        server().mails.messages.indexOf(mail) >= alertsBefore &&
        mail.to.includes(admin.email) &&
        subjects.includes(mail.subject),
      20_000,
    );
    expect(alert.text).toContain(owner.email);
  });

  await test.step('the link cannot be used twice', async () => {
    const again = await page.context().newPage();
    await again.goto(link);
    await expect(again.getByTestId('link-problem')).toContainText(t(lang, 'freeze.reason.used'));
    await shot(again, testInfo, 'recovery-freeze-03-link-used');
    await again.close();
  });

  expect(foreign, 'requests to other origins').toEqual([]);
});
