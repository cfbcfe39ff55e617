// Deals in the browser: create a deal, drag cards between stages on the kanban board (real pointer moves past dnd-kit's
// activation distance, and the keyboard), mark one lost with a reason and watch the column totals follow; the list
// view, the deal's history, the customer's Deals tab and Settings → Pipeline; a salesperson sees only their own deals.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { toast, translator } from './support/admin-ui.ts';
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

const sam = { email: 'sam.song@northwind.example', name: 'Sam Song', role: 'sales' as const };

const names = {
  en: {
    customers: ['Contoso Pharmaceuticals', 'Fabrikam Logistics'],
    samCustomer: 'Sam’s Corner Shop',
    created: 'ERP rollout 2025',
    seeded: ['Cold-chain trucks', 'Warehouse scanners', 'Lab freezers'],
    samDeal: 'Shop fittings',
    lostReason: 'Chose a cheaper local supplier',
    renamed: 'Discovery call',
    added: 'Product demo',
  },
  'zh-CN': {
    customers: ['杭州西湖茶业有限公司', '成都天府物流有限公司'],
    samCustomer: '宋记便利店',
    created: '2025 年 ERP 上线项目',
    seeded: ['冷链运输车采购', '仓库扫码枪', '实验室冰柜'],
    samDeal: '门店货架',
    lostReason: '客户选择了价格更低的本地供应商',
    renamed: '初步沟通',
    added: '产品演示',
  },
};

let owner: Owner;
let firstCustomerId = '';

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
  await addMemberViaApi(server, owner, sam);
  const stages = (
    await apiRequest<{ stages: { id: string; key: string }[] }>(server.url, 'GET', '/api/pipeline', {
      cookieHeader: owner.cookieHeader,
    })
  ).body.stages;
  const stage = (key: string) => stages.find((candidate) => candidate.key === key)?.id ?? '';
  const [first = '', second = ''] = local.customers;
  firstCustomerId = (await post<{ id: string }>(owner.cookieHeader, '/api/customers', { name: first, level: 'A' })).id;
  const secondId = (await post<{ id: string }>(owner.cookieHeader, '/api/customers', { name: second })).id;
  const [trucks = '', scanners = '', freezers = ''] = local.seeded;
  await post(owner.cookieHeader, '/api/deals', {
    customerId: firstCustomerId,
    name: trucks,
    amount: '80000.00',
    stageId: stage('needs'),
    expectedCloseDate: '2025-01-15',
  });
  await post(owner.cookieHeader, '/api/deals', {
    customerId: secondId,
    name: scanners,
    amount: '15800.00',
    stageId: stage('negotiation'),
  });
  await post(owner.cookieHeader, '/api/deals', {
    customerId: secondId,
    name: freezers,
    amount: '4999.99',
    currency: 'USD',
    stageId: stage('proposal'),
    expectedCloseDate: '2030-06-30',
  });
  const samCookie = (await loginApi(server.url, { identifier: sam.email, password: MEMBER_PASSWORD })).cookieHeader;
  const samCustomer = await post<{ id: string }>(samCookie, '/api/customers', { name: local.samCustomer });
  await post(samCookie, '/api/deals', { customerId: samCustomer.id, name: local.samDeal, amount: '3200.00' });
});

async function openDeals(page: Page, testInfo: TestInfo, query = ''): Promise<void> {
  const tr = translator(testInfo);
  await page.goto(`${running().url}/deals${query}`);
  await expect(page.getByRole('heading', { name: tr('deals.title'), exact: true })).toBeVisible({ timeout: 30_000 });
  await settled(page);
}

async function quietShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}

/** The board column of the default stage with this key (its name in the project's language). */
function column(page: Page, testInfo: TestInfo, key: string): Locator {
  const name = translator(testInfo)(`deals.stage.${key}`);
  return page
    .getByTestId('deal-column')
    .filter({ has: page.getByTestId('deal-column-name').getByText(name, { exact: true }) });
}

function card(page: Page, name: string): Locator {
  return page.getByTestId('deal-card').filter({ has: page.getByText(name, { exact: true }) });
}

