// Saved list views in the browser: a manager saves the customers list's filters and columns as a view, clears them,
// brings them back in one click, renames and shares the view, and is told in their language when a name is taken;
// a salesperson applies a shared view but cannot change it; deleting asks first. Deals and contracts have the same
// control (filters and sort only).
import type { Locator, Page, TestInfo } from '@playwright/test';
import { confirmAction, toast, translator } from './support/admin-ui.ts';
import { serverText } from './support/auth-ui.ts';
import { dismissBanners } from './support/banners.ts';
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
import {
  applyView,
  chooseViewAction,
  closeViews,
  openViews,
  screenshotQuietly,
  viewRow,
  viewsButton,
} from './support/saved-views-ui.ts';

const running = useServer();

const mia = { email: 'mia.ma@northwind.example', name: 'Mia Ma', role: 'manager' as const };
const sam = { email: 'sam.song@northwind.example', name: 'Sam Song', role: 'sales' as const };

const names = {
  en: {
    customers: ['Contoso Pharmaceuticals', 'Fabrikam Logistics', 'Tailspin Toys'],
    view: 'Active A-level customers',
    renamed: 'Key accounts',
    teamView: 'Team: level A',
    doomed: 'Old campaign',
  },
  'zh-CN': {
    customers: ['杭州西湖茶业有限公司', '成都天府物流有限公司', '上海浦江玩具厂'],
    view: '活跃的 A 级客户',
    renamed: '重点客户',
    teamView: '团队：A 级客户',
    doomed: '旧活动名单',
  },
};

let owner: Owner;
let miaCookie = '';

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  const server = running();
  owner = await createOrg(server, testInfo, 'Northwind Traders');
  await addMemberViaApi(server, owner, mia);
  await addMemberViaApi(server, owner, sam);
  miaCookie = (await loginApi(server.url, { identifier: mia.email, password: MEMBER_PASSWORD })).cookieHeader;
  const [contoso = '', fabrikam = '', tailspin = ''] = names[projectLocale(testInfo)].customers;
  for (const body of [
    { name: contoso, level: 'A', status: 'active', industry: 'Pharma' },
    { name: fabrikam, level: 'C', source: 'exhibition' },
    { name: tailspin, level: 'A', status: 'lost' },
  ]) {
    // Mia's own: a manager sees her team's customers, and she is in no team here.
    await apiRequest(server.url, 'POST', '/api/customers', { cookieHeader: miaCookie, body });
  }
});

async function openList(page: Page, testInfo: TestInfo, path: string, titleKey: string): Promise<void> {
  const tr = translator(testInfo);
  await page.goto(`${running().url}${path}`);
  // A first load parses the whole app bundle, slow on a busy machine.
  await expect(page.getByRole('heading', { name: tr(titleKey), exact: true })).toBeVisible({ timeout: 30_000 });
  await dismissBanners(page, testInfo);
  await settled(page);
}

/** A column header of the customers table. */
function header(page: Page, label: string): Locator {
  return page.locator('.ant-table-thead th').filter({ hasText: label });
}

/** Opens or closes the column chooser. */
async function toggleColumns(page: Page, testInfo: TestInfo): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`${translator(testInfo)('customers.columns.button')}$`) }).click();
}

