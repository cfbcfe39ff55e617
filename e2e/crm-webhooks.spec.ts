// Outgoing webhooks in the browser: an owner adds an endpoint pointed at a receiver this test runs on 127.0.0.1, copies
// the signing secret from the one-time panel, creates a customer in the UI, and sees the delivery in the log as
// delivered — while the receiver checks the HMAC signature with that secret. Then a test event.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { passStepUpIfAsked, toast, translator } from './support/admin-ui.ts';
import { dismissBanners } from './support/banners.ts';
import { expect, test, useServer } from './support/fixtures.ts';
import { createOrg, openSettingsEntry, pageShot, settled, signInPage, type Owner } from './support/org-flows.ts';
import { waitUntilStepUpExpires } from './support/two-step-ui.ts';

const STEP_UP_SECONDS = 15;
const running = useServer({
  env: { WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_DELIVERY_SECONDS: '1', STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) },
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let owner: Owner;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];

test.beforeAll(async ({ browserName: _browserName }, testInfo) => {
  owner = await createOrg(running(), testInfo, 'Northwind Traders');
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

function signed(secret: string, request: Received): boolean {
  const timestamp = String(request.headers['clientele-timestamp']);
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return request.headers['clientele-signature'] === expected;
}

test('add an endpoint, see the secret once, a new customer is delivered signed, send a test', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const tr = translator(testInfo);
  const server = running();
  const zh = testInfo.project.name === 'zh-CN';
  const endpointName = zh ? 'ERP 同步' : 'ERP sync';
  const customerName = zh ? `深圳云帆科技 ${Date.now() % 10000}` : `Contoso Pharmaceuticals ${Date.now() % 10000}`;
  await signInPage(page, server, owner.email, owner.password);
  await openSettingsEntry(page, server.url, tr('settings.navigation'), tr('settings.nav.webhooks'));
  await expect(page.getByRole('heading', { name: tr('webhooks.title') })).toBeVisible();
  await dismissBanners(page, testInfo);
  await expect(page.getByText(tr('webhooks.help.title'))).toBeVisible();

  // The sign-in no longer counts as recent: sending CRM data to a new address asks to confirm it's you.
  await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
  await page.getByRole('button', { name: tr('webhooks.new') }).click();
  const dialog = page.getByRole('dialog', { name: tr('webhooks.form.createTitle') });
  await dialog.getByLabel(tr('webhooks.form.name')).fill(endpointName);
  await dialog.getByLabel(tr('webhooks.form.url')).fill(receiverUrl);
  await dialog.getByRole('checkbox', { name: 'deal.created' }).check();
  await settled(page);
  await pageShot(page, testInfo, 'webhook-create-form');
  await dialog.getByRole('button', { name: tr('webhooks.form.create'), exact: true }).click();
  const reveal = page.getByTestId('webhook-secret-reveal');
  expect(await passStepUpIfAsked(page, testInfo, owner.password, reveal)).toBe(true);
  const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  await settled(page);
  await pageShot(page, testInfo, 'webhook-secret-once');
  await reveal.getByRole('button', { name: tr('webhooks.secret.done') }).click();
  const table = page.getByTestId('webhooks-table');
  await expect(table).toContainText(endpointName);
  // Shown once: the page never has it again.
  await expect(page.getByText(secret)).toHaveCount(0);

  // A customer created in the UI becomes a signed customer.created event.
  await page.goto(`${server.url}/customers`);
  await expect(page.getByRole('heading', { name: tr('customers.title'), exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await page
    .getByRole('button', { name: new RegExp(`${tr('customers.new')}$`) })
    .first()
    .click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel(tr('customers.field.name'), { exact: true }).fill(customerName);
  await form.getByRole('button', { name: tr('customers.form.create'), exact: true }).click();
  await expect(toast(page, tr('customers.form.created', { name: customerName }))).toBeVisible();

  await expect
    .poll(() => received.find((request) => request.body.includes(customerName)), { timeout: 30_000 })
    .toBeTruthy();
  const delivery = received.find((request) => request.body.includes(customerName));
  expect(delivery && signed(secret, delivery)).toBe(true);
  const event = JSON.parse(delivery?.body ?? '{}') as { type: string; data: { name: string } };
  expect(event.type).toBe('customer.created');
  expect(event.data.name).toBe(customerName);

  await page.goto(`${server.url}/settings/webhooks`);
  await page.getByRole('button', { name: tr('webhooks.action.log') }).click();
  const log = page.getByTestId('webhook-deliveries');
  await expect(
    log.getByRole('row').filter({ hasText: 'customer.created' }).getByText(tr('webhooks.status.delivered')),
  ).toBeVisible({ timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, 'webhook-delivery-log');
  await page.keyboard.press('Escape');

  const before = received.length;
  await page.getByRole('button', { name: tr('webhooks.action.test') }).click();
  await expect(toast(page, tr('webhooks.test.delivered', { code: 204 }))).toBeVisible();
  expect(received.length).toBe(before + 1);
  const ping = received.at(-1);
  expect(ping && signed(secret, ping)).toBe(true);
  expect(JSON.parse(ping?.body ?? '{}')).toMatchObject({ type: 'ping' });
  await settled(page);
  await pageShot(page, testInfo, 'webhooks-page');

  // Rotating shows a new secret once; the next event is signed with it, not with the old one.
  await page.getByRole('button', { name: tr('webhooks.action.more') }).click();
  await page.getByRole('menuitem', { name: tr('webhooks.action.rotate') }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: tr('webhooks.action.rotate'), exact: true })
    .click();
  const rotated = page.getByTestId('webhook-secret-reveal');
  await passStepUpIfAsked(page, testInfo, owner.password, rotated);
  const newSecret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(secret);
  await rotated.getByRole('button', { name: tr('webhooks.secret.done') }).click();
  await page.getByRole('button', { name: tr('webhooks.action.test') }).click();
  await expect.poll(() => received.length).toBe(before + 2);
  const afterRotation = received.at(-1);
  expect(afterRotation && signed(newSecret, afterRotation)).toBe(true);
  expect(afterRotation && signed(secret, afterRotation)).toBe(false);
});
