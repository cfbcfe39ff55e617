// CRM slice 1 in the browser: customers with a live duplicate warning, contacts and the primary flag, edits recorded
// in the history, the header search, transfer, the trash with undo and restore, teams; a salesperson sees only their
// own customers; deactivating a member hands their customers, deals and open tasks to a colleague.
import type { Locator, Page, TestInfo } from '@playwright/test';
import {
  chooseMemberAction,
  confirmAction,
  passStepUpIfAsked,
  pluralKey,
  toast,
  translator,
} from './support/admin-ui.ts';
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

const dan = { email: 'dan.deng@northwind.example', name: 'Dan Deng', role: 'sales' as const };
const sam = { email: 'sam.song@northwind.example', name: 'Sam Song', role: 'sales' as const };

/** Names read naturally in each language; the Chinese ones also prove substring search on Chinese text. */
const names = {
  en: {
    main: 'Northwind Trading Co.',
    search: 'northwind',
    others: ['Contoso Pharmaceuticals', 'Fabrikam Logistics', 'Tailspin Toys'],
    contacts: ['Lily Chen', 'Bob Wang'],
    samCustomer: 'Sam’s Corner Shop',
    samDeal: 'Corner shop restock',
    samTask: 'Call about the restock',
    jobTitle: 'Purchasing manager',
    industry: 'Wholesale',
    team: 'East Coast Sales',
  },
  'zh-CN': {
    main: '深圳华通技术有限公司',
    search: '华通',
    others: ['杭州西湖茶业有限公司', '成都天府物流有限公司', '上海浦江玩具厂'],
    contacts: ['陈丽', '王博'],
    samCustomer: '宋记便利店',
    samDeal: '便利店补货',
    samTask: '电话确认补货',
    jobTitle: '采购经理',
    industry: '批发贸易',
    team: '华东销售部',
  },
};

let owner: Owner;
let samCookie = '';
let samCustomerId = '';

/** Buttons with an icon are named "plus New customer": match the label at the end. */
function endsWith(label: string): RegExp {
  return new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function namesFor(testInfo: TestInfo) {
  return names[projectLocale(testInfo)];
}

async function createCustomerViaApi(cookieHeader: string, body: Record<string, unknown>): Promise<string> {
  const created = await apiRequest<{ id: string }>(running().url, 'POST', '/api/customers', { cookieHeader, body });
  return created.body.id;
}

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  await addMemberViaApi(server, owner, dan);
  await addMemberViaApi(server, owner, sam);
  const local = namesFor(testInfo);
  const [contoso = '', fabrikam = '', tailspin = ''] = local.others;
  const danId = (
    await apiRequest<{ id: string; email: string }[]>(server.url, 'GET', '/api/members', {
      cookieHeader: owner.cookieHeader,
    })
  ).body.find((member) => member.email === dan.email)?.id;
  await createCustomerViaApi(owner.cookieHeader, {
    name: contoso,
    level: 'B',
    status: 'active',
    source: 'referral',
    phone: '+86 21 5555 0101',
  });
  await createCustomerViaApi(owner.cookieHeader, { name: fabrikam, level: 'C', source: 'exhibition' });
  await createCustomerViaApi(owner.cookieHeader, { name: tailspin, status: 'lost', ownerId: danId });
  samCookie = (await loginApi(server.url, { identifier: sam.email, password: MEMBER_PASSWORD })).cookieHeader;
  samCustomerId = await createCustomerViaApi(samCookie, { name: local.samCustomer, level: 'C' });
});

function customerForm(page: Page): Locator {
  return page.getByTestId('customer-form');
}

/** The owner's "only owner" and "no way back" banners are not what these screenshots are about. */

/** Screenshots without the success messages of earlier steps. */
async function screenshotQuietly(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}

