import { apiRequest, expect, loginApi, t, test, useServer } from './support/fixtures.ts';
import {
  addMemberViaApi,
  createOrg,
  pageShot,
  pickOption,
  openSettingsEntry,
  settled,
  signInPage,
} from './support/org-flows.ts';

const server = useServer();

interface AuditListing {
  events: { id: number; action: string; outcome: string; actorLabel: string | null; ip: string | null }[];
}

/** A translated text with its {{placeholders}} matching anything, for values the test does not know. */
function textPattern(projectName: string, key: string): RegExp {
  const escaped = t(projectName, key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '.+'));
}

test('the audit log lists localized events, filters by action and verifies its chain', async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const tr = (key: string, values?: Record<string, string | number>): string => t(project, key, values);
  const owner = await createOrg(server(), testInfo, 'Fabrikam Instruments');
  const member = { email: 'sid.sales@example.com', name: 'Sid Sales', role: 'sales' as const };
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');

  await test.step('a few events happen: failed and successful sign-ins, an invitation, a denied request', async () => {
    const failed = await apiRequest(server().url, 'POST', '/api/auth/login', {
      body: { identifier: owner.email, password: 'not the right password at all' },
      allowError: true,
    });
    expect(failed.status).toBe(401);
    const memberPassword = await addMemberViaApi(server(), owner, member);
    const memberSession = await loginApi(server().url, { identifier: member.email, password: memberPassword });
    const denied = await apiRequest(server().url, 'GET', '/api/audit', {
      cookieHeader: memberSession.cookieHeader,
      allowError: true,
    });
    expect(denied.status).toBe(403);
    expect((denied.body as { error: { code: string } }).error.code).toBe('forbidden');
    await signInPage(page, server(), owner.email, owner.password);
  });

  const listing = await apiRequest<AuditListing>(server().url, 'GET', '/api/audit?limit=100', {
    cookieHeader: owner.cookieHeader,
  });
  const codes = [...new Set(listing.body.events.map((event) => event.action))];
  expect(codes).toEqual(
    expect.arrayContaining([
      'organization_created',
      'sign_in_failed',
      'sign_in_succeeded',
      'member_invited',
      'invitation_accepted',
      'authorization_denied',
    ]),
  );

  await test.step('Settings → Audit log shows time, localized action, outcome, actor and IP', async () => {
    await openSettingsEntry(page, server().url, tr('settings.navigation'), tr('settings.nav.audit'));
    await expect(page).toHaveURL(/\/settings\/audit$/);
    await expect(page.getByRole('heading', { name: tr('audit.title'), exact: true })).toBeVisible();
    await expect(rows.first()).toBeVisible();
    // The page loads after the listing above, so it shows at least those events (plus its own sign-in).
    expect(await rows.count()).toBeGreaterThanOrEqual(listing.body.events.length);

    const table = page.locator('.ant-table-tbody');
    for (const code of codes) {
      // t() throws when audit.actions.<code> is missing from the catalogue.
      await expect(rows.filter({ hasText: tr(`audit.actions.${code}`) }).first()).toBeVisible();
      await expect(table).not.toContainText(code);
    }

    const failedRow = rows.filter({ hasText: tr('audit.actions.sign_in_failed') });
    await expect(failedRow).toHaveCount(1);
    await expect(failedRow).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    await expect(failedRow.locator('.ant-tag')).toHaveText(tr('audit.outcome.failure'));
    await expect(failedRow).toContainText(owner.email);
    await expect(failedRow).toContainText('127.0.0.1');

    const deniedRow = rows.filter({ hasText: tr('audit.actions.authorization_denied') });
    await expect(deniedRow).toContainText(member.email);
    await expect(deniedRow.locator('.ant-tag')).toHaveText(tr('audit.outcome.failure'));

    const setupRow = rows.filter({ hasText: tr('audit.actions.organization_created') });
    await expect(setupRow.locator('.ant-tag')).toHaveText(tr('audit.outcome.success'));
    await settled(page);
    await pageShot(page, testInfo, 'audit-01-log');
  });

  await test.step('filtering by action narrows the rows', async () => {
    const allRows = await rows.count();
    const actionFilter = page.getByRole('combobox', { name: tr('audit.filter.action') });
    await pickOption(page, actionFilter, tr('audit.actions.sign_in_failed'), { search: true });
    await page.getByRole('button', { name: tr('audit.filter.apply') }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(tr('audit.actions.sign_in_failed'));
    expect(allRows).toBeGreaterThan(1);
    await settled(page);
    await pageShot(page, testInfo, 'audit-02-filtered');

    await page.getByRole('button', { name: tr('audit.filter.reset') }).click();
    await expect(rows).toHaveCount(allRows);
  });

  await test.step('verifying the chain reports it intact', async () => {
    await page.getByRole('button', { name: tr('audit.verify.button') }).click();
    const result = page.getByTestId('audit-verify-result');
    await expect(result).toContainText(textPattern(project, 'audit.verify.ok_other'));
    await expect(result).toContainText(tr('audit.verify.okDetail'));
    const verification = await apiRequest<{ ok: boolean; checked: number }>(server().url, 'GET', '/api/audit/verify', {
      cookieHeader: owner.cookieHeader,
    });
    expect(verification.body.ok).toBe(true);
    await settled(page);
    await pageShot(page, testInfo, 'audit-03-verified');
  });
});
