import { loginForm, serverText, signIn, signOutFromMenu, submitLogin } from './support/auth-ui.ts';
import { expect, projectLocale, setupOrg, shot, t, test, useServer } from './support/fixtures.ts';

const server = useServer();

const owner = {
  orgName: 'Harbour Logistics',
  name: 'Wang Fang',
  email: 'wang.fang@harbour.example',
  password: 'copper kettle meadow 4412 dune',
  phone: '+8613800138000',
};
// Over plain http the cookie has no __Host- prefix.
const sessionCookie = 'clientele_session';

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  await setupOrg(server().url, { ...owner, locale: projectLocale(testInfo) });
});

test('sign-in page, wrong password, sign-in, sign-out ends the session', async ({ page }, testInfo) => {
  const lang = testInfo.project.name;
  const form = loginForm(page, testInfo);

  await test.step('the sign-in form suits password managers', async () => {
    await page.goto(`${server().url}/`);
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: t(lang, 'login.title'), exact: true })).toBeVisible();
    // "webauthn" after "username": browsers also offer the account's passkeys in that field.
    await expect(page.locator('input[autocomplete="username webauthn"]')).toHaveCount(1);
    await expect(page.locator('input[type="password"][autocomplete="current-password"]')).toHaveCount(1);
    await expect(form.identifier).toHaveAttribute('autocomplete', 'username webauthn');
    await expect(form.remember).not.toBeChecked();
    await expect(page.getByRole('link', { name: t(lang, 'login.forgot') })).toBeVisible();
    await shot(page, testInfo, 'sign-in-page');
  });

  await test.step('the password can be shown and hidden again', async () => {
    await form.password.fill('visible secret');
    const toggle = page.locator('.ant-input-affix-wrapper', { has: form.password }).getByRole('button');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(form.password).toHaveAttribute('type', 'text');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await toggle.click();
    await expect(form.password).toHaveAttribute('type', 'password');
  });

  await test.step('a wrong password gets the generic, localized error', async () => {
    expect(await submitLogin(page, testInfo, owner.email, 'not the right passphrase')).toBe(401);
    await expect(form.error).toHaveText(serverText(lang, 'errors.invalid_credentials'));
    await expect(form.password).toHaveValue('');
    await shot(page, testInfo, 'sign-in-wrong-password');
  });

  await test.step('the right password opens the app with the last sign-in', async () => {
    expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(200);
    await expect(page).toHaveURL(`${server().url}/`);
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
    // The setup request signed the owner in first, so there is a previous sign-in to show.
    await expect(page.getByTestId('home-lastSignIn')).not.toHaveText(t(lang, 'home.never'));
    await expect(page.getByTestId('home-lastIp')).toHaveText(/127\.0\.0\.1/);
    await shot(page, testInfo, 'sign-in-home');
  });

  await test.step('signing out returns to sign-in and kills the old cookie', async () => {
    const before = await page.context().cookies();
    // Without "keep me signed in" the session cookie ends with the browser.
    expect(before.find((cookie) => cookie.name === sessionCookie)?.expires).toBe(-1);
    expect((await page.request.get(`${server().url}/api/auth/session`)).status()).toBe(200);
    await signOutFromMenu(page, testInfo);
    await expect(page.getByRole('heading', { name: t(lang, 'login.title'), exact: true })).toBeVisible();
    await expect(page.getByText(t(lang, 'shell.signedOut'))).toBeVisible();
    await shot(page, testInfo, 'sign-in-signed-out');

    expect((await page.request.get(`${server().url}/api/auth/session`)).status()).toBe(401);
    // Put the old session cookie back: the server must have ended the session, not just the browser forgotten it.
    await page.context().addCookies(before);
    const replay = await page.request.get(`${server().url}/api/auth/session`);
    expect(replay.status()).toBe(401);
    await page.goto(`${server().url}/settings/security`);
    await expect(page).toHaveURL(/\/login$/);
  });
});

test('sign-in with the mobile number, kept signed in', async ({ page }, testInfo) => {
  const lang = projectLocale(testInfo);
  // People type their own number the way they know it: with spaces, with or without +86.
  const typed = lang === 'zh-CN' ? '138 0013 8000' : '+86 138 0013 8000';
  await page.goto(`${server().url}/login`);
  expect(await submitLogin(page, testInfo, typed, owner.password, true)).toBe(200);
  await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  await expect(page.getByRole('button', { name: t(lang, 'shell.userMenu') })).toContainText(owner.name);

  // "Keep me signed in" makes the session cookie outlive the browser.
  const sessionResponse = await page.request.get(`${server().url}/api/auth/session`);
  expect(sessionResponse.status()).toBe(200);
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === sessionCookie);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.expires ?? -1).toBeGreaterThan(Date.now() / 1000);
  await shot(page, testInfo, 'sign-in-phone-home');
});

test('/.well-known/change-password leads to the change-password form after sign-in', async ({ page }, testInfo) => {
  const lang = testInfo.project.name;
  await page.goto(`${server().url}/.well-known/change-password`);
  await expect(page).toHaveURL(/\/login$/);
  expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(200);
  await expect(page).toHaveURL(`${server().url}/settings/security`);
  const card = page.locator('.ant-card', { hasText: t(lang, 'security.changePassword.title') });
  await expect(card.getByLabel(t(lang, 'security.changePassword.current'), { exact: true })).toBeVisible();
  await shot(page, testInfo, 'sign-in-well-known-change-password');

  // Signed in already: the well-known URL goes straight to the form.
  await page.goto(`${server().url}/`);
  await page.goto(`${server().url}/.well-known/change-password`);
  await expect(page).toHaveURL(`${server().url}/settings/security`);
});

test('a signed-in browser skips the sign-in page', async ({ page }, testInfo) => {
  await signIn(page, testInfo, server().url, owner.email, owner.password, owner.orgName);
  await page.goto(`${server().url}/login`);
  await expect(page).toHaveURL(`${server().url}/`);
});

test('the language chosen in the app survives signing out', async ({ page }, testInfo) => {
  const lang = projectLocale(testInfo);
  const other = lang === 'en' ? 'zh-CN' : 'en';
  await signIn(page, testInfo, server().url, owner.email, owner.password, owner.orgName);
  await page.getByRole('combobox', { name: t(lang, 'common.language') }).click();
  await page.getByRole('option', { name: other === 'en' ? 'English' : '简体中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', other);
  await page.getByRole('button', { name: t(other, 'shell.userMenu') }).click();
  await page.getByRole('menuitem', { name: t(other, 'shell.signOut') }).click();
  await expect(page).toHaveURL(/\/login$/);
  // A fresh load of the sign-in page still speaks the chosen language, not the browser's.
  await page.reload();
  await expect(page.getByRole('heading', { name: t(other, 'login.title'), exact: true })).toBeVisible();
  await shot(page, testInfo, 'sign-in-language-kept');
  // Back to the project's language: on the sign-in page, then for the account (its mails follow it).
  await page.getByRole('combobox', { name: t(other, 'common.language') }).click();
  await page.getByRole('option', { name: lang === 'en' ? 'English' : '简体中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  expect(await submitLogin(page, testInfo, owner.email, owner.password)).toBe(200);
  const reset = await page.request.patch(`${server().url}/api/account`, {
    data: { locale: lang },
    headers: { Origin: server().url },
  });
  expect(reset.status()).toBe(200);
});
