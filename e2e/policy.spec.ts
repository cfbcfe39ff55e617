import { apiRequest, expect, t, test, useServer } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, openSettingsEntry, settled, signInPage } from './support/org-flows.ts';

const server = useServer();

interface AuditListing {
  events: { action: string; outcome: string; details: unknown }[];
}

test('an owner tightens the lockout with a preset, and the server enforces it', async ({
  page,
  playwright,
}, testInfo) => {
  const tr = (key: string, values?: Record<string, string | number>): string => t(testInfo.project.name, key, values);
  const owner = await createOrg(server(), testInfo, 'Contoso Outfitters');
  const member = { email: 'mia.manager@example.com', name: 'Mia Manager', role: 'manager' as const };
  const memberPassword = await addMemberViaApi(server(), owner, member);

  const minLength = page.getByLabel(tr('policy.field.minLength'));
  const maxFailures = page.getByLabel(tr('policy.field.maxFailures'));
  const windowMinutes = page.getByLabel(tr('policy.field.windowMinutes'));
  const lockMinutes = page.getByLabel(tr('policy.field.lockMinutes'));
  const lockoutWarning = page.getByTestId('weakness-aggressiveLockout');

  await test.step('the owner opens Settings → Security policy and sees the defaults', async () => {
    await signInPage(page, server(), owner.email, owner.password);
    await openSettingsEntry(page, server().url, tr('settings.navigation'), tr('settings.nav.policy'));
    await expect(page).toHaveURL(/\/settings\/policy$/);
    await expect(page.getByRole('heading', { name: tr('policy.title'), exact: true })).toBeVisible();
    await expect(minLength).toHaveValue('15');
    await expect(maxFailures).toHaveValue('5');
    await expect(windowMinutes).toHaveValue('15');
    await expect(lockMinutes).toHaveValue('15');
    await expect(page.getByText(tr('policy.noWeaknesses'))).toBeVisible();
    await expect(page.getByText(tr('policy.upToDate'))).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'policy-01-defaults');
  });

  await test.step('the strict lockout preset fills the form and explains why it is weaker', async () => {
    await page.getByRole('button', { name: tr('policy.preset.strictLockout') }).click();
    await expect(
      page.getByText(tr('policy.presetApplied', { preset: tr('policy.preset.strictLockout') })),
    ).toBeVisible();
    await expect(maxFailures).toHaveValue('3');
    await expect(windowMinutes).toHaveValue('30');
    await expect(lockMinutes).toHaveValue('30');
    await expect(minLength).toHaveValue('15');
    await expect(lockoutWarning).toContainText(tr('policy.weakness.aggressiveLockout'));
    await expect(lockoutWarning).toContainText(tr('policy.weaknessDetail.aggressiveLockout'));
    await expect(page.getByText(tr('policy.weaknessSummary_one', { count: 1 }))).toBeVisible();
    await expect(page.getByText(tr('policy.unsaved'))).toBeVisible();
    await pageShot(page, testInfo, 'policy-02-preset-warning');
  });

  await test.step('saving succeeds and the saved values survive a reload', async () => {
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(page.getByText(tr('policy.saved'))).toBeVisible();
    await expect(page.getByText(tr('policy.upToDate'))).toBeVisible();
    await page.reload();
    await expect(maxFailures).toHaveValue('3');
    await expect(windowMinutes).toHaveValue('30');
    await expect(lockMinutes).toHaveValue('30');
    await expect(lockoutWarning).toBeVisible();
    await expect(page.getByText(tr('policy.upToDate'))).toBeVisible();
  });

  await test.step('three distinct wrong passwords now lock the member (API, no cookies)', async () => {
    const api = await playwright.request.newContext({
      baseURL: server().url,
      extraHTTPHeaders: { Origin: server().url },
    });
    const signIn = (password: string) => api.post('/api/auth/login', { data: { identifier: member.email, password } });
    for (const wrong of ['first wrong guess 1', 'second wrong guess 2', 'third wrong guess 3']) {
      expect((await signIn(wrong)).status()).toBe(401);
    }
    // With the default policy (5 failures) this would sign in; under the saved policy the account is locked.
    const locked = await signIn(memberPassword);
    expect(locked.status()).toBe(401);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    await api.dispose();
  });

  await test.step('the members page shows the member as locked', async () => {
    await page.goto(`${server().url}/settings/members`);
    const memberRow = page.getByRole('row').filter({ hasText: member.email });
    await expect(memberRow).toContainText(tr('members.locked'));
  });

  await test.step('switching on a composition rule shows its warning', async () => {
    await page.goto(`${server().url}/settings/policy`);
    const compositionWarning = page.getByTestId('weakness-compositionRules');
    await expect(maxFailures).toHaveValue('3');
    await expect(compositionWarning).toHaveCount(0);
    const requireUpper = page.getByRole('switch', { name: tr('policy.field.requireUpper'), exact: true });
    await requireUpper.click();
    await expect(requireUpper).toBeChecked();
    await expect(compositionWarning).toContainText(tr('policy.weakness.compositionRules'));
    await expect(compositionWarning).toContainText(tr('policy.weaknessDetail.compositionRules'));
    await expect(page.getByText(tr('policy.weaknessSummary_other', { count: 2 }))).toBeVisible();
    await pageShot(page, testInfo, 'policy-03-composition-warning');
    await page.getByRole('button', { name: tr('policy.discard') }).click();
    await expect(requireUpper).not.toBeChecked();
    await expect(compositionWarning).toHaveCount(0);
  });

  await test.step('the audit log records the policy change', async () => {
    const listing = await apiRequest<AuditListing>(server().url, 'GET', '/api/audit?action=security_policy_changed', {
      cookieHeader: owner.cookieHeader,
    });
    expect(listing.body.events).toHaveLength(1);
    expect(JSON.stringify(listing.body.events[0]?.details)).toContain('aggressiveLockout');

    await page.goto(`${server().url}/settings/audit`);
    const row = page.getByRole('row').filter({ hasText: tr('audit.actions.security_policy_changed') });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(owner.email);
  });
});
