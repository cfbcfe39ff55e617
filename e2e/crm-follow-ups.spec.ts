// Follow-ups and tasks in the browser: a salesperson logs a visit with an attachment and a next follow-up on the
// customer's page, sees it on the timeline and the customer's last follow-up move, finds the reminder in My day and
// ticks it off; another salesperson sees none of it.
import type { Page, TestInfo } from '@playwright/test';
import { pluralKey, toast, translator } from './support/admin-ui.ts';
import { apiRequest, expect, loginApi, projectLocale, test, useServer } from './support/fixtures.ts';
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

/**
 * A time zone where the suite starts around noon: "in an hour" and "later today" are then today in the browser,
 * whatever the hour the suite runs at (My day follows the browser's zone).
 */
function middayZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

test.use({ timezoneId: middayZone() });

const dan = { email: 'dan.deng@northwind.example', name: 'Dan Deng', role: 'sales' as const };
const sam = { email: 'sam.song@northwind.example', name: 'Sam Song', role: 'sales' as const };

const names = {
  en: {
    customer: 'Northwind Trading Co.',
    contact: 'Lily Chen',
    visit:
      'Visited the Shenzhen plant with Lily. They need 2,000 pumps before June and want a revised quote by Friday.',
    earlier: 'First call: introduced our pump range, sent the catalogue.',
    overdueTask: 'Send the catalogue to Fabrikam',
    undatedTask: 'Update the price list',
    samCustomer: 'Sam’s Corner Shop',
    samNote: 'Sam’s own call',
    newTask: 'Prepare the revised quote',
  },
  'zh-CN': {
    customer: '深圳华通技术有限公司',
    contact: '陈丽',
    visit: '和陈丽一起参观了深圳工厂。他们 6 月前需要 2000 台水泵，希望周五前收到修改后的报价。',
    earlier: '首次电话沟通：介绍了我们的水泵产品线，已发送产品目录。',
    overdueTask: '给杭州西湖茶业发送产品目录',
    undatedTask: '更新价格表',
    samCustomer: '宋记便利店',
    samNote: '宋的电话记录',
    newTask: '准备修改后的报价单',
  },
};

let owner: Owner;
let danCookie = '';
let samCookie = '';
let customerId = '';

/** A small but real PDF: the server decides by the content, not the name. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

function namesFor(testInfo: TestInfo) {
  return names[projectLocale(testInfo)];
}

function endsWith(label: string): RegExp {
  return new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

async function post<Body>(cookieHeader: string, path: string, body: Record<string, unknown>): Promise<Body> {
  return (await apiRequest<Body>(running().url, 'POST', path, { cookieHeader, body })).body;
}

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  const local = namesFor(testInfo);
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  await addMemberViaApi(server, owner, dan);
  await addMemberViaApi(server, owner, sam);
  danCookie = (await loginApi(server.url, { identifier: dan.email, password: MEMBER_PASSWORD })).cookieHeader;
  samCookie = (await loginApi(server.url, { identifier: sam.email, password: MEMBER_PASSWORD })).cookieHeader;
  // Their accounts speak the project's language (reminder titles are written in the assignee's).
  for (const cookieHeader of [danCookie, samCookie]) {
    await apiRequest(server.url, 'PATCH', '/api/account', { cookieHeader, body: { locale: projectLocale(testInfo) } });
  }
  customerId = (
    await post<{ id: string }>(danCookie, '/api/customers', { name: local.customer, level: 'A', status: 'active' })
  ).id;
  await post(danCookie, '/api/contacts', { customerId, name: local.contact, title: 'Purchasing' });
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
  await post(danCookie, '/api/follow-ups', {
    customerId,
    type: 'call',
    content: local.earlier,
    occurredAt: threeDaysAgo,
  });
  // Something overdue and something without a date, so My day has all its parts.
  await post(danCookie, '/api/tasks', {
    title: local.overdueTask,
    dueAt: new Date(Date.now() - 26 * 3_600_000).toISOString(),
  });
  await post(danCookie, '/api/tasks', { title: local.undatedTask });
  const samCustomer = await post<{ id: string }>(samCookie, '/api/customers', { name: local.samCustomer });
  await post(samCookie, '/api/follow-ups', {
    customerId: samCustomer.id,
    type: 'wechat',
    content: local.samNote,
    nextFollowUpAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
});

/** The "only one way back" banner is not what these screenshots are about. */

async function dismissMessages(page: Page): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
}

