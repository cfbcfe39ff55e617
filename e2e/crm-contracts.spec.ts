// Contracts and payments received in the browser: a contract created from the customer's page, two payments with the
// running balance and the collection progress, an overpayment refused in the user's language; a salesperson sees
// only their own contracts; finance access, granted in the member drawer, shows every contract read-only.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { formatMoney } from '../web/src/features/crm/money-format.ts';
import { passStepUpIfAsked, pluralKey, templatePattern, toast, translator } from './support/admin-ui.ts';
import { serverText } from './support/auth-ui.ts';
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

const dan = { email: 'dan.deng@northwind.example', name: 'Dan Deng', role: 'sales' as const };
const sam = { email: 'sam.song@northwind.example', name: 'Sam Song', role: 'sales' as const };
const fiona = { email: 'fiona.fang@northwind.example', name: 'Fiona Fang', role: 'sales' as const };

const names = {
  en: {
    main: 'Northwind Trading Co.',
    title: '2025 annual supply agreement',
    others: ['Contoso Pharmaceuticals', 'Fabrikam Logistics'],
    danCustomer: 'Tailspin Toys',
    samCustomer: 'Sam’s Corner Shop',
  },
  'zh-CN': {
    main: '深圳华通技术有限公司',
    title: '2025 年度供货合同',
    others: ['杭州西湖茶业有限公司', '成都天府物流有限公司'],
    danCustomer: '上海浦江玩具厂',
    samCustomer: '宋记便利店',
  },
};

let owner: Owner;
let danCookie = '';
let mainCustomerId = '';
let samContract = { id: '', number: 'HT-2025-031' };
let danContractNumber = 'HT-2025-022';

function endsWith(label: string): RegExp {
  return new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

async function post<Body>(cookieHeader: string, path: string, body: Record<string, unknown>): Promise<Body> {
  const response = await apiRequest<Body>(running().url, 'POST', path, { cookieHeader, body });
  if (response.status >= 300) {
    throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  const local = names[projectLocale(testInfo)];
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  for (const member of [dan, sam, fiona]) {
    await addMemberViaApi(server, owner, member);
  }
  mainCustomerId = (
    await post<{ id: string }>(owner.cookieHeader, '/api/customers', { name: local.main, level: 'A', status: 'active' })
  ).id;
  // Other contracts of the owner, in several states and currencies, so the list and its totals have something to show.
  const [contoso = '', fabrikam = ''] = local.others;
  const contosoId = (await post<{ id: string }>(owner.cookieHeader, '/api/customers', { name: contoso })).id;
  const fabrikamId = (await post<{ id: string }>(owner.cookieHeader, '/api/customers', { name: fabrikam })).id;
  const settled2024 = await post<{ id: string }>(owner.cookieHeader, '/api/contracts', {
    number: 'HT-2024-118',
    title: local.title,
    customerId: contosoId,
    amount: '86000',
    signedDate: '2024-11-18',
    status: 'completed',
  });
  await post(owner.cookieHeader, `/api/contracts/${settled2024.id}/payments`, {
    amount: '86000',
    receivedDate: '2024-12-20',
    method: 'bank_transfer',
  });
  const usd = await post<{ id: string }>(owner.cookieHeader, '/api/contracts', {
    number: 'EXP-2025-007',
    title: 'Export order',
    customerId: fabrikamId,
    amount: '48500',
    currency: 'USD',
    signedDate: '2025-02-14',
    status: 'active',
  });
  await post(owner.cookieHeader, `/api/contracts/${usd.id}/payments`, {
    amount: '12125',
    receivedDate: '2025-03-01',
    method: 'bank_transfer',
  });

  danCookie = (await loginApi(server.url, { identifier: dan.email, password: MEMBER_PASSWORD })).cookieHeader;
  const danCustomer = await post<{ id: string }>(danCookie, '/api/customers', { name: local.danCustomer });
  danContractNumber = (
    await post<{ number: string }>(danCookie, '/api/contracts', {
      number: danContractNumber,
      title: local.title,
      customerId: danCustomer.id,
      amount: '15800',
      status: 'active',
      signedDate: '2025-03-02',
    })
  ).number;
  const samCookie = (await loginApi(server.url, { identifier: sam.email, password: MEMBER_PASSWORD })).cookieHeader;
  const samCustomer = await post<{ id: string }>(samCookie, '/api/customers', { name: local.samCustomer });
  samContract = await post<{ id: string; number: string }>(samCookie, '/api/contracts', {
    number: samContract.number,
    title: local.title,
    customerId: samCustomer.id,
    amount: '9900',
    signedDate: '2025-03-05',
  });
});

/** The owner's "only owner" and "no way back" banners are not what these screenshots are about. */

async function quietShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await dismissBanners(page, testInfo);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}

