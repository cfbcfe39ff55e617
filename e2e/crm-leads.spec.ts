// Leads (线索) in the browser: create one, edit it, convert it into a customer + contact + deal in one step and find
// the customer; the list, detail page and convert dialog are screenshotted; a salesperson never sees a colleague's lead.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { pluralKey, toast, translator } from './support/admin-ui.ts';
import { apiRequest, expect, loginApi, projectLocale, test, useServer } from './support/fixtures.ts';
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
import { dismissBanners } from './support/banners.ts';

const running = useServer();

const dan = { email: 'dan.deng@leads.example', name: 'Dan Deng', role: 'sales' as const };
const sam = { email: 'sam.song@leads.example', name: 'Sam Song', role: 'sales' as const };

const names = {
  en: {
    lead: 'Lily Chen',
    company: 'Harbour Fresh Foods Ltd.',
    other: 'Mark Lee',
    otherCompany: 'Lee Bicycles',
    samLead: 'Peter Zhou',
    deal: 'Harbour Fresh first order',
    notes: 'Met at the Canton Fair; wants a quote for cold storage.',
  },
  'zh-CN': {
    lead: '陈丽',
    company: '深圳港鲜食品有限公司',
    other: '李明',
    otherCompany: '李氏自行车行',
    samLead: '周鹏',
    deal: '港鲜食品首单',
    notes: '广交会上认识，需要冷库报价。',
  },
};

let owner: Owner;
let samLeadId = '';

function namesFor(testInfo: TestInfo) {
  return names[projectLocale(testInfo)];
}

function endsWith(label: string): RegExp {
  return new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Harbour Traders');
  await addMemberViaApi(server, owner, dan);
  await addMemberViaApi(server, owner, sam);
  const local = namesFor(testInfo);
  await apiRequest(server.url, 'POST', '/api/leads', {
    cookieHeader: owner.cookieHeader,
    body: { name: local.other, company: local.otherCompany, source: 'referral', status: 'contacted' },
  });
  const samCookie = (await loginApi(server.url, { identifier: sam.email, password: MEMBER_PASSWORD })).cookieHeader;
  const created = await apiRequest<{ id: string }>(server.url, 'POST', '/api/leads', {
    cookieHeader: samCookie,
    body: { name: local.samLead, source: 'cold_call' },
  });
  samLeadId = created.body.id;
});

