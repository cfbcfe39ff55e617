// Forgot password through a verified backup e-mail address: the mail goes to exactly that address.
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import {
  addVerifiedEmail,
  linkIn,
  loginStatus,
  requestReset,
  setNewPassword,
  setupOrgWithVerifiedEmail,
  waitForTemplateMail,
} from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Riverstone Legal',
  name: 'Guo Tao',
  email: 'guo.tao@riverstone.example',
  password: 'marble kettle summit 5071 plover',
};
const backupEmail = 'guo.tao.home@mailbox.example';
const newPassword = 'beacon saffron tundra 3364 ivory';

test('backup e-mail: the reset mail goes to the backup address only, and its link resets the password', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const setup = await setupOrgWithVerifiedEmail(server(), owner, lang);

  await test.step('the owner adds and verifies a backup e-mail address', async () => {
    await addVerifiedEmail(server(), setup.cookieHeader, 'backup', backupEmail);
  });

  const before = server().mails.messages.length;
  await test.step('asking with the backup address', async () => {
    await page.goto(`${server().url}/forgot`);
    await requestReset(page, testInfo, backupEmail);
    await expect(page.getByTestId('forgot-sent')).toContainText(
      t(lang, 'forgot.sentEmail', { identifier: backupEmail }),
    );
    await shot(page, testInfo, 'recovery-backup-01-check-email');
  });

  const mail = await waitForTemplateMail(server(), lang, 'passwordReset', backupEmail, before, {
    orgName: owner.orgName,
  });
  await test.step('only the backup mailbox got the reset mail', async () => {
    expect(mail.to).toEqual([backupEmail]);
    const resetSubject = mail.subject;
    const toPrimary = server()
      .mails.messages.slice(before)
      .filter((candidate) => candidate.subject === resetSubject && candidate.to.includes(owner.email));
    expect(toPrimary).toEqual([]);
  });

  await test.step('the link from the backup mailbox resets the password and signs in', async () => {
    await page.goto(linkIn(mail.text, '/reset#token='));
    await expect(page).toHaveURL(`${server().url}/reset`);
    await shot(page, testInfo, 'recovery-backup-02-reset-form');
    await setNewPassword(page, testInfo, newPassword, owner.orgName);
    await shot(page, testInfo, 'recovery-backup-03-signed-in');
    expect(await loginStatus(server().url, owner.email, newPassword)).toBe(200);
  });
});
