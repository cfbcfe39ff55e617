// Personal API tokens in the browser: create one in Settings → API tokens behind the "confirm it's you" step, copy it
// from the one-time panel, call the CRM API with it from outside the browser, revoke it, and the same call is refused.
import { passStepUpIfAsked, toast, translator } from './support/admin-ui.ts';
import { apiRequest, expect, test, useServer } from './support/fixtures.ts';
import { createOrg, openSettingsEntry, pageShot, settled, signInPage, type Owner } from './support/org-flows.ts';
import { waitUntilStepUpExpires } from './support/two-step-ui.ts';

const STEP_UP_SECONDS = 15;
const running = useServer({ env: { STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) } });

const tokenNames = { en: 'Nightly export', 'zh-CN': '每晚导出到数据仓库' };

let owner: Owner;

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  owner = await createOrg(running(), testInfo, 'Northwind Traders');
  await apiRequest(running().url, 'POST', '/api/customers', {
    cookieHeader: owner.cookieHeader,
    body: { name: 'Contoso Pharmaceuticals' },
  });
});

test('create a token with step-up, use it from a script, revoke it', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const server = running();
  const name = testInfo.project.name === 'zh-CN' ? tokenNames['zh-CN'] : tokenNames.en;
  await signInPage(page, server, owner.email, owner.password);
  await openSettingsEntry(page, server.url, tr('settings.navigation'), tr('settings.nav.apiTokens'));
  await expect(page.getByRole('heading', { name: tr('apiTokens.title') })).toBeVisible();
  await expect(page.getByText(tr('apiTokens.empty'))).toBeVisible();

  // The sign-in no longer counts as recent: creating a credential asks to confirm it's you.
  await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
  await page
    .getByRole('button', { name: tr('apiTokens.new') })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: tr('apiTokens.create.title') });
  await dialog.getByLabel(tr('apiTokens.create.name')).fill(name);
  await dialog.getByRole('checkbox', { name: /crm:write/ }).check();
  // Writing brings reading with it.
  await expect(dialog.getByRole('checkbox', { name: /crm:read/ })).toBeChecked();
  await settled(page);
  await pageShot(page, testInfo, 'api-token-create-form');
  await dialog.getByRole('button', { name: tr('apiTokens.create.submit') }).click();
  const reveal = page.getByTestId('api-token-reveal');
  expect(await passStepUpIfAsked(page, testInfo, owner.password, reveal)).toBe(true);

  const secret = (await page.getByTestId('api-token-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^clt_[A-Za-z0-9_-]{43}$/);
  await expect(reveal).toContainText(tr('apiTokens.created.warningTitle'));
  await expect(reveal).toContainText(`${server.url}/api/customers`);
  await settled(page);
  await pageShot(page, testInfo, 'api-token-created');
  await reveal.getByRole('button', { name: tr('apiTokens.created.done') }).click();

  // The list shows the token's prefix, never the secret.
  const row = page.getByTestId('api-tokens-table').locator('.ant-table-row').filter({ hasText: name });
  await expect(row).toContainText(`${secret.slice(0, 10)}…`);
  await expect(row).toContainText('crm:write');
  await expect(row).toContainText(tr('apiTokens.table.neverUsed'));
  await expect(page.getByText(secret)).toHaveCount(0);

  // A script: no cookie, only the header.
  const authorization = { Authorization: `Bearer ${secret}` };
  const used = await request.get(`${server.url}/api/customers`, { headers: authorization });
  expect(used.status()).toBe(200);
  expect(JSON.stringify(await used.json())).toContain('Contoso Pharmaceuticals');

  await page.reload();
  await expect(row).not.toContainText(tr('apiTokens.table.neverUsed'));
  await settled(page);
  await pageShot(page, testInfo, 'api-tokens-list');

  // Owners also see the organisation's tokens.
  await page.getByRole('tab', { name: tr('apiTokens.tabs.organization') }).click();
  await expect(page.getByTestId('org-api-tokens-table')).toContainText(owner.name);
  await settled(page);
  // At a 1280 px window the organisation's table fits the settings page: nothing to scroll sideways.
  expect(page.viewportSize()?.width).toBe(1280);
  const scroller = page.getByTestId('org-api-tokens-table').locator('.ant-table-content');
  expect(await scroller.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  await pageShot(page, testInfo, 'api-tokens-organization');
  await page.getByRole('tab', { name: tr('apiTokens.tabs.mine') }).click();

  await row.getByRole('button', { name: tr('apiTokens.revoke.actionFor', { name }) }).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: tr('apiTokens.revoke.action'), exact: true })
    .click();
  await expect(toast(page, tr('apiTokens.revoke.done', { name }))).toBeVisible();
  await expect(row).toHaveCount(0);

  const refused = await request.get(`${server.url}/api/customers`, { headers: authorization });
  expect(refused.status()).toBe(401);
});
