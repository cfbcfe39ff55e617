// Forgot password by text message: the identifier is the verified mobile number; the code comes by SMS
// (a local stand-in for the gateway receives what the server's webhook adapter sends).
import { serverText } from './support/auth-ui.ts';
import { apiRequest, expect, projectLocale, shot, t, test } from './support/fixtures.ts';
import {
  codeIn,
  linkIn,
  loginStatus,
  recordForeignRequests,
  requestReset,
  setNewPassword,
  setupOrgWithVerifiedEmail,
  standaloneCodeIn,
} from './support/recovery-ui.ts';
import { useServerWithSms } from './support/sms-sink.ts';

const running = useServerWithSms();

const owner = {
  orgName: 'Golden Bay Foods',
  name: 'Zhou Min',
  email: 'zhou.min@goldenbay.example',
  password: 'saddle ember lagoon 8826 thistle',
  phone: '+8613912345678',
};
const newPassword = 'meadow falcon quilt 2290 ripple';

test('SMS: a verified mobile number receives a code; typed on /forgot it leads to a new password', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const { server, sms } = running();
  const setup = await setupOrgWithVerifiedEmail(server, owner, lang);

  await test.step('the owner verifies the mobile number (code by SMS)', async () => {
    const before = sms.messages.length;
    await apiRequest(server.url, 'POST', '/api/account/recovery/channels/primary-phone/send-code', {
      cookieHeader: setup.cookieHeader,
    });
    const message = await sms.waitForSms((candidate) => sms.messages.indexOf(candidate) >= before);
    expect(message.to).toBe(owner.phone);
    await apiRequest(server.url, 'POST', '/api/account/recovery/channels/primary-phone/verify', {
      cookieHeader: setup.cookieHeader,
      body: { code: standaloneCodeIn(message.text) },
    });
  });

  const foreign = recordForeignRequests(page, server.url);
  const before = sms.messages.length;
  await test.step('a mobile number gets the "check your phone" page, without a link origin', async () => {
    await page.goto(`${server.url}/forgot`);
    await requestReset(page, testInfo, owner.phone);
    await expect(page.getByRole('heading', { name: t(lang, 'forgot.checkPhoneTitle'), exact: true })).toBeVisible();
    await expect(page.getByTestId('forgot-sent')).toContainText(
      t(lang, 'forgot.sentPhone', { identifier: owner.phone }),
    );
    await expect(page.getByTestId('link-origin')).toHaveCount(0);
    await shot(page, testInfo, 'recovery-sms-01-check-phone');
  });

  const message = await sms.waitForSms(
    (candidate) => sms.messages.indexOf(candidate) >= before && candidate.to === owner.phone,
  );
  const code = codeIn(lang, 'sms.passwordResetCode', message.text);

  await test.step('the code from the SMS opens the reset page; the new password signs in', async () => {
    const field = page.getByLabel(t(lang, 'forgot.codeLabelPhone'), { exact: true });
    await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
    await field.fill(code);
    await shot(page, testInfo, 'recovery-sms-02-code-typed');
    await page.getByRole('button', { name: t(lang, 'forgot.continue'), exact: true }).click();
    await expect(page).toHaveURL(`${server.url}/reset`);
    await shot(page, testInfo, 'recovery-sms-03-reset-form');
    await setNewPassword(page, testInfo, newPassword, owner.orgName);
    await shot(page, testInfo, 'recovery-sms-04-signed-in');
    expect(await loginStatus(server.url, owner.phone, newPassword)).toBe(200);
  });

  await test.step('the phone and the mailbox are both told, each with a "this wasn\'t me" link', async () => {
    const notice = await sms.waitForSms(
      (candidate) => sms.messages.indexOf(candidate) >= before && candidate.text.includes('/freeze#token='),
    );
    expect(linkIn(notice.text, '/freeze#token=').startsWith(`${server.url}/freeze#token=`)).toBe(true);
    const subject = serverText(lang, 'mail.passwordResetDone.subject', { orgName: owner.orgName });
    const mail = await server.mails.waitForMail(
      (candidate) => candidate.subject === subject && candidate.to.includes(owner.email),
    );
    expect(mail.text).toContain('/freeze#token=');
  });

  expect(foreign, 'requests to other origins').toEqual([]);
});