async function openCustomers(page: Page, testInfo: TestInfo): Promise<void> {
  const tr = translator(testInfo);
  await page.goto(`${running().url}/customers`);
  // A first load parses the whole app bundle, slow on a busy machine.
  await expect(page.getByRole('heading', { name: tr('customers.title'), exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await settled(page);
}

/** The list's row of the customer with this name. */
function customerRow(page: Page, name: string): Locator {
  return page.locator('.ant-table-row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('customers: create, duplicate warning, contacts, edit, history, search, transfer, trash', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  const [lily = '', bob = ''] = local.contacts;
  await signInPage(page, running(), owner.email, owner.password);
  await openCustomers(page, testInfo);
  await dismissBanners(page, testInfo);

  await test.step('create a customer from the list', async () => {
    await expect(customerRow(page, local.others[0] ?? '')).toBeVisible();
    await page
      .getByRole('button', { name: endsWith(tr('customers.new')) })
      .first()
      .click();
    const form = customerForm(page);
    await form.getByLabel(tr('customers.field.name'), { exact: true }).fill(local.main);
    await form
      .locator('.ant-segmented')
      .getByText(tr('customers.levelTag', { level: 'A' }), { exact: true })
      .click();
    await pickOption(
      page,
      form.getByLabel(tr('customers.field.source'), { exact: true }),
      tr('customers.source.website'),
    );
    await form.getByLabel(tr('customers.field.phone'), { exact: true }).fill('+86 755 2878 0808');
    await form.getByLabel(tr('customers.field.website'), { exact: true }).fill('northwind.example');
    await form.getByLabel(tr('customers.field.industry'), { exact: true }).fill(local.industry);
    await form.getByRole('button', { name: tr('customers.form.create'), exact: true }).click();
    await expect(toast(page, tr('customers.form.created', { name: local.main }))).toBeVisible();
    await expect(page.getByTestId('customer-name')).toHaveText(local.main);
    const facts = page.getByTestId('customer-facts');
    await expect(facts.getByRole('link', { name: 'northwind.example' })).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(facts.getByRole('link', { name: '+86 755 2878 0808' })).toHaveAttribute('href', 'tel:+8675528780808');
  });

  await test.step('the list shows owner, level and status; a second one with the same name is flagged', async () => {
    await openCustomers(page, testInfo);
    const row = customerRow(page, local.main);
    await expect(row).toContainText(owner.name);
    await expect(row.getByTestId('customer-level')).toHaveText(tr('customers.levelTag', { level: 'A' }));
    await expect(page.getByTestId('customers-count')).toContainText('5');
    await pageShot(page, testInfo, 'crm-01-customers-list');

    await page
      .getByRole('button', { name: endsWith(tr('customers.new')) })
      .first()
      .click();
    const form = customerForm(page);
    await form.getByLabel(tr('customers.field.name'), { exact: true }).fill(` ${local.main.toUpperCase()} `);
    const warning = form.getByTestId('duplicate-warning');
    await expect(warning).toContainText(local.main);
    await expect(warning.getByRole('link', { name: local.main })).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'crm-02-create-duplicate-warning');
    // Saving anyway is refused until the user confirms it is a different company.
    await form.getByRole('button', { name: tr('customers.form.create'), exact: true }).click();
    await expect(form.getByText(tr('customers.duplicates.blockedTitle'))).toBeVisible();
    await expect(form.getByRole('button', { name: tr('customers.duplicates.createAnyway') })).toBeVisible();
    await form.getByRole('button', { name: tr('common.cancel'), exact: true }).click();
    await expect(form).toBeHidden();
  });

  await test.step('add two contacts and make the second one primary', async () => {
    await customerRow(page, local.main).getByRole('link', { name: local.main, exact: true }).click();
    await expect(page.getByTestId('customer-name')).toHaveText(local.main);
    // The customer's page opens on its follow-ups.
    await page.getByRole('tab', { name: tr('customers.detail.contactsTab_other', { count: 0 }) }).click();
    await page.getByRole('button', { name: endsWith(tr('contacts.new')) }).click();
    let dialog = page.getByRole('dialog', { name: tr('contacts.form.createTitleFor', { customer: local.main }) });
    await dialog.getByLabel(tr('contacts.field.name'), { exact: true }).fill(lily);
    await dialog.getByLabel(tr('contacts.field.title'), { exact: true }).fill(local.jobTitle);
    await dialog.getByLabel(tr('contacts.field.mobile'), { exact: true }).fill('+86 138 0013 8000');
    await dialog.getByLabel(tr('contacts.field.email'), { exact: true }).fill('Lily.Chen@Northwind.example');
    await dialog.getByRole('button', { name: tr('contacts.form.create'), exact: true }).click();
    await expect(toast(page, tr('contacts.form.created', { name: lily }))).toBeVisible();
    const lilyRow = page.locator('.ant-table-row').filter({ hasText: lily });
    await expect(lilyRow.getByTestId('primary-contact')).toBeVisible();
    await expect(lilyRow).toContainText('lily.chen@northwind.example');

    await page.getByRole('button', { name: endsWith(tr('contacts.new')) }).click();
    dialog = page.getByRole('dialog', { name: tr('contacts.form.createTitleFor', { customer: local.main }) });
    await dialog.getByLabel(tr('contacts.field.name'), { exact: true }).fill(bob);
    await dialog.getByLabel(tr('contacts.field.wechat'), { exact: true }).fill('bob_wang_88');
    await dialog.getByRole('button', { name: tr('contacts.form.create'), exact: true }).click();
    await expect(toast(page, tr('contacts.form.created', { name: bob }))).toBeVisible();
    await page.getByRole('button', { name: tr('contacts.action.markPrimaryFor', { name: bob }) }).click();
    await expect(toast(page, tr('contacts.action.primaryDone', { name: bob }))).toBeVisible();
    const bobRow = page.locator('.ant-table-row').filter({ hasText: bob });
    await expect(bobRow.getByTestId('primary-contact')).toBeVisible();
    await expect(page.locator('.ant-table-row').filter({ hasText: lily }).getByTestId('primary-contact')).toHaveCount(
      0,
    );
    await expect(page.getByRole('tab', { name: tr('customers.detail.contactsTab_other', { count: 2 }) })).toBeVisible();
    await screenshotQuietly(page, testInfo, 'crm-03-customer-contacts');
  });

  await test.step('edit the customer and read the change in its history', async () => {
    await page.getByRole('button', { name: endsWith(tr('customers.action.edit')) }).click();
    const form = customerForm(page);
    await form
      .locator('.ant-segmented')
      .getByText(tr('customers.levelTag', { level: 'B' }), { exact: true })
      .click();
    await pickOption(
      page,
      form.getByLabel(tr('customers.field.status'), { exact: true }),
      tr('customers.status.active'),
    );
    await form.getByRole('button', { name: tr('customers.form.save'), exact: true }).click();
    await expect(toast(page, tr('customers.form.saved', { name: local.main }))).toBeVisible();
    await expect(page.getByTestId('customer-facts')).toContainText(tr('customers.status.active'));

    await page.getByRole('tab', { name: tr('customers.detail.historyTab') }).click();
    await expect(page).toHaveURL(/\?tab=history$/);
    const entries = page.getByTestId('history-entry');
    const edit = entries.filter({ hasText: tr('customers.history.action.updated') });
    await expect(edit).toContainText(tr('customers.field.level'));
    await expect(edit).toContainText(tr('customers.status.potential'));
    await expect(edit).toContainText(tr('customers.status.active'));
    await expect(entries.filter({ hasText: tr('customers.history.action.contact_added') })).toHaveCount(2);
    await expect(entries.last()).toContainText(tr('customers.history.action.created'));
    await screenshotQuietly(page, testInfo, 'crm-04-customer-history');
  });

  await test.step('find it from the header search', async () => {
    await page.goto(`${running().url}/contacts`);
    await expect(page.getByRole('heading', { name: tr('contacts.title'), exact: true })).toBeVisible();
    await expect(page.locator('.ant-table-row').filter({ hasText: lily })).toContainText(local.main);
    await screenshotQuietly(page, testInfo, 'crm-08-contacts');
    const search = page.getByRole('combobox', { name: tr('leadTools.search.label') });
    await search.fill(local.search);
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: local.main });
    await expect(option).toBeVisible();
    await expect(page.locator('.ant-select-dropdown:visible')).toContainText(tr('crmSearch.customers'));
    await search.press('Enter');
    await expect(page.getByTestId('customer-name')).toHaveText(local.main);
    await expect(search).toHaveValue('');
  });

  await test.step('transfer it to another member', async () => {
    await page.getByRole('button', { name: endsWith(tr('customers.action.transfer')) }).click();
    const dialog = page.getByRole('dialog', { name: tr('customers.transfer.titleOne', { name: local.main }) });
    await pickOption(page, dialog.getByLabel(tr('customers.transfer.to'), { exact: true }), dan.name, { search: true });
    await dialog.getByRole('button', { name: tr('customers.transfer.submit'), exact: true }).click();
    await expect(toast(page, tr('customers.transfer.done_one', { count: 1, name: dan.name }))).toBeVisible();
    await expect(page.getByTestId('customer-owner')).toHaveText(tr('customers.detail.ownerLine', { name: dan.name }));
  });

  await test.step('delete it, undo, delete again from the list and restore it from the trash', async () => {
    await page.getByRole('button', { name: endsWith(tr('customers.action.delete')) }).click();
    await confirmAction(page, tr('customers.delete.submit'));
    await expect(page).toHaveURL(/\/customers$/);
    const undo = page.getByTestId('undo-message');
    await expect(undo).toContainText(tr('customers.delete.doneOne', { name: local.main }));
    await expect(customerRow(page, local.main)).toHaveCount(0);
    await undo.getByRole('button', { name: tr('customers.undo') }).click();
    await expect(toast(page, tr('customers.delete.restored_one', { count: 1 }))).toBeVisible();
    await expect(customerRow(page, local.main)).toBeVisible();

    await page.getByRole('checkbox', { name: tr('customers.bulk.selectRow', { name: local.main }) }).check();
    const bulk = page.getByTestId('customer-bulk-actions');
    await expect(bulk).toContainText(tr('customers.bulk.selected_one', { count: 1 }));
    await bulk.getByRole('button', { name: endsWith(tr('customers.action.delete')) }).click();
    await confirmAction(page, tr('customers.delete.submit'));
    await expect(customerRow(page, local.main)).toHaveCount(0);

    await page.getByRole('button', { name: endsWith(tr('customers.trash.open')) }).click();
    await expect(page.getByRole('heading', { name: tr('customers.trash.title'), exact: true })).toBeVisible();
    const trashed = page.locator('.ant-table-row').filter({ hasText: local.main });
    await expect(trashed).toContainText(owner.name);
    await screenshotQuietly(page, testInfo, 'crm-05-trash');
    await trashed.getByRole('button', { name: tr('customers.trash.restoreFor', { name: local.main }) }).click();
    await expect(toast(page, tr('customers.trash.restored', { name: local.main }))).toBeVisible();
    await expect(trashed).toHaveCount(0);
    await page
      .getByRole('link', { name: tr('customers.title') })
      .first()
      .click();
    await expect(customerRow(page, local.main)).toBeVisible();
  });

  await test.step('Settings → Teams: create a team and pick its members', async () => {
    await page.goto(`${running().url}/settings/teams`);
    await expect(page.getByRole('heading', { name: tr('teams.title'), exact: true })).toBeVisible();
    await page
      .getByRole('button', { name: endsWith(tr('teams.new')) })
      .first()
      .click();
    const create = page.getByRole('dialog', { name: tr('teams.createTitle') });
    await create.getByLabel(tr('teams.name'), { exact: true }).fill(local.team);
    await create.getByRole('button', { name: tr('teams.create'), exact: true }).click();
    await expect(toast(page, tr('teams.created', { name: local.team }))).toBeVisible();
    await page.getByRole('button', { name: tr('teams.editMembersFor', { name: local.team }) }).click();
    const members = page.getByRole('dialog', { name: tr('teams.membersTitle', { name: local.team }) });
    const select = members.getByRole('combobox', { name: tr('teams.members') });
    for (const member of [dan, sam]) {
      await select.click();
      await select.fill(member.name);
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: member.name })
        .click();
    }
    // Close the option list (it stays open for more picks) before saving.
    await members.getByText(tr('teams.membersHint')).click();
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
    await members.getByRole('button', { name: tr('teams.save'), exact: true }).click();
    await expect(toast(page, tr('teams.membersSaved_other', { name: local.team, count: 2 }))).toBeVisible();
    const card = page.getByTestId('team-card').filter({ hasText: local.team });
    await expect(card).toContainText(dan.name);
    await expect(card).toContainText(sam.name);
    await screenshotQuietly(page, testInfo, 'crm-06-teams');
  });
});

