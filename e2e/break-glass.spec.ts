import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { startPostgresServer, type PostgresServer } from '../server/test/postgres-server.ts';
import { apiRequest, expect, loginApi, t, test, type RunningServer } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, settled, signInPage, type Owner } from './support/org-flows.ts';
import { startServer } from './support/server.ts';

/**
 * Break-glass recovery as an operator does it: `clientele admin recover` runs in its own process on the server's
 * database while the server keeps running. An embedded (PGlite) database is one process's at a time, so this spec
 * runs the server on a throwaway PostgreSQL server. The /recover page is not part of this spec: it stops at the
 * owners' notices.
 */

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const serverVariables = /^(PORT|HOST|PUBLIC_URL|DATA_DIR|DATABASE_URL|SMTP_URL|MAIL_FROM|LOG_LEVEL|SECRET_KEY|SMS_.*)$/;

let postgres: PostgresServer | undefined;
let running: RunningServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  postgres = await startPostgresServer();
  running = await startServer({ env: { DATABASE_URL: postgres.url } });
});

test.afterAll(async () => {
  await running?.stop();
  await postgres?.stop();
});

function server(): RunningServer {
  if (running === undefined) throw new Error('server not started');
  return running;
}

/** `clientele admin recover --email …` with the server's configuration, as run in a shell on the host. */
function recoverFromConsole(email: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !serverVariables.test(key)) environment[key] = value;
  }
  Object.assign(environment, {
    DATABASE_URL: postgres?.url ?? '',
    PUBLIC_URL: server().url,
    SMTP_URL: server().mails.url,
    LOG_LEVEL: 'warn',
  });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'server', 'src', 'cli', 'main.ts'), 'admin', 'recover', '--email', email],
      { cwd: repoRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

async function memberId(owner: Owner, email: string): Promise<string> {
  const members = await apiRequest<{ id: string; email: string }[]>(server().url, 'GET', '/api/members', {
    cookieHeader: owner.cookieHeader,
  });
  const found = members.body.find((member) => member.email === email);
  if (found === undefined) throw new Error(`no member ${email}`);
  return found.id;
}

async function openHome(page: Page): Promise<void> {
  await page.goto(server().url);
  await expect(page.getByTestId('org-name')).toBeVisible();
}

test('owners see the single-owner warning, then a red notice for a break-glass recovery until each acknowledges it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const project = testInfo.project.name;
  const tr = (key: string, values?: Record<string, string | number>): string => t(project, key, values);
  const owner = await createOrg(server(), testInfo, 'Northwind Traders');
  const singleOwner = page.getByTestId('single-owner-notice');
  const breakGlass = page.getByTestId('break-glass-notice');

  await test.step('a single owner is warned, with the break-glass command and a way to add an owner', async () => {
    await signInPage(page, server(), owner.email, owner.password);
    await openHome(page);
    await expect(singleOwner).toContainText(tr('ownerNotices.singleOwner.title'));
    await expect(singleOwner).toContainText(`npx clientele admin recover --email ${owner.email}`);
    await expect(breakGlass).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'owner-notices-single-owner');

    // Hidden for this tab's session only: a new tab shows it again.
    await singleOwner.getByRole('button', { name: tr('ownerNotices.singleOwner.dismiss') }).click();
    await expect(singleOwner).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('org-name')).toBeVisible();
    await expect(singleOwner).toHaveCount(0);
    const secondTab = await page.context().newPage();
    await secondTab.goto(server().url);
    await expect(secondTab.getByTestId('single-owner-notice')).toBeVisible();
    await secondTab
      .getByTestId('single-owner-notice')
      .getByRole('button', { name: tr('ownerNotices.singleOwner.members') })
      .click();
    await expect(secondTab).toHaveURL(/\/settings\/members$/);
    await secondTab.close();
  });

  const second = { email: 'sam.second@example.com', name: 'Sam Second', role: 'admin' as const };
  const secondPassword = await addMemberViaApi(server(), owner, second);
  await apiRequest(server().url, 'PATCH', `/api/members/${await memberId(owner, second.email)}`, {
    cookieHeader: owner.cookieHeader,
    body: { role: 'owner' },
  });

  let link = '';
  await test.step('the server console issues a one-hour link and every owner gets an alert mail', async () => {
    const result = await recoverFromConsole(owner.email);
    expect(result.code, result.stderr).toBe(0);
    link = /https?:\/\/\S+\/recover#token=[\w-]{43}/.exec(result.stdout)?.[0] ?? '';
    expect(link.startsWith(`${server().url}/recover#token=`)).toBe(true);
    for (const email of [owner.email, second.email]) {
      const alert = await server().mails.waitForMail(
        (mail) => mail.to.includes(email) && mail.text.includes('clientele admin recover'),
        15_000,
      );
      expect(alert.text).toContain(owner.email);
      expect(alert.raw).not.toContain(link.split('#token=')[1] ?? link);
    }
    const inspected = await apiRequest<{ valid: boolean; kind: string }>(
      server().url,
      'GET',
      `/api/recovery-links/${link.split('#token=')[1] ?? ''}`,
    );
    expect(inspected.body).toMatchObject({ valid: true, kind: 'break_glass' });
  });

  await test.step('the first owner sees the red notice (and no single-owner warning now) and acknowledges it', async () => {
    await openHome(page);
    await expect(breakGlass).toHaveCount(1);
    await expect(breakGlass).toContainText(owner.email);
    await expect(breakGlass).toContainText(tr('ownerNotices.breakGlass.incident'));
    await expect(singleOwner).toHaveCount(0);
    await expect(breakGlass.getByRole('button', { name: tr('ownerNotices.breakGlass.openAudit') })).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'owner-notices-break-glass');
    await breakGlass.getByRole('button', { name: tr('ownerNotices.breakGlass.acknowledge') }).click();
    await expect(breakGlass).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('org-name')).toBeVisible();
    await expect(breakGlass).toHaveCount(0);
  });

  await test.step('the other owner still sees it until they acknowledge it themselves; it leads to the audit log', async () => {
    const context = await browser.newContext({ locale: project });
    try {
      const secondPage = await context.newPage();
      const session = await loginApi(server().url, { identifier: second.email, password: secondPassword });
      await context.addCookies(session.cookies);
      await secondPage.goto(server().url);
      const notice = secondPage.getByTestId('break-glass-notice');
      await expect(notice).toContainText(owner.email);
      await notice.getByRole('button', { name: tr('ownerNotices.breakGlass.openAudit') }).click();
      await expect(secondPage).toHaveURL(/\/settings\/audit$/);
      await expect(
        secondPage.locator('.ant-table-tbody tr').filter({ hasText: tr('audit.actions.break_glass_link_issued') }),
      ).toHaveCount(1);
      await notice.getByRole('button', { name: tr('ownerNotices.breakGlass.acknowledge') }).click();
      await expect(notice).toHaveCount(0);
      await secondPage.reload();
      await expect(
        secondPage.locator('.ant-table-tbody tr').filter({ hasText: tr('audit.actions.break_glass_acknowledged') }),
      ).toHaveCount(2);
    } finally {
      await context.close();
    }
  });
});
