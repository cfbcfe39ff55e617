import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { startServer, type RunningServer, type StartServerOptions } from './server.ts';

export { expect } from '@playwright/test';

/** Keys the web app could not translate, by test (it names each in the console: web/src/i18n/i18n.ts). */
const untranslated = new Map<string, string[]>();

/** Records the untranslated keys the pages of `context` name; every test fails on them (`test` below). */
export function watchTranslations(context: BrowserContext, testInfo: TestInfo): void {
  context.on('console', (message) => {
    const key = /^Missing translation: (.+)$/.exec(message.text())?.[1];
    if (key !== undefined) untranslated.set(testInfo.testId, [...(untranslated.get(testInfo.testId) ?? []), key]);
  });
}

/** Playwright's test, failing any test whose pages showed a key instead of a text (in the default or another context). */
export const test = base.extend<{ everyTextTranslated: void }>({
  context: async ({ context }, use, testInfo) => {
    watchTranslations(context, testInfo);
    await use(context);
  },
  everyTextTranslated: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use, testInfo) => {
      await use();
      const keys = [...new Set(untranslated.get(testInfo.testId) ?? [])];
      untranslated.delete(testInfo.testId);
      expect(keys, 'keys the web app showed without a translation').toEqual([]);
    },
    { auto: true },
  ],
});
export type { RunningServer, StartServerOptions } from './server.ts';
export type { ReceivedMail, SmtpSink } from '../../server/test/smtp-sink.ts';

/**
 * Starts one server for the spec file (beforeAll) and stops it afterwards (afterAll).
 * Call it at the top level of a spec or inside a describe; use the returned getter inside tests.
 */
export function useServer(options: StartServerOptions = {}): () => RunningServer {
  let server: RunningServer | undefined;
  test.beforeAll(async () => {
    // Start-up includes running the migrations on a fresh database.
    test.setTimeout(90_000);
    server = await startServer(options);
  });
  test.afterAll(async () => {
    await server?.stop();
    server = undefined;
  });
  return () => {
    if (server === undefined) {
      throw new Error('useServer(): the server is only available inside tests and hooks of this file.');
    }
    return server;
  };
}

/** Saves a full-page screenshot to e2e/artifacts/<project>/<name>.png, for people to review. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const directory = join(testInfo.project.testDir, 'artifacts', testInfo.project.name);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${name}.png`);
  // The page itself, not the spinner that holds its place while its code or the session loads.
  await expect(page.locator('[data-page-loading]')).toHaveCount(0);
  // From the top, the sticky header stays at the top of a full-page shot; finished transitions show the end state.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

export interface ApiCookie {
  name: string;
  value: string;
  /** For `context.addCookies()`, which takes either url or domain + path. */
  url: string;
}

export interface ApiResult<Body = unknown> {
  status: number;
  body: Body;
  /** Cookies the response set, ready for `page.context().addCookies(result.cookies)`. */
  cookies: ApiCookie[];
  /** The same cookies as a `Cookie` request header. */
  cookieHeader: string;
}

export interface ApiRequestOptions {
  body?: unknown;
  cookieHeader?: string;
  locale?: string;
  /** Resolve instead of throwing on a non-2xx status. */
  allowError?: boolean;
}

/** Calls the JSON API the way the browser does, with the Origin header the CSRF check requires. */
export async function apiRequest<Body = unknown>(
  url: string,
  method: string,
  path: string,
  options: ApiRequestOptions = {},
): Promise<ApiResult<Body>> {
  const headers: Record<string, string> = { Origin: new URL(url).origin, Accept: 'application/json' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (options.cookieHeader !== undefined && options.cookieHeader !== '') {
    headers.Cookie = options.cookieHeader;
  }
  if (options.locale !== undefined) {
    headers['Accept-Language'] = options.locale;
  }
  const response = await fetch(new URL(path, url), {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (!response.ok && options.allowError !== true) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  const cookies = response.headers.getSetCookie().map((line) => {
    const pair = line.split(';', 1)[0] ?? '';
    const separator = pair.indexOf('=');
    return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), url };
  });
  return {
    status: response.status,
    body: (text === '' ? undefined : JSON.parse(text)) as Body,
    cookies,
    cookieHeader: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '),
  };
}

export interface SetupOrgInput {
  orgName: string;
  name: string;
  email: string;
  password: string;
  /** The organisation's and owner's language; also sent as Accept-Language. */
  locale: 'en' | 'zh-CN';
  phone?: string;
}

/** POST /api/setup: creates the organisation and its first owner; resolves with the owner's session. */
export function setupOrg(url: string, input: SetupOrgInput): Promise<ApiResult> {
  return apiRequest(url, 'POST', '/api/setup', { body: input, locale: input.locale });
}

export interface LoginInput {
  identifier: string;
  password: string;
  remember?: boolean;
  /** Sent as Accept-Language. */
  locale?: string;
}

/** POST /api/auth/login; the result carries the session cookies (none when the body says mfaRequired). */
export function loginApi(url: string, input: LoginInput): Promise<ApiResult> {
  const { locale, ...body } = input;
  return apiRequest(url, 'POST', '/api/auth/login', { body, ...(locale === undefined ? {} : { locale }) });
}

const i18nDirectory = fileURLToPath(new URL('../../web/src/i18n/', import.meta.url));
const catalogs = new Map<string, Record<string, unknown>>();

function readCatalog(locale: string): Record<string, unknown> {
  let catalog = catalogs.get(locale);
  if (catalog === undefined) {
    catalog = JSON.parse(readFileSync(join(i18nDirectory, `${locale}.json`), 'utf8')) as Record<string, unknown>;
    catalogs.set(locale, catalog);
  }
  return catalog;
}

/**
 * The web app's text for `key` (dotted, e.g. 'auth.signIn') in the project's language ('en' | 'zh-CN'),
 * so one spec can find localized labels in either language. `{{name}}` placeholders are filled from values.
 */
export function t(projectName: string, key: string, values: Record<string, string | number> = {}): string {
  const catalog = readCatalog(projectName);
  let found: unknown = catalog[key];
  if (found === undefined) {
    found = key.split('.').reduce<unknown>((node, part) => {
      return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }, catalog);
  }
  if (typeof found !== 'string') {
    throw new Error(`t(): no string for "${key}" in web/src/i18n/${projectName}.json`);
  }
  return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}

/** The UI language of the running Playwright project ('en' or 'zh-CN'). */
export function projectLocale(testInfo: TestInfo): 'en' | 'zh-CN' {
  const name = testInfo.project.name;
  if (name !== 'en' && name !== 'zh-CN') {
    throw new Error(`Unexpected Playwright project "${name}"; expected en or zh-CN.`);
  }
  return name;
}
