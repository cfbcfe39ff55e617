// UI helpers shared by the sign-in, lockout, password and session specs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { projectLocale, t, watchTranslations, type ReceivedMail } from './fixtures.ts';

const serverCatalogs = new Map<string, Record<string, unknown>>();

/** The server's own text (server/src/i18n/<locale>.json), e.g. an error message or a mail subject. */
export function serverText(projectName: string, key: string, values: Record<string, string | number> = {}): string {
  let catalog = serverCatalogs.get(projectName);
  if (catalog === undefined) {
    const file = fileURLToPath(new URL(`../../server/src/i18n/${projectName}.json`, import.meta.url));
    catalog = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    serverCatalogs.set(projectName, catalog);
  }
  const found = key.split('.').reduce<unknown>((node, part) => {
    return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }, catalog);
  if (typeof found !== 'string') {
    throw new Error(`serverText(): no string for "${key}" in server/src/i18n/${projectName}.json`);
  }
  return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}

/** Another browser (own cookies, own storage) in the project's language. */
export function newBrowserContext(
  browser: Browser,
  testInfo: TestInfo,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser
    .newContext({ locale: projectLocale(testInfo), viewport: { width: 1280, height: 800 }, ...options })
    .then((context) => {
      watchTranslations(context, testInfo);
      return context;
    });
}

/**
 * The page's alert (a form's error or notice), never a toast: antd's messages also have role="alert", and one left
 * from an earlier step (e.g. "You have signed out.") can still be showing when the next page's alert appears.
 */
export function pageAlert(page: Page): Locator {
  return page.locator('[role="alert"]:not(.ant-message-notice)');
}

export interface LoginForm {
  identifier: Locator;
  password: Locator;
  remember: Locator;
  submit: Locator;
  error: Locator;
}

export function loginForm(page: Page, testInfo: TestInfo): LoginForm {
  const lang = testInfo.project.name;
  return {
    identifier: page.getByLabel(t(lang, 'login.identifier'), { exact: true }),
    password: page.getByLabel(t(lang, 'login.password'), { exact: true }),
    remember: page.getByRole('checkbox', { name: t(lang, 'login.remember') }),
    submit: page.getByRole('button', { name: t(lang, 'login.submit'), exact: true }),
    error: pageAlert(page),
  };
}

const loginStatuses = new WeakMap<Page, number[]>();

/** Statuses of every POST /api/auth/login the page has made, oldest first (recorded from the first call on). */
function recordLoginStatuses(page: Page): number[] {
  let statuses = loginStatuses.get(page);
  if (statuses === undefined) {
    const recorded: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/auth/login') && response.request().method() === 'POST') {
        recorded.push(response.status());
      }
    });
    loginStatuses.set(page, recorded);
    statuses = recorded;
  }
  return statuses;
}

/** Fills the sign-in form and submits it; resolves with the HTTP status of POST /api/auth/login. */
export async function submitLogin(
  page: Page,
  testInfo: TestInfo,
  identifier: string,
  password: string,
  remember = false,
): Promise<number> {
  const statuses = recordLoginStatuses(page);
  const before = statuses.length;
  const form = loginForm(page, testInfo);
  // Until the previous attempt has settled, the button ignores clicks and a late reset could empty the password.
  await expect(page.locator('form#login button[type="submit"]')).not.toHaveClass(/ant-btn-loading/);
  await form.identifier.fill(identifier);
  await form.password.fill(password);
  if (remember) {
    await form.remember.check();
  }
  await form.submit.click();
  await expect.poll(() => statuses.length, { message: 'POST /api/auth/login answered' }).toBe(before + 1);
  return statuses[before] ?? 0;
}

/** Opens /login, signs in and waits for the app shell. */
export async function signIn(
  page: Page,
  testInfo: TestInfo,
  baseUrl: string,
  identifier: string,
  password: string,
  orgName: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  expect(await submitLogin(page, testInfo, identifier, password)).toBe(200);
  await expect(page.getByTestId('org-name')).toHaveText(orgName);
}

/** Signs out through the account menu in the header. */
export async function signOutFromMenu(page: Page, testInfo: TestInfo): Promise<void> {
  const lang = testInfo.project.name;
  const menuButton = page.getByRole('button', { name: t(lang, 'shell.userMenu') });
  const signOutItem = page.getByRole('menuitem', { name: t(lang, 'shell.signOut') });
  await page.evaluate(() => window.scrollTo(0, 0));
  // On a busy machine the dropdown can close again before the click lands: open it again and retry.
  await expect(async () => {
    if (!(await signOutItem.isVisible())) await menuButton.click();
    await signOutItem.click({ timeout: 3_000 });
    await expect(page).toHaveURL(/\/login$/, { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
}

/** The first http(s) link in a mail that contains `marker`. */
export function linkInMail(mail: ReceivedMail, marker: string): string {
  const links = `${mail.text}\n${mail.html}`.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  const link = links.find((candidate) => candidate.includes(marker));
  if (link === undefined) {
    throw new Error(`No link containing "${marker}" in the mail "${mail.subject}".`);
  }
  return link.replace(/&amp;/g, '&');
}

/** On the page an unlock link opens: one click unlocks the account; waits for the success message. */
export async function confirmUnlock(page: Page, testInfo: TestInfo): Promise<void> {
  const lang = testInfo.project.name;
  await page.getByRole('button', { name: t(lang, 'unlock.submit'), exact: true }).click();
  await expect(page.getByText(t(lang, 'unlock.successTitle'), { exact: true })).toBeVisible();
}

/** After unlocking: "Sign in" leads to /login, where the password signs in to the app shell again. */
export async function signInAfterUnlock(
  page: Page,
  testInfo: TestInfo,
  identifier: string,
  password: string,
  orgName: string,
): Promise<void> {
  await page.getByRole('button', { name: t(testInfo.project.name, 'unlock.signIn'), exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await submitLogin(page, testInfo, identifier, password)).toBe(200);
  await expect(page.getByTestId('org-name')).toHaveText(orgName);
}
