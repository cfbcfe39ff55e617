// Reports in the browser: seeded through the API (customers with sources, deals in stages with a won one, follow-ups,
// a contract with a payment), the owner opens Reports, reads the funnel, the won total and the not-followed-up table,
// then narrows the figures to one salesperson. The browser runs in Shanghai: the reports count its calendar days (the
// dates seeded below are UTC dates, never later than Shanghai's).
import type { TestInfo } from '@playwright/test';
import { translator } from './support/admin-ui.ts';
import { dismissBanners } from './support/banners.ts';
import { apiRequest, expect, loginApi, test, useServer } from './support/fixtures.ts';
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

const running = useServer();
test.use({ timezoneId: 'Asia/Shanghai' });

const sam = { email: 'sam.song@northwind.example', name: 'Sam Song', role: 'sales' as const };

const names = {
  en: { referral: 'Contoso Pharmaceuticals', idle: 'Fabrikam Logistics', sam: 'Sam’s Corner Shop' },
  'zh-CN': { referral: '杭州西湖茶业有限公司', idle: '成都天府物流有限公司', sam: '宋记便利店' },
};
const namesFor = (testInfo: TestInfo) => names[testInfo.project.name === 'zh-CN' ? 'zh-CN' : 'en'];

let owner: Owner;

async function post<Body>(cookieHeader: string, path: string, body: Record<string, unknown>): Promise<Body> {
  const result = await apiRequest<Body>(running().url, 'POST', path, { cookieHeader, body });
  expect(result.status, `${path}: ${JSON.stringify(result.body)}`).toBeLessThan(300);
  return result.body;
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
  const referral = await post<{ id: string }>(owner.cookieHeader, '/api/customers', {
    name: local.referral,
    source: 'referral',
  });
  const idle = await post<{ id: string }>(owner.cookieHeader, '/api/customers', {
    name: local.idle,
    source: 'exhibition',
  });
  await post(owner.cookieHeader, '/api/deals', {
    customerId: referral.id,
    name: 'Spring order',
    amount: '80000.00',
    stageId: stage('proposal'),
  });
  await post(owner.cookieHeader, '/api/deals', {
    customerId: referral.id,
    name: 'Pilot',
    amount: '15800.00',
    stageId: stage('won'),
  });
  await post(owner.cookieHeader, '/api/deals', {
    customerId: idle.id,
    name: 'Trucks',
    amount: '4200.00',
    stageId: stage('qualify'),
  });
  // The idle customer's only follow-up was 60 days ago: it is on the not-followed-up list.
  await post(owner.cookieHeader, '/api/follow-ups', {
    customerId: idle.id,
    type: 'visit',
    content: 'Visited the warehouse.',
    occurredAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
  });
  await post(owner.cookieHeader, '/api/follow-ups', {
    customerId: referral.id,
    type: 'call',
    content: 'Called about the pilot.',
  });
  const contract = await post<{ id: string }>(owner.cookieHeader, '/api/contracts', {
    number: 'HT-2026-001',
    title: 'Pilot supply',
    customerId: referral.id,
    amount: '15800.00',
    status: 'active',
    signedDate: new Date().toISOString().slice(0, 10),
  });
  await post(owner.cookieHeader, `/api/contracts/${contract.id}/payments`, {
    amount: '5000.00',
    receivedDate: new Date().toISOString().slice(0, 10),
    method: 'bank_transfer',
  });
  const samCookie = (await loginApi(server.url, { identifier: sam.email, password: MEMBER_PASSWORD })).cookieHeader;
  const samCustomer = await post<{ id: string }>(samCookie, '/api/customers', { name: local.sam, source: 'website' });
  await post(samCookie, '/api/deals', {
    customerId: samCustomer.id,
    name: 'Restock',
    amount: '3200.00',
    stageId: stage('negotiation'),
  });
});

test('reports: funnel, won amount, follow-ups, sources, contracts and idle customers, narrowed to one salesperson', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const tr = translator(testInfo);
  const local = namesFor(testInfo);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInPage(page, running(), owner.email, owner.password);
  await page.goto(`${running().url}/`);
  const wonRequest = page.waitForRequest((request) => request.url().includes('/api/reports/won-by-month'));
  await page.getByRole('menuitem', { name: tr('nav.reports') }).click();
  await expect(page.getByRole('heading', { name: tr('reports.title') })).toBeVisible({ timeout: 30_000 });
  expect(new URL((await wonRequest).url()).searchParams.get('tz')).toBe('Asia/Shanghai');
  await expect(page.getByText(tr('reports.description', { zone: 'Asia/Shanghai' }))).toBeVisible();
  await dismissBanners(page, testInfo);

  const funnel = page.getByTestId('funnel-chart');
  await expect(funnel).toContainText(tr('deals.stage.proposal'));
  await expect(funnel).toContainText(tr('deals.stage.won'));
  await expect(page.getByTestId('report-won')).toContainText(tr('reports.won.total_one', { count: 1 }));
  await expect(page.getByTestId('report-won')).toContainText('15,800.00');
  await expect(page.getByTestId('report-follow-ups')).toContainText(tr('reports.followUps.total'));
  await expect(page.getByTestId('sources-chart')).toContainText(tr('customers.source.referral'));
  await expect(page.getByTestId('report-contracts')).toContainText('5,000.00');
  const stale = page.getByTestId('report-stale');
  await expect(stale.getByRole('link', { name: local.idle })).toBeVisible();
  await expect(stale.getByRole('link', { name: local.referral })).toHaveCount(0);
  await settled(page);
  await pageShot(page, testInfo, 'reports-01-overview');

  // Sam's figures only: his open deal, no won deal, none of the owner's customers idle.
  await pickOption(page, page.getByRole('combobox', { name: tr('reports.owner') }), sam.name);
  await expect(funnel).toContainText(tr('deals.stage.negotiation'));
  await expect(page.getByTestId('report-won')).toContainText(tr('reports.empty'));
  await expect(stale.getByRole('link', { name: local.idle })).toHaveCount(0);
  await settled(page);
  await pageShot(page, testInfo, 'reports-02-one-salesperson');

  // The customer link opens the customer.
  await pickOption(page, page.getByRole('combobox', { name: tr('reports.owner') }), owner.name);
  await stale.getByRole('link', { name: local.idle }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
});
