// CRM imports in the browser: a customer CSV with headers in the project's language (one column mapped by hand), its
// check with a bad row and a duplicate, the run with its progress bar, the result, the row report and the customers in
// the list; then contacts from a file with headers in the other language, attached to the customers just imported.
import { readFileSync } from 'node:fs';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { translator } from './support/admin-ui.ts';
import { apiRequest, expect, projectLocale, test, useServer } from './support/fixtures.ts';
import { createOrg, pageShot, pickOption, settled, signInPage, type Owner } from './support/org-flows.ts';
import { dismissBanners } from './support/banners.ts';

const running = useServer();

/** Enough rows for the 500-row batches to move the progress bar a few times, few enough to stay quick. */
const CUSTOMER_ROWS = 2000;
const CONTACT_ROWS = 300;
/** 1-based positions among the data rows; the file's row number is one more (the header is row 1). */
const DUPLICATE_AT = 3;
const BAD_LEVEL_AT = 7;
const UNKNOWN_CUSTOMER_AT = 5;

const local = {
  en: {
    existing: 'Contoso Pharmaceuticals',
    customerName: (index: number) => `Harbor Supply ${String(index).padStart(4, '0')}`,
    customerHeaders: ['Company', 'Vertical', 'Level', 'Source', 'Tags'],
    industries: ['Logistics', 'Retail', 'Manufacturing'],
    sources: ['Referral', 'Trade show', 'website'],
    tags: 'north, import',
    unmappedHeader: 'Vertical',
    contactName: (index: number) => `Alex Morgan ${index}`,
    fileName: 'customers-en.csv',
  },
  'zh-CN': {
    existing: '杭州西湖茶业有限公司',
    customerName: (index: number) => `华东供应链${String(index).padStart(4, '0')}号`,
    customerHeaders: ['公司名称', '业务类别', '客户级别', '客户来源', '标签'],
    industries: ['物流', '零售', '制造'],
    sources: ['客户转介绍', '展会', '官网'],
    tags: '华东、导入',
    unmappedHeader: '业务类别',
    contactName: (index: number) => `王小明${index}`,
    fileName: '客户导入.csv',
  },
};
/** Contacts come with headers in the other language than the project's (both kinds of file in each project). */
const contactHeaders = {
  en: ['姓名', '客户名称', '职务', '邮箱', '是否主联系人'],
  'zh-CN': ['Name', 'Customer', 'Title', 'Email', 'Primary'],
};

let owner: Owner;

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  await apiRequest(server.url, 'POST', '/api/customers', {
    cookieHeader: owner.cookieHeader,
    body: { name: local[projectLocale(testInfo)].existing, level: 'A' },
  });
});

