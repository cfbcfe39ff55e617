// Lost phone, no recovery codes: the reset accepts a code to the other kind of channel (here an SMS) instead of the
// authenticator. The person lands on Settings → Two-step verification, adds a new authenticator that only takes
// effect after the organisation's delay, cannot remove the lost one meanwhile, and every channel gets a link that
// cancels the new device and freezes the account — which is what happens here when "it wasn't me" is clicked.
import { serverText } from './support/auth-ui.ts';
import { apiRequest, expect, projectLocale, t, test } from './support/fixtures.ts';
import { pageShot, settled } from './support/org-flows.ts';
import {
  codeIn,
  linkIn,
  loginStatus,
  requestResetMail,
  setupOrgWithVerifiedEmail,
  standaloneCodeIn,
} from './support/recovery-ui.ts';
import { useServerWithSms } from './support/sms-sink.ts';
import { Authenticator, enrolTotpViaApi, removeFactor } from './support/two-step-ui.ts';

const running = useServerWithSms();

const owner = {
  orgName: 'Riverside Print Works',
  name: 'Sun Yue',
  email: 'sun.yue@riverside.example',
  password: 'harbor thistle 6142 lantern glides',
  phone: '+8613912340001',
};
const newPassword = 'copper willow 7305 drifts over canal';

test('lost device: a two-channel reset, a delayed new authenticator, and "this wasn\'t me"', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const { server, sms } = running();
  const setup = await setupOrgWithVerifiedEmail(server, owner, lang);
  await test.step('the owner has a verified mobile and an authenticator app (then loses the phone)', async () => {
    const before = sms.messages.length;
    await apiRequest(server.url, 'POST', '/api/account/recovery/channels/primary-phone/send-code', {
      cookieHeader: setup.cookieHeader,
    });
    const message = await sms.waitForSms((candidate) => sms.messages.indexOf(candidate) >= before);
    await apiRequest(server.url, 'POST', '/api/account/recovery/channels/primary-phone/verify', {
      cookieHeader: setup.cookieHeader,
      body: { code: standaloneCodeIn(message.text) },
    });
    await enrolTotpViaApi(server, setup.cookieHeader, 'Lost iPhone');
  });

  await test.step('the reset link asks for a second proof; a text message stands in for the lost device', async () => {
    await page.goto(`${server.url}/forgot`);
    const mail = await requestResetMail(server, page, testInfo, owner.email, owner.orgName);
    await page.goto(linkIn(mail.text, '/reset#token='));
    await expect(page.getByTestId('reset-second-factor')).toBeVisible();
    await expect(page.getByTestId('reset-lost-device-hint')).toHaveText(t(lang, 'twoStep.reset.lostDeviceHint'));
    await settled(page);
    await pageShot(page, testInfo, 'two-step-lost-device-01-second-proof');
    const before = sms.messages.length;
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: t(lang, 'reset.second.sendCode'), exact: true }).click();
    const message = await sms.waitForSms(
      (candidate) => sms.messages.indexOf(candidate) >= before && candidate.to === owner.phone,
    );
    await page
      .getByLabel(t(lang, 'reset.second.codeLabel'), { exact: true })
      .fill(codeIn(lang, 'sms.secondChannelCode', message.text));
    await page.getByRole('button', { name: t(lang, 'reset.second.verify'), exact: true }).click();
    await page.getByLabel(t(lang, 'password.new'), { exact: true }).fill(newPassword);
    await page.getByLabel(t(lang, 'password.confirm'), { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: t(lang, 'reset.submit'), exact: true }).click();
  });

  const addDialog = page.getByRole('dialog');
  await test.step('signed in on Two-step verification: the delay is explained, with "add" at hand', async () => {
    await expect(page).toHaveURL(`${server.url}/settings/two-step`);
    await expect(page.getByTestId('two-step-lost-device')).toContainText(
      t(lang, 'twoStep.lostDevice.delayed_other', { count: 24 }),
    );
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-lost-device-02-landed');
    await page.getByTestId('lost-device-add-totp').click();
    await expect(addDialog).toBeVisible();
  });

  const mailsBefore = server.mails.messages.length;
  const smsBefore = sms.messages.length;
  await test.step('the new authenticator is added and shows when it takes effect', async () => {
    const nameField = addDialog.getByLabel(t(lang, 'twoStep.totp.nameLabel'), { exact: true });
    await nameField.fill('New Pixel');
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.totp.continue'), exact: true }).click();
    const secret = (await addDialog.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    const authenticator = new Authenticator(secret);
    await addDialog
      .getByLabel(t(lang, 'twoStep.totp.confirmLabel'), { exact: true })
      .fill(await authenticator.nextCode());
    await addDialog.getByRole('button', { name: t(lang, 'twoStep.totp.confirm'), exact: true }).click();
    await expect(addDialog).toBeHidden();
    const pending = page.getByTestId('totp-factor').filter({ hasText: 'New Pixel' });
    await expect(pending.locator('.ant-tag-orange')).toBeVisible();
    await page.mouse.move(0, 0);
    await settled(page);
    await pageShot(page, testInfo, 'two-step-lost-device-03-pending');
  });

  await test.step('the lost device cannot be removed from this session; the page says why', async () => {
    await removeFactor(page, lang, page.getByTestId('totp-factor').filter({ hasText: 'Lost iPhone' }));
    await expect(page.locator('.ant-message')).toContainText(serverText(lang, 'errors.lost_factor_session'));
    await expect(page.getByTestId('totp-factor').filter({ hasText: 'Lost iPhone' })).toBeVisible();
    await pageShot(page, testInfo, 'two-step-lost-device-04-cannot-remove');
  });

  let cancelUrl = '';
  await test.step('every channel hears of it with a cancel link', async () => {
    const mail = await server.mails.waitForMail(
      (candidate) =>
        server.mails.messages.indexOf(candidate) >= mailsBefore &&
        candidate.to.includes(owner.email) &&
        candidate.text.includes('New Pixel') &&
        candidate.text.includes('/freeze#token='),
    );
    expect(mail.text).toContain(serverText(lang, 'mail.twoStepFactorPending.action'));
    cancelUrl = linkIn(mail.text, '/freeze#token=');
    const text = await sms.waitForSms(
      (candidate) => sms.messages.indexOf(candidate) >= smsBefore && candidate.text.includes('/freeze#token='),
    );
    expect(text.to).toBe(owner.phone);
    expect(text.text).toContain('New Pixel');
  });

  await test.step('"this wasn\'t me" cancels the new device and freezes the account', async () => {
    await page.goto(cancelUrl);
    await expect(page.getByText(t(lang, 'freeze.effectFactors'), { exact: true })).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-lost-device-05-cancel');
    await page.getByRole('button', { name: t(lang, 'freeze.submit'), exact: true }).click();
    await expect(page.getByText(t(lang, 'freeze.doneTitle'), { exact: true })).toBeVisible();
    expect(await loginStatus(server.url, owner.email, newPassword)).toBe(401);
  });
});
