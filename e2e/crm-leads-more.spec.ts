// Leads on a par with customers: the header search finds a lead and opens it; on the list, two leads are selected and
// handed to a colleague in one step; a filtered list is saved as a view and brought back; the list is exported as CSV
// with localized headers. Each step is screenshotted in en and zh-CN.
import { readFileSync } from 'node:fs';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { browserToday, passStepUpIfAsked, pluralKey, toast, translator } from './support/admin-ui.ts';
import { apiRequest, expect, projectLocale, test, useServer } from './support/fixtures.ts';
import {
  addMemberViaApi,
  createOrg,
  pageShot,
  pickOption,
  settled,
  signInPage,
  type Owner,
} from './support/org-flows.ts';
import { applyView, openViews, viewsButton } from './support/saved-views-ui.ts';
import { dismissBanners } from './support/banners.ts';

const running = useServer();

const dan = { email: 'dan.deng@leads-more.example', name: 'Dan Deng', role: 'sales' as const };

const names = {
  en: {
    searched: 'Grace Huang',
    searchedCompany: 'Bamboo Garden Tea Co.',
    picked: ['Oliver Wu', 'Nina Zhao'],
    other: 'Tom Xu',
    view: 'Qualified leads',
    headers: ['Name', 'Company', 'Owner', 'Status'],
    file: 'leads',
  },
  'zh-CN': {
    searched: '黄佳慧',
    searchedCompany: '竹园茶业有限公司',
    picked: ['吴俊', '赵宁'],
    other: '徐涛',
    view: '有意向的线索',
    headers: ['姓名', '公司', '负责人', '线索状态'],
    file: '线索',
  },
};

let owner: Owner;

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Bamboo Traders');
  await addMemberViaApi(server, owner, dan);
  const local = names[projectLocale(testInfo)];
  const [first = '', second = ''] = local.picked;
  for (const body of [
    { name: local.searched, company: local.searchedCompany, phone: '+86 21 6888 1234', status: 'qualified' },
    { name: first, company: 'Wu & Sons', status: 'qualified', source: 'website' },
    { name: second, status: 'contacted', source: 'referral' },
    { name: local.other, status: 'new' },
  ]) {
    await apiRequest(server.url, 'POST', '/api/leads', { cookieHeader: owner.cookieHeader, body });
  }
});

function leadRow(page: Page, name: string): Locator {
  return page.locator('.ant-table-row').filter({ hasText: name });
}

async function screenshotQuietly(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}

