// The measured outcome of issue 3: the whole forgot-password path in the browser, with the mail from a real SMTP
// server — click "Forgot password?", receive the mail, open the link, set a password, land in the app. Printed only.
import { expect, projectLocale, t, test, useServer } from './support/fixtures.ts';
import {
  linkIn,
  requestReset,
  setNewPassword,
  setupOrgWithVerifiedEmail,
  waitForTemplateMail,
} from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Swift Current Media',
  name: 'Tang Hui',
  email: 'tang.hui@swiftcurrent.example',
  password: 'harvest pebble lantern 9910 crane',
};
const newPassword = 'silver meadow anchor 2246 finch';

test('timing: forgot → mail → link → new password → signed in', async ({ page }, testInfo) => {
  const lang = projectLocale(testInfo);
  await setupOrgWithVerifiedEmail(server(), owner, lang);
  await page.goto(`${server().url}/login`);
  await expect(page.getByRole('link', { name: t(lang, 'login.forgot'), exact: true })).toBeVisible();

  const before = server().mails.messages.length;
  const started = performance.now();
  await page.getByRole('link', { name: t(lang, 'login.forgot'), exact: true }).click();
  await requestReset(page, testInfo, owner.email);
  const mailed = performance.now();
  const mail = await waitForTemplateMail(server(), lang, 'passwordReset', owner.email, before, {
    orgName: owner.orgName,
  });
  const received = performance.now();
  await page.goto(linkIn(mail.text, '/reset#token='));
  await setNewPassword(page, testInfo, newPassword, owner.orgName);
  const finished = performance.now();

  const total = Math.round(finished - started);
  const phases = {
    request: Math.round(mailed - started),
    mailDelivery: Math.round(received - mailed),
    linkToSignedIn: Math.round(finished - received),
  };
  console.log(
    `[${lang}] recovery path: ${total} ms (request ${phases.request} ms, mail ${phases.mailDelivery} ms, ` +
      `link → signed in ${phases.linkToSignedIn} ms)`,
  );
  testInfo.annotations.push({ type: 'recovery-path-ms', description: String(total) });
});