/** A real drag: press on the card, move past the activation distance, glide to the column, release. */
async function dragTo(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const start = await from.getByTestId('deal-card-amount').boundingBox();
  const target = await to.boundingBox();
  if (!start || !target) {
    throw new Error('card or column not on screen');
  }
  const x = start.x + start.width / 2;
  const y = start.y + start.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 6, { steps: 4 });
  await page.mouse.move(target.x + target.width / 2, target.y + 90, { steps: 16 });
  await page.mouse.up();
}

test('deals: create, drag along the board, lose one with a reason, list, history, customer tab, pipeline settings', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  const [firstCustomer = ''] = local.customers;
  const [trucks = '', scanners = ''] = local.seeded;
  await signInPage(page, running(), owner.email, owner.password);
  await openDeals(page, testInfo);
  await dismissBanners(page, testInfo);

  await test.step('create a deal from the board', async () => {
    await page.getByRole('button', { name: endsWith(tr('deals.new')) }).click();
    const form = page.getByTestId('deal-form');
    await pickOption(page, form.getByRole('combobox', { name: tr('contacts.field.customer') }), firstCustomer, {
      search: true,
    });
    await form.getByLabel(tr('deals.field.name'), { exact: true }).fill(local.created);
    await form.getByLabel(tr('deals.field.amount'), { exact: true }).fill('120000.50');
    await form.getByRole('button', { name: tr('deals.form.create'), exact: true }).click();
    await expect(toast(page, tr('deals.form.created', { name: local.created }))).toBeVisible();
    const detail = page.getByTestId('deal-detail');
    await expect(detail.getByTestId('deal-facts')).toContainText('120,000.50');
    await page.locator('.ant-drawer-close').click();
    await expect(detail).toBeHidden();
    const qualify = column(page, testInfo, 'qualify');
    await expect(card(page, local.created)).toBeVisible();
    // The owner sees every deal, Sam's too.
    await expect(qualify.getByTestId('deal-column-count')).toHaveText('2');
    await expect(qualify.getByTestId('deal-column-total')).toContainText('123,200.50');
    // An open deal past its expected close date is flagged.
    await expect(card(page, trucks).getByTestId('deal-card-overdue')).toBeVisible();
    await quietShot(page, testInfo, 'deals-01-board');
  });

  await test.step('drag the new deal to the next stage: counts and totals follow', async () => {
    const needs = column(page, testInfo, 'needs');
    await expect(needs.getByTestId('deal-column-total')).toContainText('80,000.00');
    await dragTo(page, card(page, local.created), needs);
    await expect(
      toast(page, tr('deals.board.moved', { name: local.created, stage: tr('deals.stage.needs') })),
    ).toBeVisible();
    await expect(needs.getByTestId('deal-card').filter({ hasText: local.created })).toBeVisible();
    await expect(needs.getByTestId('deal-column-count')).toHaveText('2');
    await expect(needs.getByTestId('deal-column-total')).toContainText('200,000.50');
    await expect(column(page, testInfo, 'qualify').getByTestId('deal-column-count')).toHaveText('1');
    await expect(column(page, testInfo, 'qualify').getByTestId('deal-column-total')).toContainText('3,200.00');
  });

  await test.step('move a card with the keyboard', async () => {
    const handle = page.locator('[aria-roledescription]').filter({ has: card(page, local.created) });
    await handle.focus();
    // dnd-kit's live region says what happens; each key waits for the previous step to be announced.
    const announcer = page.locator('[id^="DndLiveRegion"]');
    await page.keyboard.press('Space');
    await expect(announcer).toHaveText(
      tr('deals.board.announce.over', { name: local.created, stage: tr('deals.stage.needs') }),
    );
    await page.keyboard.press('ArrowRight');
    await expect(announcer).toHaveText(
      tr('deals.board.announce.over', { name: local.created, stage: tr('deals.stage.proposal') }),
    );
    await page.keyboard.press('Space');
    await expect(announcer).toHaveText(
      tr('deals.board.announce.end', { name: local.created, stage: tr('deals.stage.proposal') }),
    );
    await expect(
      toast(page, tr('deals.board.moved', { name: local.created, stage: tr('deals.stage.proposal') })),
    ).toBeVisible();
    await expect(
      column(page, testInfo, 'proposal').getByTestId('deal-card').filter({ hasText: local.created }),
    ).toBeVisible();
  });

  await test.step('drop a deal on Lost: it asks why, then the totals move', async () => {
    // Negotiation, won and lost fit on screen together once the board is scrolled to its end.
    await page.getByTestId('deal-board').evaluate((board) => board.scrollTo({ left: board.scrollWidth }));
    const lost = column(page, testInfo, 'lost');
    await dragTo(page, card(page, scanners), lost);
    const dialog = page.getByRole('dialog', { name: tr('deals.lost.title', { name: scanners }) });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: tr('deals.lost.submit', { stage: tr('deals.stage.lost') }) }).click();
    await expect(dialog.getByText(tr('deals.lost.required'))).toBeVisible();
    await dialog.getByLabel(tr('deals.field.lostReason')).fill(local.lostReason);
    await settled(page);
    await pageShot(page, testInfo, 'deals-02-lost-reason');
    await dialog.getByRole('button', { name: tr('deals.lost.submit', { stage: tr('deals.stage.lost') }) }).click();
    await expect(toast(page, tr('deals.board.moved', { name: scanners, stage: tr('deals.stage.lost') }))).toBeVisible();
    await expect(lost.getByTestId('deal-column-count')).toHaveText('1');
    await expect(lost.getByTestId('deal-column-total')).toContainText('15,800.00');
    await expect(column(page, testInfo, 'negotiation').getByTestId('deal-column-count')).toHaveText('0');
    await expect(column(page, testInfo, 'negotiation').getByTestId('deal-column-total')).toHaveText(
      tr('deals.board.noAmount'),
    );
  });

  await test.step('the list shows every deal with its stage and the sums; a deal opens with its history', async () => {
    await page.getByText(tr('deals.view.list'), { exact: true }).click();
    await expect(page).toHaveURL(/view=list/);
    const row = page.locator('.ant-table-row').filter({ hasText: scanners });
    await expect(row.getByTestId('deal-stage')).toHaveText(tr('deals.stage.lost'));
    await expect(page.getByTestId('deals-count')).toContainText('5');
    await expect(page.getByTestId('deal-sums')).toContainText('15,800.00');
    await quietShot(page, testInfo, 'deals-03-list');
    await row.getByTestId('deal-link').click();
    const detail = page.getByTestId('deal-detail');
    await expect(detail.getByTestId('deal-facts')).toContainText(local.lostReason);
    const history = detail.getByTestId('deal-history');
    await expect(history.getByTestId('history-entry').first()).toContainText(
      tr('deals.history.action.deal_stage_changed'),
    );
    await expect(history.getByTestId('history-entry').first()).toContainText(tr('deals.stage.lost'));
    await settled(page);
    await pageShot(page, testInfo, 'deals-04-detail');
  });

  await test.step("the customer's Deals tab lists its deals and starts new ones for it", async () => {
    await page.goto(`${running().url}/customers/${firstCustomerId}?tab=deals`);
    const tab = page.getByRole('tab', { name: tr('deals.tab_other', { count: 2 }) });
    await expect(tab).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
    await expect(page.locator('.ant-table-row').filter({ hasText: local.created })).toBeVisible();
    await expect(page.getByTestId('deal-sums')).toContainText('200,000.50');
    await quietShot(page, testInfo, 'deals-06-customer-tab');
    await page.getByRole('button', { name: endsWith(tr('deals.new')) }).click();
    await expect(page.getByTestId('deal-form').locator('.ant-drawer-title')).toHaveText(
      tr('deals.form.createTitleFor', { customer: firstCustomer }),
    );
    await page
      .getByTestId('deal-form')
      .getByRole('button', { name: tr('common.cancel'), exact: true })
      .click();
    await page.getByRole('tab', { name: tr('customers.detail.historyTab') }).click();
    await expect(
      page
        .getByTestId('history-entry')
        .filter({ hasText: tr('deals.history.action.deal_added') })
        .first(),
    ).toBeVisible();
  });

  await test.step('Settings → Pipeline: rename a stage, add one, and see it on the board', async () => {
    await page.goto(`${running().url}/settings/pipeline`);
    await expect(page.getByRole('heading', { name: tr('pipeline.title'), exact: true })).toBeVisible({
      timeout: 30_000,
    });
    await page.getByLabel(tr('pipeline.nameOf', { position: 1 })).fill(local.renamed);
    await page.getByRole('button', { name: endsWith(tr('pipeline.add')) }).click();
    await page.getByLabel(tr('pipeline.nameOf', { position: 5 })).fill(local.added);
    await page.getByRole('button', { name: tr('pipeline.moveUp', { position: 5 }) }).click();
    await expect(page.getByLabel(tr('pipeline.nameOf', { position: 4 }))).toHaveValue(local.added);
    await settled(page);
    await pageShot(page, testInfo, 'deals-05-pipeline-settings');
    await page.getByRole('button', { name: tr('pipeline.save'), exact: true }).click();
    await expect(toast(page, tr('pipeline.saved'))).toBeVisible();
    await openDeals(page, testInfo);
    const columnNames = page.getByTestId('deal-column-name');
    await expect(columnNames.first()).toHaveText(local.renamed);
    await expect(columnNames.nth(3)).toHaveText(local.added);
    await expect(columnNames).toHaveCount(7);
  });
});

