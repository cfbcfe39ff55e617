import type { Response } from '@playwright/test';
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import { createOrg, signInPage } from './support/org-flows.ts';

const server = useServer();

test('serves the app shell, its code compressed, the pages beyond sign-in loaded when opened or idle', async ({
  page,
}, testInfo) => {
  const scripts: Response[] = [];
  page.on('response', (response) => {
    if (/\/assets\/[^/]+\.js$/.test(new URL(response.url()).pathname)) scripts.push(response);
  });
  const response = await page.goto(server().url);
  expect(response?.status()).toBe(200);
  await expect(page.locator('#root')).not.toBeEmpty();
  // The browser takes brotli, so every script comes as the build's .br copy (small ones excepted).
  expect(scripts.length).toBeGreaterThan(0);
  const encodings = await Promise.all(
    scripts.map(async (script) => ({
      size: Number((await script.allHeaders())['content-length'] ?? 0),
      encoding: await script.headerValue('content-encoding'),
    })),
  );
  expect(encodings.filter((entry) => entry.encoding === 'br').length).toBeGreaterThan(0);
  expect(encodings.filter((entry) => entry.encoding !== 'br' && entry.size >= 1024)).toEqual([]);
  // The first-run page is not part of the initial load: its file comes when the page opens.
  const indexHtml = await (await page.request.get(`${server().url}/login`)).text();
  const setupPageScript = scripts.find((script) => /setup-page-[^/]+\.js$/.test(script.url()));
  expect(setupPageScript).toBeDefined();
  expect(indexHtml).toContain('/assets/index-');
  expect(indexHtml).not.toContain('setup-page-');
  // Nor is the home page's, which the browser fetches while idle (most visits sign in and land there).
  expect(indexHtml).not.toContain('home-page-');
  await expect.poll(() => scripts.some((script) => /home-page-[^/]+\.js$/.test(script.url()))).toBe(true);
  await shot(page, testInfo, 'smoke-home');
});

test('a page whose code file is gone (the app was updated) says so inside the shell; Reload brings it back', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const owner = await createOrg(server(), testInfo, 'Harbor Freight Lines');
  await signInPage(page, server(), owner.email, owner.password);
  // After an update the previous build's files no longer exist: the reports' chart file answers 404.
  const chartFile = '**/assets/report-charts-*.js';
  await page.route(chartFile, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
  await page.goto(`${server().url}/reports`);
  await expect(page.getByText(t(lang, 'common.pageOutdatedTitle'))).toBeVisible();
  await expect(page.getByText(t(lang, 'common.pageOutdatedText'))).toBeVisible();
  await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  await shot(page, testInfo, 'app-page-outdated');

  await page.unroute(chartFile);
  await page.getByRole('button', { name: t(lang, 'common.reload') }).click();
  await expect(page.getByRole('heading', { name: t(lang, 'reports.title'), exact: true })).toBeVisible();
  await expect(page.getByText(t(lang, 'common.pageOutdatedTitle'))).toHaveCount(0);

  // A page's own code file (loaded when the page is first opened) gone too: the same notice, inside the shell.
  const tasksPageFile = '**/assets/tasks-page-*.js';
  await page.route(tasksPageFile, (route) =>
    route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }),
  );
  await page.getByRole('menuitem', { name: new RegExp(t(lang, 'nav.tasks')) }).click();
  await expect(page.getByText(t(lang, 'common.pageOutdatedTitle'))).toBeVisible();
  await expect(page.getByTestId('org-name')).toHaveText(owner.orgName);
  await page.unroute(tasksPageFile);
  await page.getByRole('button', { name: t(lang, 'common.reload') }).click();
  await expect(page.getByRole('heading', { name: t(lang, 'tasks.title'), exact: true })).toBeVisible();
});