test('log a follow-up with a file and a reminder, see it on the timeline, tick the reminder off in My day', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  await signInPage(page, running(), dan.email, MEMBER_PASSWORD);
  // Banners away first (that may reload the page), so the customer page below is loaded exactly once.
  await page.goto(running().url);
  await dismissBanners(page, testInfo);
  const requested: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) {
      requested.push(`${url.pathname}${url.search}`);
    }
  });
  await page.goto(`${running().url}/customers/${customerId}`);
  await expect(page.getByTestId('customer-name')).toHaveText(local.customer, { timeout: 30_000 });
  const facts = page.getByTestId('customer-facts');
  const lastBefore = await facts
    .locator('.ant-descriptions-item')
    .filter({ hasText: tr('customers.field.lastFollowUpAt') })
    .innerText();

  await test.step('the follow-ups tab opens first, with the composer and the earlier call', async () => {
    await expect(page.getByRole('tab', { name: tr('followUps.tab') })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('follow-up-entry')).toHaveCount(1);
    await expect(page.getByTestId('follow-up-entry')).toContainText(local.earlier);
    // The page came in one request: the timeline and the composer's contact and deal pickers were in the overview.
    expect(requested.filter((path) => path === `/api/customers/${customerId}/overview`)).toHaveLength(1);
    expect(
      requested.filter((path) => /^\/api\/(customers\/[^/?]+|follow-ups|contacts|deals)(\?|$)/.test(path)),
    ).toEqual([]);
  });

  await test.step('log a visit with the contact, a next follow-up in an hour and a PDF', async () => {
    const composer = page.getByTestId('follow-up-composer');
    await composer.locator('.ant-segmented').getByText(tr('followUps.type.visit'), { exact: true }).click();
    await composer.getByRole('textbox', { name: tr('followUps.field.content') }).fill(local.visit);
    await composer.getByLabel(tr('followUps.field.contact'), { exact: true }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: local.contact })
      .click();
    await composer.getByLabel(tr('followUps.field.nextFollowUpAt'), { exact: true }).click();
    await page
      .locator('.ant-picker-dropdown:visible .ant-picker-presets li')
      .filter({ hasText: tr('followUps.presets.inAnHour') })
      .click();
    await expect(composer.getByLabel(tr('followUps.field.nextFollowUpAt'), { exact: true })).not.toHaveValue('');
    await composer
      .locator('input[type=file]')
      .setInputFiles({ name: 'quote-2025.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(composer.getByText('quote-2025.pdf')).toBeVisible();
    await composer.getByRole('button', { name: endsWith(tr('followUps.form.submit')) }).click();
    await expect(toast(page, tr('followUps.form.createdWithReminder'))).toBeVisible();
  });

  await test.step('the visit is on top of the timeline with its file; the last follow-up moved', async () => {
    const entries = page.getByTestId('follow-up-entry');
    await expect(entries).toHaveCount(2);
    const newest = entries.first();
    await expect(newest).toContainText(local.visit);
    await expect(newest).toContainText(tr('followUps.type.visit'));
    await expect(newest).toContainText(local.contact);
    await expect(newest).toContainText(dan.name);
    await expect(newest.getByTestId('follow-up-next')).toBeVisible();
    const link = newest.getByRole('link', { name: /quote-2025\.pdf/ });
    await expect(link).toBeVisible();
    // The download is a download: attachment disposition, nosniff, the checked type.
    const download = await page.request.get(`${running().url}${await link.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment; /);
    expect(download.headers()['x-content-type-options']).toBe('nosniff');
    expect(download.headers()['content-type']).toBe('application/pdf');
    // The composer is empty again, ready for the next one.
    await expect(
      page.getByTestId('follow-up-composer').getByRole('textbox', { name: tr('followUps.field.content') }),
    ).toHaveValue('');
    const lastAfter = facts.locator('.ant-descriptions-item').filter({ hasText: tr('customers.field.lastFollowUpAt') });
    await expect(lastAfter).not.toHaveText(lastBefore);
    await dismissMessages(page);
    await pageShot(page, testInfo, 'crm-fu-01-customer-timeline');
  });

  await test.step('the reminder waits in My day, under today; overdue work comes first, in red', async () => {
    await page.getByRole('menuitem', { name: new RegExp(tr('nav.tasks')) }).click();
    await expect(page.getByRole('heading', { name: tr('tasks.title'), exact: true })).toBeVisible();
    await expect(page.getByTestId('task-badge')).toBeVisible();
    const reminderTitle =
      projectLocale(testInfo) === 'en' ? `Follow up with ${local.customer} (visit)` : `跟进${local.customer}（拜访）`;
    const overdue = page.getByTestId('my-day-overdue');
    await expect(overdue).toContainText(local.overdueTask);
    await expect(overdue.getByTestId('task-due')).toHaveCSS('color', /rgb\(2\d\d, \d+, \d+\)/);
    await expect(page.getByTestId('my-day-undated')).toContainText(local.undatedTask);
    await expect(page.getByTestId('my-day-today')).toContainText(reminderTitle);
    const sections = await page
      .locator('[data-testid^="my-day-"]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')));
    expect(sections[0]).toBe('my-day-overdue');
    await settled(page);
    await pageShot(page, testInfo, 'crm-fu-02-my-day');

    await page.locator('.ant-segmented').getByText(tr('tasks.view.open'), { exact: true }).click();
    const row = page.getByTestId('task-row').filter({ hasText: reminderTitle });
    await expect(row).toContainText(local.customer);
    // A click, not check(): once ticked the box is renamed ("not done") and the row leaves the open list.
    await row.getByRole('checkbox', { name: tr('tasks.completeFor', { title: reminderTitle }) }).click();
    await expect(row).toHaveCount(0);
    await page.locator('.ant-segmented').getByText(tr('tasks.view.done'), { exact: true }).click();
    await expect(page.getByTestId('task-row').filter({ hasText: reminderTitle })).toBeVisible();
  });

  await test.step("the customer's tasks tab lists the done reminder and takes a new task", async () => {
    await page.goto(`${running().url}/customers/${customerId}?tab=tasks`);
    await expect(page.getByRole('tab', { name: tr('tasks.tab') })).toHaveAttribute('aria-selected', 'true', {
      timeout: 30_000,
    });
    await expect(page.getByText(tr(pluralKey(testInfo, 'tasks.doneCount', 1), { count: 1 }))).toBeVisible();
    await page
      .getByRole('tabpanel')
      .getByRole('button', { name: endsWith(tr('tasks.new')) })
      .click();
    const drawer = page.getByTestId('task-form');
    await drawer.getByLabel(tr('tasks.field.title'), { exact: true }).fill(local.newTask);
    await drawer.getByLabel(tr('tasks.field.dueAt'), { exact: true }).click();
    await page
      .locator('.ant-picker-dropdown:visible .ant-picker-presets li')
      .filter({ hasText: tr('tasks.presets.tomorrow') })
      .click();
    await drawer.getByRole('button', { name: tr('tasks.form.create'), exact: true }).click();
    await expect(toast(page, tr('tasks.form.created', { title: local.newTask }))).toBeVisible();
    await expect(page.getByTestId('task-row').filter({ hasText: local.newTask })).toContainText(
      tr('tasks.due.tomorrow', { time: '09:00' }),
    );
  });

  await test.step("the customer's timeline knows what happened", async () => {
    await page.goto(`${running().url}/customers/${customerId}?tab=history`);
    await expect(
      page.getByTestId('history-entry').filter({ hasText: tr('followUps.history.action.task_completed') }),
    ).toBeVisible({ timeout: 30_000 });
    await expect(
      page.getByTestId('history-entry').filter({ hasText: tr('followUps.history.action.follow_up_added') }),
    ).toHaveCount(2);
  });
});

test("a salesperson sees neither another's customer nor its follow-ups", async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  const hidden = await apiRequest<{ items: unknown[] }>(
    running().url,
    'GET',
    `/api/follow-ups?customerId=${customerId}`,
    { cookieHeader: samCookie },
  );
  expect(hidden.body.items).toEqual([]);
  await signInPage(page, running(), sam.email, MEMBER_PASSWORD);
  await page.goto(`${running().url}/customers/${customerId}`);
  await expect(page.getByText(tr('customers.notFound.title'), { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(local.visit)).toHaveCount(0);
  await page.goto(`${running().url}/tasks`);
  await expect(page.getByRole('heading', { name: tr('tasks.title'), exact: true })).toBeVisible();
  await expect(page.getByTestId('task-list')).toContainText(local.samCustomer);
  await expect(page.getByTestId('task-list')).not.toContainText(local.customer);
  await expect(page.getByTestId('task-list')).not.toContainText(local.overdueTask);
});
