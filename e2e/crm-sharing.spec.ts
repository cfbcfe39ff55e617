// Record sharing in the browser: a salesperson shares his customer with a colleague from the customer's page; the
// colleague signs in, finds it in his list, marked "Shared with you" there (his own customer is not) and on its page,
// without a Share button of his own; the owner stops sharing and the colleague's page answers "not found".
import type { Page, TestInfo } from '@playwright/test';
import { toast, translator } from './support/admin-ui.ts';
import { dismissBanners } from './support/banners.ts';
import { apiRequest, expect, projectLocale, test, useServer } from './support/fixtures.ts';
import {
  MEMBER_PASSWORD,
  addMemberViaApi,
  createOrg,
  pageShot,
  pickOption,
  settled,
  signInPage,
  type Owner,
} from './support/org-flows.ts';

const running = useServer();

const dan = { email: 'dan.deng@northwind.example', name: 'Dan Deng', role: 'sales' as const };
const eve = { email: 'eve.wu@northwind.example', name: 'Eve Wu', role: 'sales' as const };

const names = {
  en: {
    shared: 'Harbour Freight Ltd',
    other: 'Lotus Ceramics',
    own: 'Pine Valley Dairy',
    deal: 'Cold-chain fleet renewal',
  },
  'zh-CN': {
    shared: '宁波港通货运有限公司',
    other: '景德镇莲花陶瓷厂',
    own: '松谷乳业有限公司',
    deal: '冷链车队更新项目',
  },
};

let owner: Owner;
let sharedId = '';
let dealId = '';

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  await addMemberViaApi(server, owner, dan);
  await addMemberViaApi(server, owner, eve);
  const members = await apiRequest<{ id: string; email: string }[]>(server.url, 'GET', '/api/members', {
    cookieHeader: owner.cookieHeader,
  });
  const danId = members.body.find((member) => member.email === dan.email)?.id;
  const eveId = members.body.find((member) => member.email === eve.email)?.id;
  const local = names[projectLocale(testInfo)];
  const created = await apiRequest<{ id: string }>(server.url, 'POST', '/api/customers', {
    cookieHeader: owner.cookieHeader,
    body: { name: local.shared, ownerId: danId, level: 'A' },
  });
  sharedId = created.body.id;
  await apiRequest(server.url, 'POST', '/api/customers', {
    cookieHeader: owner.cookieHeader,
    body: { name: local.own, ownerId: eveId },
  });
  const other = await apiRequest<{ id: string }>(server.url, 'POST', '/api/customers', {
    cookieHeader: owner.cookieHeader,
    body: { name: local.other, ownerId: danId },
  });
  const deal = await apiRequest<{ id: string }>(server.url, 'POST', '/api/deals', {
    cookieHeader: owner.cookieHeader,
    body: { customerId: other.body.id, name: local.deal, amount: '250000.00', ownerId: danId },
  });
  dealId = deal.body.id;
});

async function quietShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}

async function openCustomer(page: Page, testInfo: TestInfo): Promise<void> {
  await page.goto(`${running().url}/customers/${sharedId}`);
  await expect(page.getByTestId('customer-name')).toHaveText(names[projectLocale(testInfo)].shared);
  await dismissBanners(page, testInfo);
}

test('a salesperson shares his customer with a colleague', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  await signInPage(page, running(), dan.email, MEMBER_PASSWORD);
  await openCustomer(page, testInfo);
  await expect(page.getByTestId('shared-with-you')).toHaveCount(0);
  await page.getByTestId('share-button').click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog.getByText(tr('sharing.dialog.none'))).toBeVisible();
  await pickOption(page, dialog.getByRole('combobox', { name: tr('sharing.dialog.pick') }), eve.name);
  await dialog.getByRole('button', { name: tr('sharing.dialog.add') }).click();
  await expect(toast(page, tr('sharing.dialog.added', { name: eve.name }))).toBeVisible();
  await expect(dialog.getByTestId('share-item')).toHaveCount(1);
  await expect(dialog.getByTestId('share-item')).toContainText(eve.name);
  await expect(dialog.getByTestId('share-item')).toContainText(dan.name);
  await quietShot(page, testInfo, 'crm-sharing-dialog');
  await dialog.getByRole('button', { name: tr('sharing.dialog.done') }).click();
  await expect(page.getByTestId('share-button')).toHaveText(tr('sharing.button.withCount', { count: 1 }));
  // The customer's history says who shared it with whom.
  await page.goto(`${running().url}/customers/${sharedId}?tab=history`);
  await expect(page.getByTestId('customer-history')).toContainText(`${tr('sharing.history.shared')} ${eve.name}`);
});