async function openContracts(page: Page, testInfo: TestInfo): Promise<void> {
  await page.goto(`${running().url}/contracts`);
  await expect(page.getByRole('heading', { name: translator(testInfo)('contracts.title'), exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await settled(page);
}

function contractRow(page: Page, number: string): Locator {
  return page.locator('.ant-table-row').filter({ has: page.getByRole('link', { name: number, exact: true }) });
}

function money(testInfo: TestInfo, amount: string, currency = 'CNY'): string {
  return formatMoney(amount, currency, projectLocale(testInfo));
}

async function recordPayment(page: Page, testInfo: TestInfo, amount: string): Promise<Locator> {
  const tr = translator(testInfo);
  await page
    .getByRole('button', { name: endsWith(tr('contracts.payments.record')) })
    .first()
    .click();
  const dialog = page.getByTestId('payment-form');
  await dialog.getByLabel(tr('contracts.payments.amount', { currency: 'CNY' }), { exact: true }).fill(amount);
  await dialog.getByRole('button', { name: tr('contracts.payments.record'), exact: true }).click();
  return dialog;
}

test('contracts: create for a customer, two payments, balance and progress, an overpayment refused', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const local = names[projectLocale(testInfo)];
  const number = 'HT-2025-040';
  await signInPage(page, running(), owner.email, owner.password);

  await test.step("create a contract from the customer's Contracts tab", async () => {
    await page.goto(`${running().url}/customers/${mainCustomerId}?tab=contracts`);
    await dismissBanners(page, testInfo);
    const tab = page.getByTestId('customer-contracts');
    await expect(tab.getByText(tr('contracts.emptyForCustomer'))).toBeVisible({ timeout: 30_000 });
    await tab.getByRole('button', { name: endsWith(tr('contracts.new')) }).click();
    const form = page.getByTestId('contract-form');
    await form.getByLabel(tr('contracts.field.number'), { exact: true }).fill(number);
    await form.getByLabel(tr('contracts.field.title'), { exact: true }).fill(local.title);
    await form.getByLabel(tr('contracts.field.amount'), { exact: true }).fill('120,000');
    await form.getByRole('button', { name: tr('contracts.form.create'), exact: true }).click();
    await expect(toast(page, tr('contracts.form.created', { number }))).toBeVisible();
    await expect(page.getByTestId('contract-number')).toHaveText(number);
    await expect(page.getByTestId('contract-balance')).toHaveText(money(testInfo, '120000'));
  });

  await test.step('record two payments: the running balance and the progress follow', async () => {
    let dialog = await recordPayment(page, testInfo, '50000');
    await expect(dialog).toBeHidden();
    await expect(toast(page, tr('contracts.payments.recorded', { amount: money(testInfo, '50000') }))).toBeVisible();
    dialog = await recordPayment(page, testInfo, '30000.50');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('contract-paid')).toHaveText(money(testInfo, '80000.50'));
    await expect(page.getByTestId('contract-balance')).toHaveText(money(testInfo, '39999.50'));
    await expect(page.getByTestId('contract-progress')).toContainText('66.6%');
    const rows = page.getByTestId('payment-list').locator('.ant-table-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText(money(testInfo, '70000'));
    await expect(rows.nth(1)).toContainText(money(testInfo, '39999.50'));
  });

  await test.step('an overpayment is refused with the server’s message in the user’s language', async () => {
    const dialog = await recordPayment(page, testInfo, '40000');
    await expect(dialog).toContainText(
      serverText(projectLocale(testInfo), 'errors.crm.payment_exceeds_balance', {
        balance: '39999.50',
        currency: 'CNY',
      }),
    );
    await expect(dialog.getByRole('button', { name: tr('contracts.payments.fillBalance') })).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'contracts-03-overpayment-refused');
    await dialog.getByRole('button', { name: tr('common.cancel'), exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('payment-list').locator('.ant-table-row')).toHaveCount(2);
    await quietShot(page, testInfo, 'contracts-02-contract-detail');
  });

  await test.step('the history shows both payments; the list shows the contract with its progress', async () => {
    await page.getByRole('tab', { name: tr('contracts.detail.historyTab') }).click();
    const entries = page.getByTestId('contract-history').getByTestId('history-entry');
    await expect(entries.filter({ hasText: tr('contracts.history.action.payment_recorded') })).toHaveCount(2);
    await expect(entries.last()).toContainText(tr('contracts.history.action.contract_created'));

    await openContracts(page, testInfo);
    const row = contractRow(page, number);
    await expect(row).toContainText(local.main);
    await expect(row).toContainText(money(testInfo, '39999.50'));
    await expect(row.getByTestId('paid-progress')).toContainText('66.6%');
    await expect(contractRow(page, samContract.number)).toBeVisible();
    await expect(page.getByTestId('contract-totals')).toContainText(money(testInfo, '12125', 'USD'));
    await quietShot(page, testInfo, 'contracts-01-list');

    const unpaid = page.getByRole('checkbox', { name: tr('contracts.filter.unpaid') });
    // The filter lives in the address: the box is ticked once the router has applied it.
    await unpaid.click();
    await expect(unpaid).toBeChecked();
    await expect(contractRow(page, 'HT-2024-118')).toHaveCount(0);
    await expect(contractRow(page, number)).toBeVisible();
  });
});

test('a salesperson sees only their own contracts', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  await signInPage(page, running(), dan.email, MEMBER_PASSWORD);
  await openContracts(page, testInfo);
  await expect(contractRow(page, danContractNumber)).toBeVisible();
  await expect(page.locator('.ant-table-row')).toHaveCount(1);
  await expect(page.getByTestId('contracts-count')).toHaveText(
    tr(pluralKey(testInfo, 'contracts.list.shownOfTotal', 1), { count: 1, total: 1 }),
  );
  await page.goto(`${running().url}/contracts/${samContract.id}`);
  await expect(page.getByText(tr('contracts.notFound.title'))).toBeVisible({ timeout: 30_000 });
});

test('finance access, granted in the member drawer, shows every contract read-only', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  const tr = translator(testInfo);
  await signInPage(page, running(), owner.email, owner.password);
  await page.goto(`${running().url}/settings/members`);
  await expect(page.getByRole('heading', { name: tr('members.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await page
    .getByRole('row')
    .filter({ hasText: fiona.email })
    .getByRole('button', { name: tr('members.detailsFor', { name: fiona.name }) })
    .click();
  const access = page.getByTestId('member-detail').getByTestId('finance-access');
  const toggle = access.getByRole('switch', { name: tr('contracts.financeAccess.label') });
  await expect(toggle).not.toBeChecked();
  await toggle.click();
  await passStepUpIfAsked(
    page,
    testInfo,
    owner.password,
    toast(page, tr('contracts.financeAccess.granted', { name: fiona.name })),
  );
  await expect(toggle).toBeChecked();
  await expect(access).toContainText(templatePattern(tr('contracts.financeAccess.since', { name: owner.name })));
  await settled(page);
  await pageShot(page, testInfo, 'contracts-04-finance-access');

  const context = await browser.newContext({ locale: projectLocale(testInfo) });
  try {
    const finance = await context.newPage();
    await signInPage(finance, running(), fiona.email, MEMBER_PASSWORD);
    await openContracts(finance, testInfo);
    for (const visible of [samContract.number, danContractNumber, 'HT-2024-118', 'EXP-2025-007']) {
      await expect(contractRow(finance, visible)).toBeVisible();
    }
    // The owner's export contract: its payment is listed, nothing can be changed.
    await contractRow(finance, 'EXP-2025-007').getByRole('link', { name: 'EXP-2025-007' }).click();
    await expect(finance.getByTestId('contract-number')).toHaveText('EXP-2025-007');
    await expect(finance.getByText(tr('contracts.detail.readOnly'))).toBeVisible();
    await expect(finance.getByTestId('contract-balance')).toHaveText(money(testInfo, '36375', 'USD'));
    await expect(finance.getByTestId('payment-list').locator('.ant-table-row')).toHaveCount(1);
    for (const action of ['contracts.payments.record', 'contracts.action.edit', 'contracts.action.delete']) {
      await expect(finance.getByRole('button', { name: endsWith(tr(action)) })).toHaveCount(0);
    }
    await expect(
      finance.getByRole('button', { name: tr('contracts.payments.deleteFor', { date: '2025-03-01' }) }),
    ).toHaveCount(0);
    // The customer stays outside her scope: named, not linked.
    await expect(finance.getByTestId('contract-facts').getByRole('link')).toHaveCount(0);
    await quietShot(finance, testInfo, 'contracts-05-finance-reader');
  } finally {
    await context.close();
  }
});