test('a salesperson sees only their own deals', async ({ page }, testInfo) => {
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  await signInPage(page, running(), sam.email, MEMBER_PASSWORD);
  await openDeals(page, testInfo);
  await expect(card(page, local.samDeal)).toBeVisible();
  await expect(page.getByTestId('deal-card')).toHaveCount(1);
  for (const name of local.seeded) {
    await expect(card(page, name)).toHaveCount(0);
  }
  // Sales delete nothing: no trash.
  await expect(page.getByRole('button', { name: endsWith(tr('deals.trash.open')) })).toHaveCount(0);
  await openDeals(page, testInfo, '?view=list');
  await expect(page.locator('.ant-table-row')).toHaveCount(1);
  await expect(page.getByTestId('deals-count')).toContainText('1');
  // No Settings → Pipeline for sales.
  await page.goto(`${running().url}/settings/security`);
  await expect(page.getByRole('navigation', { name: tr('settings.navigation') })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('menuitem', { name: tr('settings.nav.pipeline') })).toHaveCount(0);
});

test('the owner hands a deal to a salesperson from its drawer, with a note, in the shared transfer dialog', async ({
  page,
}, testInfo) => {
  const tr = translator(testInfo);
  const freezers = namesFor(testInfo).seeded[2] ?? '';
  await signInPage(page, running(), owner.email, owner.password);
  await openDeals(page, testInfo, '?view=list');
  await dismissBanners(page, testInfo);
  await page.getByTestId('deal-link').filter({ hasText: freezers }).click();
  const drawer = page.getByTestId('deal-detail');
  await drawer.getByRole('button', { name: endsWith(tr('deals.action.transfer')) }).click();
  const dialog = page.getByRole('dialog', { name: tr('deals.transfer.titleOne', { name: freezers }) });
  await expect(dialog.getByText(tr('deals.transfer.explain'))).toBeVisible();
  await pickOption(page, dialog.getByLabel(tr('deals.transfer.to'), { exact: true }), sam.name, { search: true });
  const note = projectLocale(testInfo) === 'zh-CN' ? '华东区域现由 Sam 负责' : 'Sam covers this region now';
  await dialog.getByLabel(tr('deals.transfer.note')).fill(note);
  await settled(page);
  await pageShot(page, testInfo, 'deals-07-transfer');
  await dialog.getByRole('button', { name: tr('deals.transfer.submit'), exact: true }).click();
  await expect(toast(page, tr('deals.transfer.done_one', { count: 1, name: sam.name }))).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(drawer.getByTestId('deal-history')).toContainText(sam.name);
});
