import { expect, shot, test, useServer } from './support/fixtures.ts';

const server = useServer();

test('serves the app shell', async ({ page }, testInfo) => {
  const response = await page.goto(server().url);
  expect(response?.status()).toBe(200);
  await expect(page.locator('#root')).not.toBeEmpty();
  await shot(page, testInfo, 'smoke-home');
});
