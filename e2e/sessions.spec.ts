// Settings → Account security → "Where you're signed in": one row per browser, sign out one, sign out all others.
import type { BrowserContext, Page } from '@playwright/test';
import { newBrowserContext, signIn } from './support/auth-ui.ts';
import { apiRequest, expect, projectLocale, setupOrg, shot, t, test, useServer } from './support/fixtures.ts';

const server = useServer();

const owner = {
  orgName: 'Bluebird Studios',
  name: 'Liu Yang',
  email: 'liu.yang@bluebird.example',
  password: 'tangerine scaffold willow 8164 quartz',
};
const agents = {
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
};

test('sessions: list with device, IP and this-device marker; sign out one; sign out all others', async ({
  browser,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const setup = await setupOrg(server().url, { ...owner, locale: lang });
  // The setup request's own session (no browser) would only clutter the list.
  await apiRequest(server().url, 'POST', '/api/auth/logout', { cookieHeader: setup.cookieHeader });

  const contexts: BrowserContext[] = [];
  const openBrowser = async (userAgent: string): Promise<Page> => {
    const context = await newBrowserContext(browser, testInfo, { userAgent });
    contexts.push(context);
    return context.newPage();
  };
  const expectSignedOut = async (page: Page): Promise<void> => {
    await page.goto(`${server().url}/settings/security`);
    await expect(page).toHaveURL(/\/login$/);
  };

  try {
    const mac = await openBrowser(agents.mac);
    const windows = await openBrowser(agents.windows);
    await signIn(mac, testInfo, server().url, owner.email, owner.password, owner.orgName);
    await signIn(windows, testInfo, server().url, owner.email, owner.password, owner.orgName);

    await mac.goto(`${server().url}/settings/security`);
    const card = mac.locator('.ant-card').filter({
      has: mac.getByText(t(lang, 'security.sessions.title'), { exact: true }),
    });
    const rows = card.locator('tbody').getByRole('row');
    const macRow = rows.filter({ hasText: 'Chrome 126' });
    const windowsRow = rows.filter({ hasText: 'Firefox 128' });
    const thisDevice = t(lang, 'security.sessions.thisDevice');
    const signOutLabel = t(lang, 'security.sessions.signOut');
    const signOutOthersLabel = t(lang, 'security.sessions.signOutOthers');
    const confirmation = mac.getByRole('tooltip');

    await test.step('both browsers are listed with browser, OS and IP; this one is marked', async () => {
      await expect(card.getByRole('columnheader', { name: t(lang, 'security.sessions.ip') })).toBeVisible();
      await expect(rows).toHaveCount(2);
      await expect(macRow).toContainText('macOS');
      await expect(macRow).toContainText(thisDevice);
      await expect(macRow).toContainText('127.0.0.1');
      await expect(macRow).toContainText(t(lang, 'security.sessions.created'));
      await expect(macRow.getByRole('button', { name: signOutLabel })).toHaveCount(0);
      await expect(windowsRow).toContainText('Windows 10');
      await expect(windowsRow).toContainText('127.0.0.1');
      await expect(windowsRow).not.toContainText(thisDevice);
      await expect(windowsRow.getByRole('button', { name: signOutLabel })).toBeVisible();
      await shot(mac, testInfo, 'sessions-table');
    });

    await test.step('signing out the other browser asks first, then ends it', async () => {
      await windowsRow.getByRole('button', { name: signOutLabel }).click();
      await expect(confirmation).toContainText(t(lang, 'security.sessions.confirmRevoke'));
      await shot(mac, testInfo, 'sessions-revoke-confirm');
      await confirmation.getByRole('button', { name: signOutLabel }).click();
      await expect(mac.getByText(t(lang, 'security.sessions.revoked'))).toBeVisible();
      await expect(confirmation).toBeHidden();
      await expect(rows).toHaveCount(1);
      await expect(rows).toContainText(thisDevice);
      await expect(card.getByRole('button', { name: signOutOthersLabel })).toBeDisabled();
      await shot(mac, testInfo, 'sessions-after-revoke');
      await expectSignedOut(windows);
    });

    await test.step('"sign out all other sessions" ends every other browser', async () => {
      const iphone = await openBrowser(agents.iphone);
      await signIn(windows, testInfo, server().url, owner.email, owner.password, owner.orgName);
      await signIn(iphone, testInfo, server().url, owner.email, owner.password, owner.orgName);
      await mac.reload();
      await expect(rows).toHaveCount(3);
      await expect(rows.filter({ hasText: 'iOS' })).toBeVisible();
      await expect(card.getByRole('button', { name: signOutOthersLabel })).toBeEnabled();
      await shot(mac, testInfo, 'sessions-three-browsers');

      await card.getByRole('button', { name: signOutOthersLabel }).click();
      await expect(confirmation).toContainText(t(lang, 'security.sessions.confirmRevokeOthers'));
      await confirmation.getByRole('button', { name: signOutOthersLabel }).click();
      await expect(mac.getByText(t(lang, 'security.sessions.revokedOthers_other', { count: 2 }))).toBeVisible();
      await expect(confirmation).toBeHidden();
      await expect(card.getByRole('button', { name: signOutOthersLabel })).toBeDisabled();
      await expect(rows).toHaveCount(1);
      await expect(macRow).toContainText(thisDevice);
      await shot(mac, testInfo, 'sessions-revoked-others');

      await expectSignedOut(windows);
      await expectSignedOut(iphone);
      // This browser is still signed in.
      await mac.reload();
      await expect(mac.getByTestId('org-name')).toHaveText(owner.orgName);
    });
  } finally {
    for (const context of contexts) {
      await context.close();
    }
  }
});
