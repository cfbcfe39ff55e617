// "Unlock my account" from the sign-in page: a neutral confirmation, then an unlock link by mail that works once.
import { confirmUnlock, signInAfterUnlock } from './support/auth-ui.ts';
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import { linkIn, loginStatus, setupOrgWithVerifiedEmail, waitForTemplateMail } from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Blue Ridge Outfitters',
  name: 'He Jun',
  email: 'he.jun@blueridge.example',
  password: 'pepper canyon ballad 7719 osprey',
};
const wrongPasswords = ['BlueRidge2024!', 'hejun123456', 'outfitters888', 'letmein-again', 'pepper canyon 7718'];

test('unlock request: sign-in page → /unlock-request → mail → unlock → sign in', async ({ page }, testInfo) => {
  const lang = projectLocale(testInfo);
  await setupOrgWithVerifiedEmail(server(), owner, lang);

  await test.step('five wrong passwords lock the account', async () => {
    for (const password of wrongPasswords) {
      expect(await loginStatus(server().url, owner.email, password)).toBe(401);
    }
    expect(await loginStatus(server().url, owner.email, owner.password)).toBe(401);
  });

  const before = server().mails.messages.length;
  await test.step('"Unlock my account" on the sign-in page asks for the address and answers neutrally', async () => {
    await page.goto(`${server().url}/login`);
    await page.getByRole('link', { name: t(lang, 'login.unlock'), exact: true }).click();
    await expect(page).toHaveURL(/\/unlock-request$/);
    const field = page.getByLabel(t(lang, 'forgot.identifier'), { exact: true });
    await expect(field).toHaveAttribute('autocomplete', 'username');
    await field.fill(owner.email);
    await shot(page, testInfo, 'recovery-unlock-01-request');
    await page.getByRole('button', { name: t(lang, 'unlockRequest.submit'), exact: true }).click();
    await expect(page.getByText(t(lang, 'unlockRequest.sentText', { identifier: owner.email }))).toBeVisible();
    await shot(page, testInfo, 'recovery-unlock-02-sent');
  });

  const mail = await waitForTemplateMail(server(), lang, 'unlockLink', owner.email, before, {
    orgName: owner.orgName,
  });
  const link = linkIn(mail.text, '/unlock#token=');
  expect(link.startsWith(`${server().url}/unlock#token=`)).toBe(true);

  await test.step('the link unlocks the account once; then the password works again', async () => {
    await page.goto(link);
    await confirmUnlock(page, testInfo);
    await shot(page, testInfo, 'recovery-unlock-03-unlocked');
    await signInAfterUnlock(page, testInfo, owner.email, owner.password, owner.orgName);
  });

  await test.step('an address without an account gets the same confirmation and no mail', async () => {
    await page.context().clearCookies();
    const count = server().mails.messages.length;
    await page.goto(`${server().url}/unlock-request`);
    await page.getByLabel(t(lang, 'forgot.identifier'), { exact: true }).fill('nobody@blueridge.example');
    await page.getByRole('button', { name: t(lang, 'unlockRequest.submit'), exact: true }).click();
    await expect(
      page.getByText(t(lang, 'unlockRequest.sentText', { identifier: 'nobody@blueridge.example' })),
    ).toBeVisible();
    expect(
      server()
        .mails.messages.slice(count)
        .filter((m) => m.to.includes('nobody@blueridge.example')),
    ).toEqual([]);
  });
});