test('the colleague sees the shared customer, marked as shared with him, and cannot share it further', async ({
  page,
}, testInfo) => {
  const tr = translator(testInfo);
  const local = names[projectLocale(testInfo)];
  await signInPage(page, running(), eve.email, MEMBER_PASSWORD);
  await page.goto(`${running().url}/customers`);
  await expect(page.getByRole('link', { name: local.shared, exact: true })).toBeVisible();
  await dismissBanners(page, testInfo);
  await expect(page.getByRole('link', { name: local.other, exact: true })).toHaveCount(0);
  // The list marks the row he sees only through the share, and not his own customer's.
  const sharedRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: local.shared, exact: true }) });
  const ownRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: local.own, exact: true }) });
  await expect(sharedRow.getByTestId('shared-with-you')).toHaveText(tr('sharing.tag.sharedWithYou'));
  await expect(ownRow).toBeVisible();
  await expect(ownRow.getByTestId('shared-with-you')).toHaveCount(0);
  await quietShot(page, testInfo, 'crm-sharing-list-shared-with-you');
  await page.getByRole('link', { name: local.shared, exact: true }).click();
  await expect(page.getByTestId('shared-with-you')).toHaveText(tr('sharing.tag.sharedWithYou'));
  await expect(page.getByRole('button', { name: tr('customers.action.edit') })).toBeVisible();
  await expect(page.getByTestId('share-button')).toHaveCount(0);
  await quietShot(page, testInfo, 'crm-sharing-shared-with-you');
});

test('the owner stops sharing and the colleague loses access at once', async ({ page, browser }, testInfo) => {
  const tr = translator(testInfo);
  await signInPage(page, running(), dan.email, MEMBER_PASSWORD);
  await openCustomer(page, testInfo);
  await page.getByTestId('share-button').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByRole('button', { name: tr('sharing.dialog.remove', { name: eve.name }) }).click();
  await expect(dialog.getByText(tr('sharing.dialog.none'))).toBeVisible();
  await dialog.getByRole('button', { name: tr('sharing.dialog.done') }).click();
  await expect(page.getByTestId('share-button')).toHaveText(tr('sharing.button.share'));

  const context = await browser.newContext({ locale: projectLocale(testInfo) });
  try {
    const colleague = await context.newPage();
    await signInPage(colleague, running(), eve.email, MEMBER_PASSWORD);
    await colleague.goto(`${running().url}/customers/${sharedId}`);
    await expect(colleague.getByText(tr('customers.notFound.title'))).toBeVisible();
  } finally {
    await context.close();
  }
});

test('a deal is shared from its drawer and shows as shared with the colleague', async ({ page, browser }, testInfo) => {
  const tr = translator(testInfo);
  const local = names[projectLocale(testInfo)];
  await signInPage(page, running(), dan.email, MEMBER_PASSWORD);
  await page.goto(`${running().url}/deals?deal=${dealId}`);
  const drawer = page.getByTestId('deal-detail');
  await expect(drawer.getByText(local.deal).first()).toBeVisible();
  await drawer.getByTestId('share-button').click();
  const dialog = page.getByTestId('share-dialog');
  await pickOption(page, dialog.getByRole('combobox', { name: tr('sharing.dialog.pick') }), eve.name);
  await dialog.getByRole('button', { name: tr('sharing.dialog.add') }).click();
  await expect(dialog.getByTestId('share-item')).toContainText(eve.name);
  await dialog.getByRole('button', { name: tr('sharing.dialog.done') }).click();
  await expect(drawer.getByTestId('deal-history')).toContainText(`${tr('sharing.history.shared')} ${eve.name}`);

  const context = await browser.newContext({ locale: projectLocale(testInfo) });
  try {
    const colleague = await context.newPage();
    await signInPage(colleague, running(), eve.email, MEMBER_PASSWORD);
    await colleague.goto(`${running().url}/deals?deal=${dealId}`);
    await dismissBanners(colleague, testInfo);
    const theirs = colleague.getByTestId('deal-detail');
    await expect(theirs.getByTestId('shared-with-you')).toHaveText(tr('sharing.tag.sharedWithYou'));
    await expect(theirs.getByTestId('share-button')).toHaveCount(0);
    await quietShot(colleague, testInfo, 'crm-sharing-deal-shared-with-you');
    // The deals list marks it too.
    await colleague.goto(`${running().url}/deals?view=list`);
    const dealLink = colleague.getByTestId('deal-link').filter({ hasText: local.deal });
    const dealRow = colleague.getByRole('row').filter({ has: dealLink });
    await expect(dealRow.getByTestId('shared-with-you')).toHaveText(tr('sharing.tag.sharedWithYou'));
  } finally {
    await context.close();
  }
});
