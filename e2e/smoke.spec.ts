import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import { createOrg, signInPage } from './support/org-flows.ts';

const server = useServer();

test('serves the app shell', async ({ page }, testInfo) => {
  const response = await page.goto(server().url);
  expect(response?.status()).toBe(200);
  await expect(page.locator('#root')).not.toBeEmpty();
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
});