test('a manager saves, applies, renames, shares and updates a customers view', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const local = names[projectLocale(testInfo)];
  const [contoso = '', fabrikam = '', tailspin = ''] = local.customers;
  const rows = page.locator('.ant-table-row');
  await signInPage(page, running(), mia.email, MEMBER_PASSWORD);
  await openList(page, testInfo, '/customers', 'customers.title');
  await expect(rows).toHaveCount(3);

  await test.step('filter and choose columns, then save them as a view', async () => {
    await pickOption(
      page,
      page.getByRole('combobox', { name: tr('customers.field.level'), exact: true }),
      tr('customers.levelTag', { level: 'A' }),
    );
    await pickOption(
      page,
      page.getByRole('combobox', { name: tr('customers.field.status'), exact: true }),
      tr('customers.status.active'),
    );
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(contoso);
    await toggleColumns(page, testInfo);
    const chooser = page.getByTestId('column-chooser');
    await chooser.getByRole('checkbox', { name: tr('customers.field.industry') }).check();
    await chooser.getByRole('checkbox', { name: tr('customers.field.phone') }).uncheck();
    await toggleColumns(page, testInfo);
    await expect(chooser).toBeHidden();
    await expect(header(page, tr('customers.field.industry'))).toBeVisible();
    await expect(header(page, tr('customers.field.phone'))).toHaveCount(0);

    const panel = await openViews(page);
    await expect(panel).toContainText(tr('savedViews.empty'));
    await panel.getByRole('button', { name: new RegExp(`${tr('savedViews.saveCurrent')}$`) }).click();
    const dialog = page.getByRole('dialog', { name: tr('savedViews.dialog.createTitle') });
    await expect(dialog).toContainText(tr('savedViews.dialog.explainColumns'));
    await dialog.getByLabel(tr('savedViews.dialog.name'), { exact: true }).fill(local.view);
    // Managers may share with the organisation; not this time.
    await expect(dialog.getByRole('checkbox', { name: tr('savedViews.dialog.share') })).not.toBeChecked();
    await settled(page);
    await pageShot(page, testInfo, 'views-01-save-modal');
    await dialog.getByRole('button', { name: tr('savedViews.dialog.create'), exact: true }).click();
    await expect(toast(page, tr('savedViews.created', { name: local.view }))).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(viewsButton(page)).toHaveText(local.view);
  });

  await test.step('clear the filters and columns, then apply the view again', async () => {
    await page.getByRole('button', { name: tr('customers.filter.clear'), exact: true }).click();
    await expect(rows).toHaveCount(3);
    await toggleColumns(page, testInfo);
    await page
      .getByTestId('column-chooser')
      .getByRole('button', { name: tr('customers.columns.reset') })
      .click();
    await toggleColumns(page, testInfo);
    await expect(page.getByTestId('column-chooser')).toBeHidden();
    await expect(header(page, tr('customers.field.industry'))).toHaveCount(0);
    await expect(viewsButton(page)).toHaveText(tr('savedViews.button'));

    await applyView(page, local.view);
    await expect(page).toHaveURL(/level=A/);
    await expect(page).toHaveURL(/status=active/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(contoso);
    await expect(header(page, tr('customers.field.industry'))).toBeVisible();
    await expect(header(page, tr('customers.field.phone'))).toHaveCount(0);
    await expect(viewsButton(page)).toHaveText(local.view);
    await expect(viewRow(await openViews(page), local.view)).toHaveAttribute('data-active', 'true');
    await screenshotQuietly(page, testInfo, 'views-02-dropdown-active');
  });

  await test.step('a name already in use is refused in the user’s language', async () => {
    const panel = await openViews(page);
    await panel.getByRole('button', { name: new RegExp(`${tr('savedViews.saveCurrent')}$`) }).click();
    const dialog = page.getByRole('dialog', { name: tr('savedViews.dialog.createTitle') });
    await dialog.getByLabel(tr('savedViews.dialog.name'), { exact: true }).fill(` ${local.view.toUpperCase()} `);
    await dialog.getByRole('button', { name: tr('savedViews.dialog.create'), exact: true }).click();
    await expect(dialog.getByText(serverText(projectLocale(testInfo), 'errors.crm.view_name_taken'))).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'views-04-name-taken');
    await dialog.getByRole('button', { name: tr('common.cancel'), exact: true }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('rename it and share it with the organisation', async () => {
    await chooseViewAction(page, testInfo, local.view, 'savedViews.action.rename', 'views-03-actions-menu');
    const dialog = page.getByRole('dialog', { name: tr('savedViews.dialog.editTitle') });
    const name = dialog.getByLabel(tr('savedViews.dialog.name'), { exact: true });
    await expect(name).toHaveValue(local.view);
    await name.fill(local.renamed);
    await dialog.getByRole('checkbox', { name: tr('savedViews.dialog.share') }).check();
    await dialog.getByRole('button', { name: tr('savedViews.dialog.save'), exact: true }).click();
    await expect(toast(page, tr('savedViews.renamed', { name: local.renamed }))).toBeVisible();
    await expect(viewsButton(page)).toHaveText(local.renamed);
    await expect(viewRow(await openViews(page), local.renamed)).toContainText(tr('savedViews.sharedByMe'));
  });

  await test.step('update it with the current filters', async () => {
    await closeViews(page);
    await pickOption(
      page,
      page.getByRole('combobox', { name: tr('customers.field.status'), exact: true }),
      tr('customers.status.lost'),
    );
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(tailspin);
    await expect(viewsButton(page)).toHaveText(tr('savedViews.button'));
    await chooseViewAction(page, testInfo, local.renamed, 'savedViews.action.update');
    await expect(toast(page, tr('savedViews.updated', { name: local.renamed }))).toBeVisible();
    await expect(viewsButton(page)).toHaveText(local.renamed);
    await page.getByRole('button', { name: tr('customers.filter.clear'), exact: true }).click();
    await expect(rows.filter({ hasText: fabrikam })).toBeVisible();
    await applyView(page, local.renamed);
    await expect(page).toHaveURL(/status=lost/);
    await expect(rows).toHaveCount(1);
  });
});

test('a salesperson applies a view a manager shared, but cannot change it', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  const local = names[projectLocale(testInfo)];
  await apiRequest(running().url, 'POST', '/api/views', {
    cookieHeader: miaCookie,
    body: { list: 'customers', name: local.teamView, query: 'level=A', columns: ['owner', 'level'], shared: true },
  });
  await signInPage(page, running(), sam.email, MEMBER_PASSWORD);
  await openList(page, testInfo, '/customers', 'customers.title');

  const panel = await openViews(page);
  await expect(panel).toContainText(tr('savedViews.shared'));
  const row = viewRow(panel, local.teamView);
  await expect(row).toContainText(tr('savedViews.sharedBy', { name: mia.name }));
  await expect(
    row.getByRole('button', { name: tr('savedViews.action.moreFor', { name: local.teamView }) }),
  ).toHaveCount(0);
  await expect(row.getByRole('img', { name: tr('savedViews.readOnly', { name: mia.name }) })).toBeVisible();
  await settled(page);
  await pageShot(page, testInfo, 'views-05-shared-read-only');

  await row.getByTestId('saved-view-apply').click();
  await expect(page).toHaveURL(/level=A/);
  await expect(viewsButton(page)).toHaveText(local.teamView);

  // Only managers share: a salesperson's own views stay their own.
  await (await openViews(page)).getByRole('button', { name: new RegExp(`${tr('savedViews.saveCurrent')}$`) }).click();
  const dialog = page.getByRole('dialog', { name: tr('savedViews.dialog.createTitle') });
  await expect(dialog.getByLabel(tr('savedViews.dialog.name'), { exact: true })).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: tr('savedViews.dialog.share') })).toHaveCount(0);
  await dialog.getByRole('button', { name: tr('common.cancel'), exact: true }).click();
});

