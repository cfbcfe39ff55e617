// Lock → unlock mail → unlock, and the known-browser budget that keeps the real user signed in during an attack.
import {
  confirmUnlock,
  linkInMail,
  loginForm,
  newBrowserContext,
  pageAlert,
  serverText,
  signIn,
  signInAfterUnlock,
  signOutFromMenu,
  submitLogin,
} from './support/auth-ui.ts';
import { expect, projectLocale, setupOrg, shot, t, test, useServer } from './support/fixtures.ts';

const server = useServer();

const owner = {
  orgName: 'Jade River Trading',
  name: 'Zhao Lei',
  email: 'zhao.lei@jaderiver.example',
  password: 'saffron glacier pocket 2031 heron',
};
// Five different wrong passwords: the default policy locks after 5 distinct failures (repeats count once).
const wrongPasswords = ['Autumn2024!', 'jaderiver123', 'zhaolei888', 'letmein-please', 'saffron glacier 2030'];

test('five wrong passwords lock unknown browsers; the mailed link unlocks once', async ({ browser }, testInfo) => {
  const lang = projectLocale(testInfo);
  await setupOrg(server().url, { ...owner, locale: lang });
  const genericError = serverText(lang, 'errors.invalid_credentials');

  // A browser the owner used before the attack.
  const known = await newBrowserContext(browser, testInfo);
  // A browser that never signed in (the attacker's, or the owner on a new machine).
  const fresh = await newBrowserContext(browser, testInfo);
  try {
    const knownPage = await known.newPage();
    await test.step('the owner signs in once from the known browser, then signs out', async () => {
      await signIn(knownPage, testInfo, server().url, owner.email, owner.password, owner.orgName);
      await signOutFromMenu(knownPage, testInfo);
    });

    const freshPage = await fresh.newPage();
    const form = loginForm(freshPage, testInfo);
    await test.step('five different wrong passwords from a fresh browser, same generic error each time', async () => {
      await freshPage.goto(`${server().url}/login`);
      for (const [index, password] of wrongPasswords.entries()) {
        expect(await submitLogin(freshPage, testInfo, owner.email, password), `attempt ${index + 1}`).toBe(401);
        await expect(form.error).toHaveText(genericError);
        await expect(form.password).toHaveValue('');
      }
      await shot(freshPage, testInfo, 'lockout-wrong-password');
    });

    await test.step('the right password now fails too, with nothing revealing the lock', async () => {
      expect(await submitLogin(freshPage, testInfo, owner.email, owner.password)).toBe(401);
      await expect(form.error).toHaveText(genericError);
      await expect(freshPage).toHaveURL(/\/login$/);
      await shot(freshPage, testInfo, 'lockout-locked-right-password');
    });

    const mail = await test.step('the owner gets the lock mail in their language', async () => {
      const subject = serverText(lang, 'mail.accountLocked.subject');
      const received = await server().mails.waitForMail(
        (candidate) => candidate.to.includes(owner.email) && candidate.subject === subject,
        15_000,
      );
      expect(received.text).toContain('/unlock#token=');
      expect(received.text).toContain(serverText(lang, 'mail.accountLocked.p1', { name: owner.name }));
      expect(received.text).not.toContain(owner.password);
      return received;
    });
    const unlockLink = linkInMail(mail, '/unlock#token=');
    expect(unlockLink.startsWith(`${server().url}/unlock#token=`)).toBe(true);

    await test.step('the known browser still signs in while the account is locked', async () => {
      expect(await submitLogin(knownPage, testInfo, owner.email, owner.password)).toBe(200);
      await expect(knownPage.getByTestId('org-name')).toHaveText(owner.orgName);
      await shot(knownPage, testInfo, 'lockout-known-browser-signed-in');
    });

    const unlockButton = (page: typeof freshPage) =>
      page.getByRole('button', { name: t(lang, 'unlock.submit'), exact: true });
    await test.step('the unlock link opens the unlock page; one click unlocks', async () => {
      const unlockPage = await fresh.newPage();
      await unlockPage.goto(unlockLink);
      await expect(unlockPage.getByRole('heading', { name: t(lang, 'unlock.title'), exact: true })).toBeVisible();
      await expect(unlockPage.getByText(t(lang, 'unlock.validText'))).toBeVisible();
      await shot(unlockPage, testInfo, 'unlock-page');

      await confirmUnlock(unlockPage, testInfo);
      await expect(unlockPage.getByText(t(lang, 'unlock.successText'))).toBeVisible();
      await shot(unlockPage, testInfo, 'unlock-success');

      await signInAfterUnlock(unlockPage, testInfo, owner.email, owner.password, owner.orgName);
      await unlockPage.close();
    });

    await test.step('the same link again says it was used and offers a way on', async () => {
      const again = await known.newPage();
      await again.goto(unlockLink);
      await expect(pageAlert(again)).toContainText(t(lang, 'unlock.reason.used'));
      await expect(again.getByText(t(lang, 'unlock.reasonHint'))).toBeVisible();
      await expect(unlockButton(again)).toHaveCount(0);
      await shot(again, testInfo, 'unlock-link-used');
      await again.getByRole('button', { name: t(lang, 'common.backToSignIn') }).click();
      // This browser is signed in, so "back to sign in" ends in the app.
      await expect(again.getByTestId('org-name')).toHaveText(owner.orgName);
    });
  } finally {
    await known.close();
    await fresh.close();
  }
});
