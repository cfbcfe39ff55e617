// First run: the browser alone sets up the organisation — no setup token from the server console is involved.
import { newBrowserContext } from './support/auth-ui.ts';
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';

const server = useServer();

const owner = {
  orgName: 'Northwind Traders',
  name: 'Lin Mei',
  email: 'lin.mei@northwind.example',
  passphrase: 'plum orchard lantern 1987 river',
};
const languageNames = { en: 'English', 'zh-CN': '简体中文' } as const;

test('first run: setup page, language switch, strength meter, organisation created', async ({
  page,
  browser,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const other = lang === 'en' ? 'zh-CN' : 'en';
  const heading = (language: string) => page.getByRole('heading', { name: t(language, 'setup.title'), exact: true });

  await test.step('an empty server sends every page to the setup form', async () => {
    await page.goto(`${server().url}/`);
    await expect(page).toHaveURL(/\/setup$/);
    await expect(heading(lang)).toBeVisible();
    await expect(page.getByText(t(lang, 'setup.subtitle'))).toBeVisible();
    // Only the organisation and the owner are asked for: no token or code printed by the server.
    await expect(page.locator('form#setup input:not([type=hidden])')).toHaveCount(5);
    await shot(page, testInfo, 'setup-page');
  });

  await test.step('the language switcher changes the texts, and back', async () => {
    const switcher = page.getByRole('combobox', { name: t(lang, 'common.language') });
    await switcher.click();
    await page.getByRole('option', { name: languageNames[other] }).click();
    await expect(heading(other)).toBeVisible();
    await expect(page.getByText(t(other, 'setup.orgName'), { exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', other);
    await expect(page.getByRole('option', { name: languageNames[lang] })).toBeHidden();
    await shot(page, testInfo, 'setup-language-switched');

    await page.getByRole('combobox', { name: t(other, 'common.language') }).click();
    await page.getByRole('option', { name: languageNames[lang] }).click();
    await expect(heading(lang)).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  });

  const passwordInput = page.getByLabel(t(lang, 'password.new'), { exact: true });
  const confirmInput = page.getByLabel(t(lang, 'password.confirm'), { exact: true });
  const meter = page.getByTestId('strength-meter');

  await test.step('a weak password shows what is wrong with it', async () => {
    await page.getByLabel(t(lang, 'setup.orgName'), { exact: true }).fill(owner.orgName);
    await page.getByLabel(t(lang, 'setup.name'), { exact: true }).fill(owner.name);
    await page.getByLabel(t(lang, 'setup.email'), { exact: true }).fill(owner.email);
    await expect(passwordInput).toHaveAttribute('autocomplete', 'new-password');
    await expect(confirmInput).toHaveAttribute('autocomplete', 'new-password');
    await passwordInput.fill('password1');
    await expect(meter.getByText(t(lang, 'password.problem.too_short', { min: 15 }))).toBeVisible();
    await expect(meter.getByText(t(lang, 'password.problem.common'))).toBeVisible();
    await expect(meter.getByRole('meter', { name: t(lang, 'password.strength') })).toHaveAttribute(
      'aria-valuenow',
      '0',
    );
    await shot(page, testInfo, 'setup-weak-password');
  });

  await test.step('a strong passphrase creates the organisation and opens the app', async () => {
    await passwordInput.fill(owner.passphrase);
    await confirmInput.fill(owner.passphrase);
    await expect(meter.getByRole('listitem')).toHaveCount(0);
    await expect(meter.getByText(t(lang, 'password.score.4'), { exact: true })).toBeVisible();
    await shot(page, testInfo, 'setup-strong-password');
    await page.getByRole('button', { name: t(lang, 'setup.submit') }).click();

    await expect(page).toHaveURL(`${server().url}/`);
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
    const role = t(lang, 'roles.owner');
    await expect(page.getByText(t(lang, 'home.welcome', { orgName: owner.orgName, role }))).toBeVisible();
    await expect(page.getByRole('button', { name: t(lang, 'shell.userMenu') })).toContainText(owner.name);
    await shot(page, testInfo, 'setup-home');
  });

  await test.step('the setup form is gone once set up', async () => {
    await page.goto(`${server().url}/setup`);
    await expect(page).toHaveURL(`${server().url}/`);
    await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);

    const stranger = await newBrowserContext(browser, testInfo);
    try {
      const strangerPage = await stranger.newPage();
      await strangerPage.goto(`${server().url}/setup`);
      await expect(strangerPage).toHaveURL(/\/login$/);
      await expect(strangerPage.getByRole('heading', { name: t(lang, 'login.title'), exact: true })).toBeVisible();
      await shot(strangerPage, testInfo, 'setup-revisit-sign-in');
    } finally {
      await stranger.close();
    }
  });
});
