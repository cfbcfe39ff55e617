import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, TestInfo } from '@playwright/test';
import { apiRequest, expect, t, test, useServer } from './support/fixtures.ts';
import { createOrg, settled, signInPage } from './support/org-flows.ts';

const server = useServer();

interface PolicyResponse {
  policy: { lifecycle: { disableInactiveAfterDays: number | null; inactivityReminderDays: number } };
}

interface AuditListing {
  events: { action: string; details: unknown }[];
}

/** The section alone, so the review shot is readable (the policy page is long). */
async function sectionShot(section: Locator, testInfo: TestInfo, name: string): Promise<void> {
  const directory = join(testInfo.project.testDir, 'artifacts', testInfo.project.name);
  mkdirSync(directory, { recursive: true });
  await section.screenshot({ path: join(directory, `${name}.png`), animations: 'disabled' });
}

test('an owner turns on disabling of inactive accounts and saves it', async ({ page }, testInfo) => {
  const tr = (key: string, values?: Record<string, string | number>): string => t(testInfo.project.name, key, values);
  const owner = await createOrg(server(), testInfo, 'Northwind Traders');
  const section = page.getByTestId('policy-lifecycle');
  const enable = section.getByRole('switch', { name: tr('policy.field.disableInactive'), exact: true });
  const limit = section.getByLabel(tr('policy.field.disableInactiveAfterDays'));
  const reminder = section.getByLabel(tr('policy.field.inactivityReminderDays'));

  await test.step('the setting is off by default and explains that owners are never disabled', async () => {
    await signInPage(page, server(), owner.email, owner.password);
    await page.goto(`${server().url}/settings/policy`);
    await expect(section.getByText(tr('policy.section.lifecycle'), { exact: true })).toBeVisible();
    await expect(enable).not.toBeChecked();
    await expect(limit).toBeHidden();
    await expect(section.getByText(tr('policy.field.disableInactiveHint'))).toBeVisible();
    await settled(page);
    await section.scrollIntoViewIfNeeded();
    await sectionShot(section, testInfo, 'policy-inactivity-01-off');
  });

  await test.step('turning it on shows the limit and the reminder; a reminder after the limit is refused', async () => {
    await enable.click();
    await expect(enable).toBeChecked();
    await expect(limit).toHaveValue('90');
    await expect(reminder).toHaveValue('7');
    await limit.fill('30');
    await reminder.fill('45');
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(section.getByText(tr('policy.field.inactivityReminderBeforeLimit'))).toBeVisible();
    await sectionShot(section, testInfo, 'policy-inactivity-02-reminder-too-late');
    await reminder.fill('10');
    await expect(section.getByText(tr('policy.field.inactivityReminderBeforeLimit'))).toHaveCount(0);
    await expect(page.getByText(tr('policy.unsaved'))).toBeVisible();
  });

  await test.step('saving stores it; it survives a reload and is audited', async () => {
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(page.getByText(tr('policy.saved'))).toBeVisible();
    await expect(page.getByText(tr('policy.upToDate'))).toBeVisible();
    await page.reload();
    await expect(enable).toBeChecked();
    await expect(limit).toHaveValue('30');
    await expect(reminder).toHaveValue('10');
    await settled(page);
    await section.scrollIntoViewIfNeeded();
    await sectionShot(section, testInfo, 'policy-inactivity-03-saved');

    const saved = await apiRequest<PolicyResponse>(server().url, 'GET', '/api/security-policy', {
      cookieHeader: owner.cookieHeader,
    });
    expect(saved.body.policy.lifecycle).toEqual({ disableInactiveAfterDays: 30, inactivityReminderDays: 10 });
    const audit = await apiRequest<AuditListing>(server().url, 'GET', '/api/audit?action=security_policy_changed', {
      cookieHeader: owner.cookieHeader,
    });
    expect(JSON.stringify(audit.body.events[0]?.details)).toContain('lifecycle.disableInactiveAfterDays');
  });

  await test.step('turning it off again sends "never" and keeps the numbers ready', async () => {
    await enable.click();
    await expect(limit).toBeHidden();
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(page.getByText(tr('policy.saved'))).toBeVisible();
    const saved = await apiRequest<PolicyResponse>(server().url, 'GET', '/api/security-policy', {
      cookieHeader: owner.cookieHeader,
    });
    expect(saved.body.policy.lifecycle).toEqual({ disableInactiveAfterDays: null, inactivityReminderDays: 10 });
  });
});
