// Anti-exfiltration quota (AZ-09) in the browser: a member who keeps reading customer pages far faster than anyone
// works is paused with a clear, localized message (writes and settings still work), the owners and admins get one alert
// mail, and Settings → Audit log shows the event.
import type { Page } from '@playwright/test';
import { translator } from './support/admin-ui.ts';
import { dismissBanners } from './support/banners.ts';
import { serverText } from './support/auth-ui.ts';
import { apiRequest, expect, projectLocale, test, useServer } from './support/fixtures.ts';
import {
  createOrg,
  pageShot,
  pickOption,
  openSettingsEntry,
  settled,
  signInPage,
  type Owner,
} from './support/org-flows.ts';

// The smallest quota the server accepts, so a handful of page loads reach it.
const ROWS_PER_MEMBER = 100;
const running = useServer({ env: { CRM_READ_ROWS_PER_MEMBER: String(ROWS_PER_MEMBER) } });

let owner: Owner;

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(
    server,
    testInfo,
    projectLocale(testInfo) === 'zh-CN' ? '江南贸易有限公司' : 'Harbor Trading',
  );
  const prefix = projectLocale(testInfo) === 'zh-CN' ? '客户' : 'Customer';
  for (let index = 1; index <= 60; index += 1) {
    const created = await apiRequest(server.url, 'POST', '/api/customers', {
      cookieHeader: owner.cookieHeader,
      body: { name: `${prefix} ${String(index).padStart(2, '0')}` },
    });
    expect(created.status).toBe(201);
  }
});

/** The customer list's error line, or null once the first page of rows has rendered. */
async function loadCustomers(page: Page, url: string): Promise<string | null> {
  await page.goto(`${url}/customers`);
  const failed = page.getByTestId('list-load-error');
  const rows = page.locator('.ant-table-row');
  await expect(failed.or(rows.first())).toBeVisible({ timeout: 30_000 });
  return (await failed.count()) > 0 ? await failed.first().innerText() : null;
}

test('reading the customer list too fast pauses reads, alerts the admins and shows in the audit log', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const server = running();
  const locale = projectLocale(testInfo);
  await signInPage(page, server, owner.email, owner.password);

  let message = await loadCustomers(page, server.url);
  await dismissBanners(page, testInfo);
  for (let load = 1; load < 8 && message === null; load += 1) message = await loadCustomers(page, server.url);
  // Far fewer loads than a scraper makes: 50 rows a page against a quota of 100.
  const paused = serverText(locale, 'errors.crm.read_quota_exceeded', { minutes: 15 }).split('15')[0] ?? '';
  expect(message).toContain(paused.trim());
  await expect(page.getByTestId('list-load-error')).toContainText(tr('common.listPaused'));
  // A paused list is not an empty book: no "create your first customer".
  await expect(page.getByTestId('customers-empty')).toHaveCount(0);
  await settled(page);
  await pageShot(page, testInfo, 'crm-read-quota-paused');

  // Settings still work: the owner opens the audit log and finds the alert.
  await openSettingsEntry(page, server.url, tr('settings.navigation'), tr('settings.nav.audit'));
  await expect(page.getByRole('heading', { name: tr('audit.title'), exact: true })).toBeVisible();
  const actionFilter = page.getByRole('combobox', { name: tr('audit.filter.action') });
  await pickOption(page, actionFilter, tr('audit.actions.crm_read_quota_exceeded'), { search: true });
  await page.getByRole('button', { name: tr('audit.filter.apply') }).click();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(owner.email);
  await expect(rows.first().locator('.ant-tag')).toHaveText(tr('audit.outcome.failure'));
  await rows.first().locator('.ant-table-row-expand-icon').click();
  await expect(page.getByText(tr('audit.valueIn.crm_read_quota_exceeded.rows'))).toBeVisible();
  await settled(page);
  await pageShot(page, testInfo, 'crm-read-quota-audit');

  // One alert mail, in the owner's language, saying who read how much.
  const subject = serverText(locale, 'mail.crmReadQuotaAlert.subject', { orgName: owner.orgName });
  const mail = await server.mails.waitForMail((candidate) => candidate.subject === subject);
  expect(mail.text).toContain(
    serverText(locale, 'mail.crmReadQuotaAlert.rows_member', {
      memberName: owner.name,
      memberEmail: owner.email,
      limit: ROWS_PER_MEMBER,
      minutes: 15,
    }),
  );
  expect(server.mails.messages.filter((candidate) => candidate.subject === subject)).toHaveLength(1);
});