test('a salesperson sees only their own customers', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  const hiddenId = await createCustomerViaApi(owner.cookieHeader, { name: `${local.others[0] ?? ''} II` });
  await signInPage(page, running(), sam.email, MEMBER_PASSWORD);
  await openCustomers(page, testInfo);
  await expect(customerRow(page, local.samCustomer)).toBeVisible();
  await expect(page.locator('.ant-table-row')).toHaveCount(1);
  await expect(page.getByTestId('customers-count')).toContainText('1');
  // Sales move nothing to the trash (crm.delete): no trash, no delete.
  await expect(page.getByRole('button', { name: endsWith(tr('customers.trash.open')) })).toHaveCount(0);
  await expect(page.getByRole('button', { name: endsWith(tr('customers.new')) }).first()).toBeVisible();

  const search = page.getByRole('combobox', { name: tr('leadTools.search.label') });
  await search.fill(local.others[0] ?? '');
  await expect(page.locator('.ant-select-dropdown:visible')).toContainText(
    tr('crmSearch.noResults', { q: local.others[0] ?? '' }),
  );
  await search.press('Escape');

  // Someone else's customer by its address: the same friendly not-found as a missing one.
  await page.goto(`${running().url}/customers/${hiddenId}`);
  await expect(page.getByText(tr('customers.notFound.title'), { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: tr('customers.notFound.back') })).toBeVisible();
});