test('deleting a view asks first', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  const local = names[projectLocale(testInfo)];
  await apiRequest(running().url, 'POST', '/api/views', {
    cookieHeader: miaCookie,
    body: { list: 'customers', name: local.doomed, query: 'source=exhibition', columns: ['level'], shared: false },
  });
  await signInPage(page, running(), mia.email, MEMBER_PASSWORD);
  await openList(page, testInfo, '/customers', 'customers.title');
  await chooseViewAction(page, testInfo, local.doomed, 'savedViews.action.delete');
  await expect(page.locator('.ant-modal-confirm')).toContainText(
    tr('savedViews.delete.confirm', { name: local.doomed }),
  );
  await confirmAction(page, tr('savedViews.delete.submit'));
  await expect(toast(page, tr('savedViews.delete.done', { name: local.doomed }))).toBeVisible();
  await expect(viewRow(await openViews(page), local.doomed)).toHaveCount(0);
});

test('deals and contracts keep views of their filters', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  const local = names[projectLocale(testInfo)];
  await signInPage(page, running(), mia.email, MEMBER_PASSWORD);

  await openList(page, testInfo, '/contracts', 'contracts.title');
  const unpaid = page.getByRole('checkbox', { name: tr('contracts.filter.unpaid') });
  // The box follows the address, which changes a moment after the click.
  await unpaid.click();
  await expect(unpaid).toBeChecked();
  await expect(page).toHaveURL(/unpaid=1/);
  await (await openViews(page)).getByRole('button', { name: new RegExp(`${tr('savedViews.saveCurrent')}$`) }).click();
  const dialog = page.getByRole('dialog', { name: tr('savedViews.dialog.createTitle') });
  await expect(dialog).toContainText(tr('savedViews.dialog.explain'));
  await dialog.getByLabel(tr('savedViews.dialog.name'), { exact: true }).fill(local.view);
  await dialog.getByRole('button', { name: tr('savedViews.dialog.create'), exact: true }).click();
  await expect(viewsButton(page)).toHaveText(local.view);
  await unpaid.click();
  await expect(unpaid).not.toBeChecked();
  await expect(page).not.toHaveURL(/unpaid=1/);
  await applyView(page, local.view);
  await expect(page).toHaveURL(/unpaid=1/);
  await openViews(page);
  await screenshotQuietly(page, testInfo, 'views-06-contracts');
  await closeViews(page);
  const saved = await apiRequest<{ items: { name: string; columns: string[] }[] }>(
    running().url,
    'GET',
    '/api/views?list=contracts',
    { cookieHeader: miaCookie },
  );
  expect(saved.body.items).toEqual([expect.objectContaining({ name: local.view, columns: [] })]);

  await apiRequest(running().url, 'POST', '/api/views', {
    cookieHeader: miaCookie,
    body: { list: 'deals', name: local.view, query: 'owner=me&status=open', columns: [], shared: false },
  });
  await openList(page, testInfo, '/deals?view=list', 'deals.title');
  await applyView(page, local.view);
  await expect(page).toHaveURL(/owner=me/);
  // The board or list stays as it was.
  await expect(page).toHaveURL(/view=list/);
  await expect(viewsButton(page)).toHaveText(local.view);
  await screenshotQuietly(page, testInfo, 'views-07-deals');
});
