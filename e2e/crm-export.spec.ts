// CRM exports in the browser: filter the customer list, Export ▾ → CSV, confirm it's you (the sign-in is no longer
// recent), the file downloads with a localized name, a BOM, localized headers and exactly the filtered rows; then Excel
// without asking again, and the contacts list's CSV.
import { readFileSync } from 'node:fs';
import type { Download, Page, TestInfo } from '@playwright/test';
import { browserToday, passStepUpIfAsked, pluralKey, stepUpDialog, toast, translator } from './support/admin-ui.ts';
import { apiRequest, expect, projectLocale, test, useServer } from './support/fixtures.ts';
import { createOrg, pageShot, settled, signInPage, type Owner } from './support/org-flows.ts';
import { waitUntilStepUpExpires } from './support/two-step-ui.ts';
import { dismissBanners } from './support/banners.ts';

const STEP_UP_SECONDS = 15;
const running = useServer({ env: { STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) } });

// A browser in Shanghai: the files are dated, and their times written, in the requester's zone (the server runs in UTC).
test.use({ timezoneId: 'Asia/Shanghai' });

/** Level A customers (exported), a level B one (filtered out) and a contact, named naturally in each language. */
const names = {
  en: { levelA: ['Contoso Pharmaceuticals', 'Fabrikam Logistics'], levelB: 'Tailspin Toys', contact: 'Lily Chen' },
  'zh-CN': { levelA: ['杭州西湖茶业有限公司', '成都天府物流有限公司'], levelB: '上海浦江玩具厂', contact: '陈丽' },
};
/** The first CSV headers as the server writes them (server/src/i18n/*.json, crmExport.*.columns). */
const headers = {
  en: {
    customers: ['Name', 'Owner', 'Level', 'Status'],
    contacts: ['Name', 'Customer', 'Job title'],
    fileCustomers: 'customers',
    fileContacts: 'contacts',
  },
  'zh-CN': {
    customers: ['客户名称', '负责人', '客户级别', '客户状态'],
    contacts: ['姓名', '所属客户', '职务'],
    fileCustomers: '客户',
    fileContacts: '联系人',
  },
};
const FORMULA = '=HYPERLINK("http://evil.test","x")';

let owner: Owner;

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  const local = names[projectLocale(testInfo)];
  const create = async (body: Record<string, unknown>) =>
    (await apiRequest<{ id: string }>(server.url, 'POST', '/api/customers', { cookieHeader: owner.cookieHeader, body }))
      .body.id;
  const first = await create({ name: local.levelA[0], level: 'A', status: 'active' });
  await create({ name: local.levelA[1], level: 'A' });
  await create({ name: FORMULA, level: 'A' });
  await create({ name: local.levelB, level: 'B' });
  await apiRequest(server.url, 'POST', '/api/contacts', {
    cookieHeader: owner.cookieHeader,
    body: { customerId: first, name: local.contact },
  });
});

/** The rows of a downloaded CSV, after checking it starts with the UTF-8 byte order mark. */
async function csvLines(download: Download): Promise<string[]> {
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
}

/** The owner's "only owner" and "no way back" banners are not what these screenshots are about. */

/** Opens Export ▾ and picks a format; the download starts after the (possible) step-up. */
async function chooseExport(page: Page, testInfo: TestInfo, testId: string, format: 'csv' | 'xlsx'): Promise<void> {
  const tr = translator(testInfo);
  await page.getByTestId(testId).click();
  await page.getByRole('menuitem', { name: tr(`crmExport.${format}`) }).click();
}

test('export the filtered customer list as CSV after step-up, then Excel, then contacts', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const tr = translator(testInfo);
  const server = running();
  const locale = projectLocale(testInfo);
  const local = names[locale];
  await signInPage(page, server, owner.email, owner.password);
  const today = await browserToday(page);
  await page.goto(`${server.url}/customers?level=A`);
  await expect(page.getByRole('heading', { name: tr('customers.title'), exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.locator('.ant-table-row')).toHaveCount(3);
  await dismissBanners(page, testInfo);
  await settled(page);

  // The sign-in no longer counts as recent: taking the data out asks to confirm it's you.
  await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
  await page.getByTestId('customers-export').click();
  await expect(page.getByRole('menuitem', { name: tr('crmExport.xlsx') })).toBeVisible();
  await expect(page.getByText(tr('crmExport.hint'))).toBeVisible();
  await settled(page);
  await pageShot(page, testInfo, 'crm-export-menu');
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: tr('crmExport.csv') }).click();
  const dialog = stepUpDialog(page, testInfo);
  await expect(dialog).toBeVisible();
  // The dialog says why an export asks, not the default "affects how you get back into your account".
  await expect(dialog).toContainText(tr('crmExport.stepUpReason'));
  await settled(page);
  await pageShot(page, testInfo, 'crm-export-step-up');
  const fileName = `${headers[locale].fileCustomers}-${today}.csv`;
  const done = toast(page, tr(pluralKey(testInfo, 'crmExport.done.customers', 3), { count: 3, file: fileName }));
  expect(await passStepUpIfAsked(page, testInfo, owner.password, done)).toBe(true);
  const csv = await downloading;
  expect(csv.suggestedFilename()).toBe(fileName);
  const lines = await csvLines(csv);
  expect(lines[0]?.startsWith(headers[locale].customers.join(','))).toBe(true);
  expect(lines[0]).toContain(locale === 'en' ? 'Created (Asia/Shanghai)' : '创建时间（Asia/Shanghai）');
  expect(lines).toHaveLength(4);
  const body = lines.slice(1).join('\n');
  for (const name of local.levelA) expect(body).toContain(name);
  expect(body).not.toContain(local.levelB);
  // Formula injection: the cell is text, prefixed with an apostrophe (and quoted, for its quotes and comma).
  expect(body).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
  await settled(page);
  await pageShot(page, testInfo, 'crm-export-done');

  // Within the step-up window: Excel downloads straight away.
  const excelDownload = page.waitForEvent('download');
  await chooseExport(page, testInfo, 'customers-export', 'xlsx');
  const excel = await excelDownload;
  expect(excel.suggestedFilename()).toBe(`${headers[locale].fileCustomers}-${today}.xlsx`);
  expect(
    readFileSync(await excel.path())
      .subarray(0, 2)
      .toString('latin1'),
  ).toBe('PK');
  await expect(stepUpDialog(page, testInfo)).toBeHidden();

  await page.goto(`${server.url}/contacts`);
  await expect(page.getByRole('heading', { name: tr('contacts.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await settled(page);
  const contactsDownload = page.waitForEvent('download');
  await chooseExport(page, testInfo, 'contacts-export', 'csv');
  const contacts = await contactsDownload;
  expect(contacts.suggestedFilename()).toBe(`${headers[locale].fileContacts}-${today}.csv`);
  const contactLines = await csvLines(contacts);
  expect(contactLines[0]?.startsWith(headers[locale].contacts.join(','))).toBe(true);
  expect(contactLines[1]?.startsWith(`${local.contact},${local.levelA[0]},`)).toBe(true);
  await expect(
    toast(
      page,
      tr(pluralKey(testInfo, 'crmExport.done.contacts', 1), { count: 1, file: contacts.suggestedFilename() }),
    ),
  ).toBeVisible();
});