test('deactivating a member hands their customers, deals and tasks to a colleague first', async ({
  page,
}, testInfo) => {
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  const server = running().url;
  const deal = await apiRequest<{ id: string }>(server, 'POST', '/api/deals', {
    cookieHeader: samCookie,
    body: { customerId: samCustomerId, name: local.samDeal, amount: '8000' },
  });
  const task = await apiRequest<{ id: string }>(server, 'POST', '/api/tasks', {
    cookieHeader: samCookie,
    body: { customerId: samCustomerId, title: local.samTask },
  });
  const summary = [
    tr(pluralKey(testInfo, 'handOver.customers', 1), { count: 1 }),
    tr(pluralKey(testInfo, 'handOver.deals', 1), { count: 1 }),
    tr(pluralKey(testInfo, 'handOver.openTasks', 1), { count: 1 }),
  ];
  const records = new Intl.ListFormat(projectLocale(testInfo), { style: 'long', type: 'conjunction' }).format(summary);
  await signInPage(page, running(), owner.email, owner.password);
  await page.goto(`${running().url}/settings/members`);
  await expect(page.getByRole('heading', { name: tr('members.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await settled(page);
  await dismissBanners(page, testInfo);
  await chooseMemberAction(page, testInfo, sam, 'members.action.deactivate');
  const dialog = page.getByRole('dialog', { name: tr('members.deactivate.title', { name: sam.name }) });
  await expect(dialog.getByTestId('crm-owned')).toHaveText(tr('handOver.owns', { name: sam.name, records }));
  // Deactivating now needs a successor for the customers.
  await dialog.getByRole('button', { name: tr('members.deactivate.submitNow') }).click();
  await expect(dialog.getByText(tr('members.deactivate.crmTransferRequired'))).toBeVisible();
  await pickOption(page, dialog.getByLabel(tr('members.deactivate.crmTransferTo'), { exact: true }), dan.name, {
    search: true,
  });
  await expect(dialog.getByTestId('crm-owned')).toHaveText(
    tr('handOver.goesTo', { name: sam.name, records, to: dan.name }),
  );
  await settled(page);
  await pageShot(page, testInfo, 'crm-07-deactivate-handover');
  await dialog.getByRole('button', { name: tr('members.deactivate.submitNow') }).click();
  await passStepUpIfAsked(
    page,
    testInfo,
    owner.password,
    toast(page, tr('members.done.deactivate', { name: sam.name })),
  );
  await expect(toast(page, tr('handOver.transferred', { records, from: sam.name, to: dan.name }))).toBeVisible();

  await openCustomers(page, testInfo);
  await expect(customerRow(page, local.samCustomer)).toContainText(dan.name);
  // The deal and the open task went along.
  await page.goto(`${server}/deals`);
  await expect(page.getByRole('heading', { name: tr('deals.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('deal-card').filter({ hasText: local.samDeal })).toContainText(dan.name);
  const moved = await apiRequest<{ ownerName: string }>(server, 'GET', `/api/deals/${deal.body.id}`, {
    cookieHeader: owner.cookieHeader,
  });
  expect(moved.body.ownerName).toBe(dan.name);
  const handed = await apiRequest<{ assigneeName: string }>(server, 'GET', `/api/tasks/${task.body.id}`, {
    cookieHeader: owner.cookieHeader,
  });
  expect(handed.body.assigneeName).toBe(dan.name);
});