test('leads: header search, bulk transfer, a saved view and a CSV export', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const locale = projectLocale(testInfo);
  const local = names[locale];
  const [first = '', second = ''] = local.picked;
  const rows = page.locator('.ant-table-row');
  await signInPage(page, running(), owner.email, owner.password);
  await page.goto(`${running().url}/leads`);
  await expect(page.getByRole('heading', { name: tr('leads.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await dismissBanners(page, testInfo);
  await expect(rows).toHaveCount(4);

  await test.step('the header search finds the lead by its company and opens it', async () => {
    const search = page.getByRole('combobox', { name: tr('leadTools.search.label') });
    await search.fill(local.searchedCompany.slice(0, 4));
    const option = page.locator('.ant-select-item-option').filter({ hasText: local.searched });
    await expect(option).toBeVisible();
    await expect(
      page.locator('.ant-select-item-group').filter({ hasText: tr('leadTools.search.group') }),
    ).toBeVisible();
    await expect(option).toContainText(tr('leads.status.qualified'));
    await settled(page);
    await pageShot(page, testInfo, 'crm-leads-more-01-search');
    await option.click();
    await expect(page).toHaveURL(/\/leads\/[\da-f-]{36}$/);
    await expect(page.getByTestId('lead-name')).toHaveText(local.searched);
  });

  await test.step('select two leads and hand them to Dan in one step', async () => {
    await page.goto(`${running().url}/leads`);
    await expect(rows).toHaveCount(4);
    await page.getByRole('checkbox', { name: tr('leadTools.bulk.selectRow', { name: first }) }).check();
    await page.getByRole('checkbox', { name: tr('leadTools.bulk.selectRow', { name: second }) }).check();
    const bar = page.getByTestId('lead-bulk-actions');
    await expect(bar).toContainText(tr(pluralKey(testInfo, 'leadTools.bulk.selected', 2), { count: 2 }));
    await bar.getByRole('button', { name: new RegExp(`${tr('leadTools.transfer.open')}$`) }).click();
    const dialog = page.getByRole('dialog', {
      name: tr(pluralKey(testInfo, 'leadTools.transfer.titleMany', 2), { count: 2 }),
    });
    await pickOption(page, dialog.getByLabel(tr('leadTools.transfer.to'), { exact: true }), dan.name, { search: true });
    await dialog
      .getByLabel(tr('leadTools.transfer.note'), { exact: true })
      .fill(locale === 'en' ? 'Dan covers the east' : '由邓丹负责华东');
    await settled(page);
    await pageShot(page, testInfo, 'crm-leads-more-02-transfer-dialog');
    await dialog.getByRole('button', { name: tr('leadTools.transfer.submit'), exact: true }).click();
    await expect(
      toast(page, tr(pluralKey(testInfo, 'leadTools.transfer.done', 2), { count: 2, name: dan.name })),
    ).toBeVisible();
    await expect(bar).toBeHidden();
    await expect(leadRow(page, first)).toContainText(dan.name);
    await expect(leadRow(page, second)).toContainText(dan.name);
    await expect(leadRow(page, local.other)).not.toContainText(dan.name);
    await screenshotQuietly(page, testInfo, 'crm-leads-more-03-transferred');
    await leadRow(page, first).click();
    await expect(page.getByTestId('lead-history')).toContainText(tr('leadTools.history.transferred'));
    await expect(page.getByTestId('lead-history')).toContainText(dan.name);
    // From the detail page, a single lead goes back to its former owner.
    await page.getByRole('button', { name: new RegExp(`${tr('leadTools.transfer.open')}$`) }).click();
    const single = page.getByRole('dialog', { name: tr('leadTools.transfer.titleOne', { name: first }) });
    await pickOption(page, single.getByLabel(tr('leadTools.transfer.to'), { exact: true }), owner.name, {
      search: true,
    });
    await single.getByRole('button', { name: tr('leadTools.transfer.submit'), exact: true }).click();
    await expect(
      toast(page, tr(pluralKey(testInfo, 'leadTools.transfer.done', 1), { count: 1, name: owner.name })),
    ).toBeVisible();
    await expect(page.getByText(`${'Wu & Sons'} · ${owner.name}`)).toBeVisible();
  });

  await test.step('save the qualified leads as a view, clear the filter, and bring it back', async () => {
    await page.goto(`${running().url}/leads`);
    await pickOption(
      page,
      page.getByRole('combobox', { name: tr('leads.field.status'), exact: true }),
      tr('leads.status.qualified'),
    );
    await expect(page).toHaveURL(/status=qualified/);
    await expect(rows).toHaveCount(2);
    const panel = await openViews(page);
    await panel.getByRole('button', { name: new RegExp(`${tr('savedViews.saveCurrent')}$`) }).click();
    const dialog = page.getByRole('dialog', { name: tr('savedViews.dialog.createTitle') });
    await dialog.getByLabel(tr('savedViews.dialog.name'), { exact: true }).fill(local.view);
    await dialog.getByRole('button', { name: tr('savedViews.dialog.create'), exact: true }).click();
    await expect(toast(page, tr('savedViews.created', { name: local.view }))).toBeVisible();
    await page.getByRole('button', { name: tr('customers.filter.clear'), exact: true }).click();
    await expect(rows).toHaveCount(4);
    await applyView(page, local.view);
    await expect(page).toHaveURL(/status=qualified/);
    await expect(rows).toHaveCount(2);
    await expect(viewsButton(page)).toHaveText(local.view);
    await openViews(page);
    await screenshotQuietly(page, testInfo, 'crm-leads-more-04-saved-view');
    await viewsButton(page).click();
  });

  await test.step('export the filtered list as CSV: localized headers, exactly the rows shown', async () => {
    const fileName = `${local.file}-${await browserToday(page)}.csv`;
    const downloading = page.waitForEvent('download');
    await page.getByTestId('leads-export').click();
    await page.getByRole('menuitem', { name: tr('crmExport.csv') }).click();
    const done = toast(page, tr(pluralKey(testInfo, 'leadTools.exported', 2), { count: 2, file: fileName }));
    await passStepUpIfAsked(page, testInfo, owner.password, done);
    await expect(done).toBeVisible();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(fileName);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]?.startsWith(local.headers.join(','))).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).join('\n')).toContain(local.searched);
    expect(lines.slice(1).join('\n')).toContain(first);
    expect(lines.slice(1).join('\n')).not.toContain(local.other);
    await settled(page);
    await pageShot(page, testInfo, 'crm-leads-more-05-exported');
  });
});
