// The public pool (公海) in the browser: the owner sets the pool rule; a salesperson sees the claims left, claims a
// pool customer, finds it among their customers, and releases it back to the pool from its page.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { toast, translator } from './support/admin-ui.ts';
import { apiRequest, expect, projectLocale, test, useServer } from './support/fixtures.ts';
import {
  MEMBER_PASSWORD,
  addMemberViaApi,
  createOrg,
  pageShot,
  settled,
  signInPage,
  type Owner,
} from './support/org-flows.ts';
import { dismissBanners } from './support/banners.ts';

const running = useServer();

const dan = { email: 'dan.deng@northwind.example', name: 'Dan Deng', role: 'sales' as const };

const names = {
  en: {
    claimed: 'Harbour Freight Ltd',
    others: ['Lotus Ceramics', 'Blue River Foods', 'Summit Office Supplies'],
    reason: 'No budget this year',
  },
  'zh-CN': {
    claimed: '宁波港通货运有限公司',
    others: ['景德镇莲花陶瓷厂', '苏州蓝河食品有限公司', '广州峰会办公用品'],
    reason: '今年没有预算',
  },
};

let owner: Owner;

function namesFor(testInfo: TestInfo) {
  return names[projectLocale(testInfo)];
}

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  await addMemberViaApi(server, owner, dan);
  const local = namesFor(testInfo);
  for (const name of [local.claimed, ...local.others]) {
    await apiRequest(server.url, 'POST', '/api/customers', {
      cookieHeader: owner.cookieHeader,
      body: { name, ownerId: null },
    });
  }
});

/** The owner's "only owner" and "no way back" banners are not what these screenshots are about. */

async function quietShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}

function poolRow(page: Page, name: string): Locator {
  return page
    .getByTestId('pool-table')
    .locator('.ant-table-row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('the owner sets the public pool rule', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  await signInPage(page, running(), owner.email, owner.password);
  await page.goto(`${running().url}/settings/pool-rule`);
  await expect(page.getByRole('heading', { name: tr('pool.rule.title'), exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await dismissBanners(page, testInfo);
  await page.getByLabel(tr('pool.rule.claimLimit'), { exact: true }).fill('5');
  await page.getByRole('switch', { name: tr('pool.rule.returnEnabled') }).click();
  await page.getByLabel(tr('pool.rule.returnAfter'), { exact: true }).fill('45');
  await page.getByLabel(tr('pool.rule.cooldown'), { exact: true }).fill('7');
  await page.getByRole('button', { name: tr('pool.rule.save') }).click();
  await expect(toast(page, tr('pool.rule.saved'))).toBeVisible();
  const saved = await apiRequest<{ rule: unknown }>(running().url, 'GET', '/api/pool', {
    cookieHeader: owner.cookieHeader,
  });
  expect(saved.body.rule).toEqual({ claimLimitPerDay: 5, returnAfterDays: 45, noticeDays: 3, reclaimCooldownDays: 7 });
  await quietShot(page, testInfo, 'crm-pool-01-rule-settings');
});

test('a salesperson claims a pool customer, finds it in their list and releases it', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  await signInPage(page, running(), dan.email, MEMBER_PASSWORD);
  await page.goto(`${running().url}/pool`);
  await expect(page.getByRole('heading', { name: tr('pool.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(poolRow(page, local.claimed)).toBeVisible();
  await expect(page.getByTestId('pool-claims-left')).toHaveText(tr('pool.claimsLeft', { left: 5, limit: 5 }));
  await quietShot(page, testInfo, 'crm-pool-02-pool-page');

  await test.step('claim', async () => {
    await page.getByRole('button', { name: tr('pool.claimFor', { name: local.claimed }) }).click();
    await expect(toast(page, tr('pool.claimed', { name: local.claimed }))).toBeVisible();
    await expect(poolRow(page, local.claimed)).toHaveCount(0);
    await expect(page.getByTestId('pool-claims-left')).toHaveText(tr('pool.claimsLeft', { left: 4, limit: 5 }));
  });

  await test.step('the customer is in their list', async () => {
    await page.getByRole('menuitem', { name: tr('nav.customers') }).click();
    await expect(page.getByRole('heading', { name: tr('customers.title'), exact: true })).toBeVisible();
    const link = page.getByRole('link', { name: local.claimed, exact: true });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByTestId('customer-owner')).toContainText(dan.name);
  });

  await test.step('release it back to the pool', async () => {
    await page.getByRole('button', { name: tr('pool.release.button') }).click();
    const dialog = page.getByRole('dialog', { name: tr('pool.release.title', { name: local.claimed }) });
    await dialog.getByLabel(tr('pool.release.reason')).fill(local.reason);
    await settled(page);
    await pageShot(page, testInfo, 'crm-pool-03-release-dialog');
    await dialog.getByRole('button', { name: tr('pool.release.confirm') }).click();
    await expect(toast(page, tr('pool.release.done', { name: local.claimed }))).toBeVisible();
    await expect(page.getByTestId('customer-owner')).toContainText(tr('customers.noOwner'));
    await page.getByRole('menuitem', { name: tr('nav.pool') }).click();
    await expect(poolRow(page, local.claimed)).toBeVisible();
  });
});