async function openLeads(page: Page, testInfo: TestInfo): Promise<void> {
  const tr = translator(testInfo);
  await page.goto(`${running().url}/leads`);
  await expect(page.getByRole('heading', { name: tr('leads.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await settled(page);
}

function leadRow(page: Page, name: string): Locator {
  return page.locator('.ant-table-row').filter({ hasText: name });
}

async function screenshotQuietly(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}

test('leads: create, edit, convert into customer + contact + deal', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  await signInPage(page, running(), owner.email, owner.password);
  await openLeads(page, testInfo);
  await dismissBanners(page, testInfo);

  await test.step('create a lead', async () => {
    await page
      .getByRole('button', { name: endsWith(tr('leads.new')) })
      .first()
      .click();
    const form = page.getByTestId('lead-form');
    await form.getByLabel(tr('leads.field.name'), { exact: true }).fill(local.lead);
    await form.getByLabel(tr('leads.field.company'), { exact: true }).fill(local.company);
    await form.getByLabel(tr('leads.field.phone'), { exact: true }).fill('+86 755 2666 1234');
    await form.getByLabel(tr('leads.field.email'), { exact: true }).fill('lily.chen@harbour.example');
    await pickOption(
      page,
      form.getByLabel(tr('leads.field.source'), { exact: true }),
      tr('customers.source.exhibition'),
    );
    await form.getByRole('button', { name: tr('leads.form.create'), exact: true }).click();
    await expect(toast(page, tr('leads.form.created', { name: local.lead }))).toBeVisible();
    await expect(page.getByTestId('lead-name')).toHaveText(local.lead);
  });

  await test.step("the page's buttons stay where they are while its share list loads", async () => {
    // Twice in CI a click right after this page appeared was lost: the share button appeared a moment later and
    // pushed the buttons beside it aside between the press and the release. Its answer held back for a second here.
    await page.route('**/api/leads/*/shares', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // A request of the page before the reload may still be held here: the reload has cancelled it by now.
      await route.continue().catch(() => undefined);
    });
    const answered = page.waitForResponse('**/api/leads/*/shares');
    await page.reload();
    const edit = page.getByRole('button', { name: endsWith(tr('customers.action.edit')) });
    await expect(edit).toBeVisible();
    const before = await edit.boundingBox();
    await answered;
    await expect(page.getByTestId('share-button')).toBeVisible();
    expect(await edit.boundingBox()).toEqual(before);
    await page.unroute('**/api/leads/*/shares');
  });

  await test.step('edit it: status and notes, recorded in the history', async () => {
    await page.getByRole('button', { name: endsWith(tr('customers.action.edit')) }).click();
    const form = page.getByTestId('lead-form');
    await pickOption(page, form.getByLabel(tr('leads.field.status'), { exact: true }), tr('leads.status.qualified'));
    await form.getByLabel(tr('leads.field.notes'), { exact: true }).fill(local.notes);
    await form.getByRole('button', { name: tr('customers.form.save'), exact: true }).click();
    await expect(toast(page, tr('leads.form.saved', { name: local.lead }))).toBeVisible();
    const history = page.getByTestId('lead-history');
    await expect(history).toContainText(tr('leads.history.action.updated'));
    await expect(history).toContainText(tr('leads.status.qualified'));
    await screenshotQuietly(page, testInfo, 'crm-leads-02-detail');
  });

  await test.step('the list shows both leads with their status', async () => {
    await openLeads(page, testInfo);
    await expect(leadRow(page, local.lead)).toContainText(tr('leads.status.qualified'));
    await expect(leadRow(page, local.other)).toContainText(local.otherCompany);
    await expect(page.getByTestId('leads-count')).toContainText('3');
    await screenshotQuietly(page, testInfo, 'crm-leads-01-list');
    await leadRow(page, local.lead).click();
    await expect(page.getByTestId('lead-name')).toHaveText(local.lead);
  });

  await test.step('convert into a new customer, a contact and a deal', async () => {
    const dialog = page.getByTestId('lead-convert-dialog');
    const customerName = dialog.getByLabel(tr('leads.convert.customerName'), { exact: true });
    await page.getByRole('button', { name: endsWith(tr('leads.convert.open')) }).click();
    await expect(customerName).toHaveValue(local.company);
    await expect(dialog.getByLabel(tr('leads.convert.contactName'), { exact: true })).toHaveValue(local.lead);
    await dialog.getByText(tr('leads.convert.withDeal'), { exact: true }).click();
    await dialog.getByLabel(tr('leads.convert.dealName'), { exact: true }).fill(local.deal);
    await dialog.getByLabel(tr('leads.convert.dealAmount'), { exact: true }).fill('56000');
    await settled(page);
    await pageShot(page, testInfo, 'crm-leads-03-convert-dialog');
    await page.getByRole('button', { name: tr('leads.convert.submit'), exact: true }).click();
    await expect(toast(page, tr('leads.convert.done', { name: local.lead }))).toBeVisible();
  });

  await test.step('the new customer has the contact, the deal and "converted from lead" in its history', async () => {
    await expect(page.getByTestId('customer-name')).toHaveText(local.company);
    await expect(page.getByRole('tab', { name: tr(pluralKey(testInfo, 'deals.tab', 1), { count: 1 }) })).toBeVisible();
    await page.getByRole('tab', { name: tr('customers.detail.historyTab') }).click();
    await expect(page.getByTestId('customer-history')).toContainText(
      tr('customers.history.action.converted_from_lead'),
    );
    await page.goto(`${running().url}/leads`);
    await expect(leadRow(page, local.lead)).toContainText(tr('leads.status.converted'));
    await leadRow(page, local.lead).click();
    await expect(page.getByTestId('lead-converted').getByRole('link', { name: local.company })).toBeVisible();
    await expect(page.getByRole('button', { name: endsWith(tr('customers.action.edit')) })).toHaveCount(0);
  });
});

test('a salesperson does not see a colleague’s lead', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  await signInPage(page, running(), dan.email, MEMBER_PASSWORD);
  await openLeads(page, testInfo);
  await expect(page.getByText(tr('leads.list.empty'))).toBeVisible();
  await expect(leadRow(page, local.samLead)).toHaveCount(0);
  await page.goto(`${running().url}/leads/${samLeadId}`);
  await expect(page.getByText(tr('leads.notFound'), { exact: true })).toBeVisible();
});
