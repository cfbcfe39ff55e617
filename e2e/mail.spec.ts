import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { apiRequest, expect, projectLocale, t, test, useServer } from './support/fixtures.ts';
import { createOrg, pageShot, openSettingsEntry, settled, signInPage, type Owner } from './support/org-flows.ts';

/** A mail subject as the server writes it (server/src/i18n), e.g. `mail.testMail.subject`. */
function serverText(locale: string, key: string): string {
  const catalog = JSON.parse(
    readFileSync(new URL(`../server/src/i18n/${locale}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const found = key.split('.').reduce<unknown>((node, part) => {
    return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }, catalog);
  if (typeof found !== 'string') {
    throw new Error(`No "${key}" in server/src/i18n/${locale}.json`);
  }
  return found;
}

/** Clicks the log's Refresh button until the row's status tag reads `status`. */
async function waitForStatus(page: Page, row: Locator, refreshLabel: string, status: string): Promise<void> {
  await expect(async () => {
    await page.getByRole('button', { name: refreshLabel }).click();
    await expect(row.locator('.ant-tag')).toHaveText(status, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test.describe('with an SMTP server', () => {
  const server = useServer();

  test('a test mail is delivered, and a refused one is retried until it is sent', async ({ page }, testInfo) => {
    const tr = (key: string, values?: Record<string, string | number>): string => t(testInfo.project.name, key, values);
    const subject = serverText(projectLocale(testInfo), 'mail.testMail.subject');
    const owner: Owner = await createOrg(server(), testInfo, 'Tailspin Toys');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    const secondRecipient = 'ops-team@example.com';

    await test.step('Settings → Mail names the SMTP server', async () => {
      await signInPage(page, server(), owner.email, owner.password);
      await openSettingsEntry(page, server().url, tr('settings.navigation'), tr('settings.nav.mail'));
      await expect(page).toHaveURL(/\/settings\/mail$/);
      const host = new URL(server().mails.url).host;
      await expect(page.getByTestId('mail-transport')).toHaveText(tr('mail.transport.smtp', { host }));
      await expect(page.getByText(tr('mail.transport.outboxHintTitle'))).toHaveCount(0);
    });

    await test.step('a test mail reaches the SMTP server and the log shows it as sent', async () => {
      await page.getByRole('button', { name: tr('mail.sendTest') }).click();
      await expect(page.getByText(tr('mail.testQueued'))).toBeVisible();
      const mail = await server().mails.waitForMail((candidate) => candidate.to.includes(owner.email), 15_000);
      expect(mail.subject).toBe(subject);
      const row = rows.filter({ hasText: owner.email });
      await expect(row).toContainText(subject);
      await waitForStatus(page, row, tr('common.refresh'), tr('mail.status.sent'));
      await settled(page);
      await pageShot(page, testInfo, 'mail-01-test-mail-sent');
    });

    await test.step('a refused delivery shows as failed with the SMTP error, then the retry sends it', async () => {
      // Two refusals keep the message failed across the first retry, so the page can show that state.
      server().mails.failNext(2, 451, 'Mailbox busy');
      await page.getByLabel(tr('mail.testRecipient')).fill(secondRecipient);
      await page.getByRole('button', { name: tr('mail.sendTest') }).click();
      const row = rows.filter({ hasText: secondRecipient });
      await waitForStatus(page, row, tr('common.refresh'), tr('mail.status.failed'));
      await expect(row.getByTestId('mail-last-error')).toContainText('451 Mailbox busy');
      await row.locator('.ant-table-row-expand-icon').click();
      const details = page.locator('.ant-table-expanded-row');
      await expect(details).toContainText(tr('mail.lastError'));
      await expect(details).toContainText('451 Mailbox busy');
      await settled(page);
      await pageShot(page, testInfo, 'mail-02-delivery-failed');

      await waitForStatus(page, row, tr('common.refresh'), tr('mail.status.sent'));
      await expect(row.getByTestId('mail-last-error')).toHaveCount(0);
      await expect(page.locator('.ant-table-expanded-row')).toBeHidden();
      const delivered = await server().mails.waitForMail((candidate) => candidate.to.includes(secondRecipient));
      expect(delivered.subject).toBe(subject);
      expect(server().mails.rejectedCount).toBe(2);
      const log = await apiRequest<{ toAddress: string; attempts: number; lastError: string | null }[]>(
        server().url,
        'GET',
        '/api/mail/messages',
        { cookieHeader: owner.cookieHeader },
      );
      const entry = log.body.find((message) => message.toAddress === secondRecipient);
      expect(entry?.attempts).toBe(3);
      expect(entry?.lastError).toBeNull();
      await settled(page);
      await pageShot(page, testInfo, 'mail-03-retried-and-sent');
    });
  });
});

test.describe('without an SMTP server (outbox)', () => {
  const server = useServer({ env: { SMTP_URL: '' } });

  test('mail waits in the outbox, where the owner can read it and follow its link', async ({ page }, testInfo) => {
    const tr = (key: string, values?: Record<string, string | number>): string => t(testInfo.project.name, key, values);
    const locale = projectLocale(testInfo);
    const owner = await createOrg(server(), testInfo, 'Litware Labs');
    const invitee = { email: 'nina.new@example.com', name: 'Nina New', role: 'viewer' };

    await test.step('Settings → Mail says mail goes to the outbox', async () => {
      await signInPage(page, server(), owner.email, owner.password);
      await openSettingsEntry(page, server().url, tr('settings.navigation'), tr('settings.nav.mail'));
      await expect(page.getByTestId('mail-transport')).toHaveText(tr('mail.transport.outbox'));
      await expect(page.getByText(tr('mail.transport.outboxHintTitle'))).toBeVisible();
      await page.getByRole('button', { name: tr('mail.sendTest') }).click();
      await expect(page.getByText(tr('mail.testQueued'))).toBeVisible();
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: owner.email });
      await expect(row.locator('.ant-tag')).toHaveText(tr('mail.status.outbox'));
      await settled(page);
      await pageShot(page, testInfo, 'mail-04-outbox-transport');
    });

    await test.step('Settings → Outbox lists the test mail and an invitation', async () => {
      await apiRequest(server().url, 'POST', '/api/members/invitations', {
        cookieHeader: owner.cookieHeader,
        body: invitee,
        locale,
      });
      expect(server().mails.messages).toHaveLength(0);
      await openSettingsEntry(page, server().url, tr('settings.navigation'), tr('settings.nav.outbox'));
      await expect(page).toHaveURL(/\/settings\/outbox$/);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await expect(rows).toHaveCount(2);
      await expect(rows.filter({ hasText: owner.email })).toContainText(serverText(locale, 'mail.testMail.subject'));
      await expect(rows.filter({ hasText: invitee.email })).toContainText(owner.orgName);
      await settled(page);
      await pageShot(page, testInfo, 'mail-05-outbox-list');
    });

    await test.step('viewing the invitation shows its text with the invite link', async () => {
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: invitee.email });
      await row.getByRole('button', { name: tr('outbox.view') }).click();
      const drawer = page.getByRole('dialog', { name: tr('outbox.messageTitle') });
      await expect(drawer).toBeVisible();
      await expect(drawer).toContainText(invitee.email);
      const body = drawer.getByTestId('outbox-body');
      await expect(body).toContainText(invitee.name);
      const link = body.getByRole('link', { name: /\/invite#token=/ });
      await expect(link).toHaveAttribute('href', new RegExp(`^${server().url}/invite#token=[\\w.~-]+$`));
      await settled(page);
      await pageShot(page, testInfo, 'mail-06-outbox-message');

      const href = await link.getAttribute('href');
      expect(href).not.toBeNull();
      await page.goto(href ?? '');
      await expect(page.getByTestId('invite-email')).toHaveText(invitee.email);
    });
  });
});