function csvLine(cells: string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

/** A UTF-8 CSV with a BOM, as Excel writes it. */
function csvFile(headers: string[], rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${[headers, ...rows].map(csvLine).join('\r\n')}\r\n`, 'utf8');
}

function customerRows(testInfo: TestInfo): string[][] {
  const words = local[projectLocale(testInfo)];
  return Array.from({ length: CUSTOMER_ROWS }, (_unused, offset) => {
    const index = offset + 1;
    const name = index === DUPLICATE_AT ? words.existing : words.customerName(index);
    const level = index === BAD_LEVEL_AT ? 'Z' : ['A', 'B', 'C'][index % 3];
    return [name, words.industries[index % 3] ?? '', level ?? 'B', words.sources[index % 3] ?? '', words.tags];
  });
}

function contactRows(testInfo: TestInfo): string[][] {
  const words = local[projectLocale(testInfo)];
  const yes = projectLocale(testInfo) === 'en' ? '是' : 'yes';
  const no = projectLocale(testInfo) === 'en' ? '否' : 'no';
  return Array.from({ length: CONTACT_ROWS }, (_unused, offset) => {
    const index = offset + 1;
    // Customers DUPLICATE_AT and BAD_LEVEL_AT were not imported; skip past them.
    const customer = index === UNKNOWN_CUSTOMER_AT ? 'Nobody Holdings' : words.customerName(index + 10);
    return [words.contactName(index), customer, 'Buyer', `buyer${index}@example.com`, index % 2 === 0 ? yes : no];
  });
}

/** An error message of the server's CRM catalog (server/src/i18n) in the project's language. */
function serverMessage(testInfo: TestInfo, code: string): string {
  const path = new URL(`../server/src/i18n/${projectLocale(testInfo)}.json`, import.meta.url);
  const catalog = JSON.parse(readFileSync(path, 'utf8')) as { errors: { crm: Record<string, string> } };
  const message = catalog.errors.crm[code];
  if (message === undefined) {
    throw new Error(`No server message errors.crm.${code}`);
  }
  return message;
}

/** The owner's "only owner" and "no way back" banners are not what these screenshots are about. */

/** A screenshot of the settled page without the owner banners. */
async function cleanShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await dismissBanners(page, testInfo);
  await settled(page);
  await pageShot(page, testInfo, name);
}

/** A Statistic's number as shown (with thousands separators). */
function statistic(page: Page, testId: string): Locator {
  return page.getByTestId(testId).locator('.ant-statistic-content');
}

/** The issue table's row for the file's row number (the first cell). */
function issueRow(page: Page, table: Locator, fileRow: number): Locator {
  return table.getByRole('row').filter({ has: page.getByRole('cell', { name: String(fileRow), exact: true }) });
}

function formatted(count: number): string {
  return count.toLocaleString('en');
}

/**
 * The progress view, shown as soon as the start is accepted; the page then polls the import every second. The shot is
 * taken again once the bar has moved, if the run is still going by then (a running batch holds PGlite's only
 * connection, so a poll may only get through when the import is done).
 */
async function progressShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(translator(testInfo)('imports.run.cancel'));
  await pageShot(page, testInfo, name);
  const bar = progress.getByRole('progressbar');
  const moved = async () =>
    Number((await bar.getAttribute('aria-valuenow', { timeout: 1_000 }).catch(() => null)) ?? 0);
  await expect.poll(async () => !(await progress.isVisible()) || (await moved()) > 0, { timeout: 30_000 }).toBe(true);
  if ((await progress.isVisible()) && (await moved()) > 0) {
    await pageShot(page, testInfo, name);
  }
}

test('import customers with a hand-mapped column, check, progress, result, report and list', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const tr = translator(testInfo);
  const server = running();
  const words = local[projectLocale(testInfo)];
  await signInPage(page, server, owner.email, owner.password);
  await page.goto(`${server.url}/customers`);
  await expect(page.getByRole('heading', { name: tr('customers.title'), exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await dismissBanners(page, testInfo);
  await page.getByTestId('customer-import').click();
  await expect(page.getByRole('heading', { name: tr('imports.title.customer'), exact: true })).toBeVisible();
  await expect(page.getByText(tr('imports.upload.limits'))).toBeVisible();

  // The template: a CSV with the field labels of this language as its headers.
  const templateDownload = page.waitForEvent('download');
  await page.getByTestId('import-template').click();
  const template = await templateDownload;
  expect(template.suggestedFilename()).toBe(`${tr('imports.template.fileName.customer')}.csv`);
  const templateText = readFileSync(await template.path()).toString('utf8');
  expect(templateText.startsWith(`\uFEFF${tr('imports.field.customer.name')},`)).toBe(true);

  await page
    .getByTestId('import-dropzone')
    .locator('input[type=file]')
    .setInputFiles({
      name: words.fileName,
      mimeType: 'text/csv',
      buffer: csvFile(words.customerHeaders, customerRows(testInfo)),
    });

  // Mapping: the recognised headers come preselected; the unknown one is mapped by hand.
  await expect(page).toHaveURL(/\/customers\/imports\/[\w-]+$/);
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping).toBeVisible();
  const rowOf = (header: string) => mapping.getByRole('row').filter({ hasText: header });
  await expect(rowOf(words.customerHeaders[0] ?? '')).toContainText(`${tr('imports.field.customer.name')} *`);
  await expect(rowOf(words.customerHeaders[2] ?? '')).toContainText(tr('imports.field.customer.level'));
  await expect(rowOf(words.unmappedHeader)).toContainText(tr('imports.map.skipColumn'));
  await pickOption(page, rowOf(words.unmappedHeader).locator('.ant-select'), tr('imports.field.customer.industry'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('columnheader', { name: tr('imports.field.customer.industry') })).toBeVisible();
  await expect(preview).toContainText(words.industries[1] ?? '');
  await expect(page.getByRole('radio', { name: new RegExp(tr('imports.duplicates.skip.label')) })).toBeChecked();
  await cleanShot(page, testInfo, 'crm-import-mapping');

  // A reload keeps the import and the mapping chosen so far.
  await page.reload();
  await expect(rowOf(words.unmappedHeader)).toContainText(tr('imports.field.customer.industry'));

  // Check: every row is looked at; the bad level and the existing customer are reported before anything is written.
  await page.getByTestId('import-to-check').click();
  await expect(statistic(page, 'import-check-rows')).toHaveText(formatted(CUSTOMER_ROWS), { timeout: 30_000 });
  await expect(statistic(page, 'import-check-invalid')).toHaveText('1');
  await expect(statistic(page, 'import-check-duplicates')).toHaveText('1');
  const checkIssues = page.getByTestId('import-check-issues');
  const badRow = issueRow(page, checkIssues, BAD_LEVEL_AT + 1);
  await expect(badRow).toContainText('Z');
  await expect(badRow).toContainText(tr('imports.field.customer.level'));
  await expect(checkIssues.getByRole('row').filter({ hasText: words.existing })).toContainText(
    tr('imports.issues.skipped'),
  );
  await cleanShot(page, testInfo, 'crm-import-check');

  // Run: the progress bar follows the job until the result replaces it.
  await dismissBanners(page, testInfo);
  await page.getByTestId('import-start').click();
  await progressShot(page, testInfo, 'crm-import-progress');
  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 45_000 });
  await expect(result).toContainText(tr('imports.result.title.completed'));
  await expect(statistic(page, 'import-result-created')).toHaveText(formatted(CUSTOMER_ROWS - 2));
  await expect(statistic(page, 'import-result-skipped')).toHaveText('1');
  await expect(statistic(page, 'import-result-errors')).toHaveText('1');
  const resultIssues = page.getByTestId('import-result-issues');
  await expect(issueRow(page, resultIssues, BAD_LEVEL_AT + 1)).toContainText('Z');
  await expect(issueRow(page, resultIssues, DUPLICATE_AT + 1)).toContainText(words.existing);
  await cleanShot(page, testInfo, 'crm-import-result');

  // The row report: a CSV with a BOM, the bad row and the skipped duplicate.
  const reportDownload = page.waitForEvent('download');
  await page.getByTestId('import-report').click();
  const report = readFileSync(await (await reportDownload).path());
  expect([...report.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const reportLines = report.subarray(3).toString('utf8').trimEnd().split(/\r?\n/);
  expect(reportLines).toHaveLength(3);
  expect(reportLines[1]?.startsWith(`${DUPLICATE_AT + 1},`)).toBe(true);
  expect(reportLines[1]).toContain(words.existing);
  expect(reportLines[2]?.startsWith(`${BAD_LEVEL_AT + 1},`)).toBe(true);
  expect(reportLines[2]).toContain('Z');

  // The short address of an import opens it under its list, finished as it is.
  const importId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await page.goto(`${server.url}/imports/${importId}`);
  await expect(page).toHaveURL(new RegExp(`/customers/imports/${importId}$`));
  await expect(page.getByTestId('import-result')).toContainText(tr('imports.result.title.completed'));

  // Back in the list, the imported customers are there.
  await page.getByRole('button', { name: tr('imports.backToList.customer') }).click();
  await expect(page.getByRole('heading', { name: tr('customers.title'), exact: true })).toBeVisible();
  await page.getByPlaceholder(tr('customers.filter.search')).fill(words.customerName(1000));
  const imported = page.locator('.ant-table-row').filter({ hasText: words.customerName(1000) });
  await expect(imported).toHaveCount(1);
  await expect(page.locator('.ant-table-row')).toHaveCount(1);

  // The finished import can be reopened from the recent imports.
  await page.goto(`${server.url}/customers/import`);
  const recent = page.getByTestId('recent-imports');
  await expect(recent).toContainText(words.fileName);
  await expect(recent).toContainText(tr('imports.status.completed'));
  await cleanShot(page, testInfo, 'crm-import-upload');
});

test('import contacts from a file with headers in the other language, attached to existing customers', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  const tr = translator(testInfo);
  const server = running();
  const words = local[projectLocale(testInfo)];
  await signInPage(page, server, owner.email, owner.password);
  await page.goto(`${server.url}/contacts`);
  await expect(page.getByRole('heading', { name: tr('contacts.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await dismissBanners(page, testInfo);
  await page.getByTestId('contact-import').click();
  await expect(page.getByRole('heading', { name: tr('imports.title.contact'), exact: true })).toBeVisible();
  const fileInput = page.getByTestId('import-dropzone').locator('input[type=file]');

  // A file with headers but no rows: the server's own message, in this language, and the wizard stays on step 1.
  await fileInput.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: csvFile(['Name'], []) });
  await expect(page.getByTestId('import-error')).toHaveText(serverMessage(testInfo, 'import_file_empty'));
  await expect(page).toHaveURL(/\/contacts\/import$/);
  await fileInput.setInputFiles({
    name: 'contacts.csv',
    mimeType: 'text/csv',
    buffer: csvFile(contactHeaders[projectLocale(testInfo)], contactRows(testInfo)),
  });

  // Every header is recognised in the other language too, so nothing needs mapping by hand.
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping).toBeVisible();
  for (const [index, field] of ['name', 'customerName', 'title', 'email', 'isPrimary'].entries()) {
    await expect(mapping.getByRole('row').nth(index + 1)).toContainText(tr(`imports.field.contact.${field}`));
  }
  await page.getByTestId('import-to-check').click();
  await expect(statistic(page, 'import-check-invalid')).toHaveText('1', { timeout: 30_000 });
  await expect(page.getByTestId('import-check-issues')).toContainText('Nobody Holdings');
  await cleanShot(page, testInfo, 'crm-import-contacts-check');

  await page.getByTestId('import-start').click();
  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(statistic(page, 'import-result-created')).toHaveText(formatted(CONTACT_ROWS - 1));
  await expect(statistic(page, 'import-result-errors')).toHaveText('1');
  await cleanShot(page, testInfo, 'crm-import-contacts-result');

  // The contact is in the list under the customer named in the file.
  await page.getByRole('button', { name: tr('imports.backToList.contact') }).click();
  await page.getByPlaceholder(tr('contacts.search')).fill(`buyer42@example.com`);
  const row = page.locator('.ant-table-row').filter({ hasText: words.contactName(42) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(words.customerName(52));
});
