// Settings → Recovery report: empty at first; after a self-service reset by e-mail link it shows the share, the
// times and the ECharts charts (SVG), in both periods, without a CSP violation.
import type { Page } from '@playwright/test';
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import { openSettingsEntry, settingsNav, settled } from './support/org-flows.ts';
import { linkIn, requestResetMail, setNewPassword, setupOrgWithVerifiedEmail } from './support/recovery-ui.ts';

const server = useServer();
// A zone with daylight saving and far from UTC: the page counts days in it and says so.
test.use({ timezoneId: 'America/Los_Angeles' });

const owner = {
  orgName: 'Willow Creek Supplies',
  name: 'Zhou Min',
  email: 'zhou.min@willowcreek.example',
  password: 'amber falcon quilt 6620 harbour',
};
const newPassword = 'cedar lantern mosaic 4781 river';

/** CSP refusals, CSP reports and uncaught errors the page produced (ECharts must work under the app's CSP). */
function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // Not every console error: signed-out pages log the 401 of their session check.
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (request.url().includes('/api/csp-reports')) problems.push(`CSP report: ${request.postData() ?? ''}`);
  });
  return problems;
}

async function chartsDrawn(page: Page): Promise<void> {
  for (const chart of ['chart-paths', 'chart-channels', 'chart-daily', 'chart-times']) {
    const svg = page.getByTestId(chart).locator('svg');
    await expect(svg).toHaveCount(1);
    const box = await svg.boundingBox();
    expect(box?.width ?? 0, chart).toBeGreaterThan(200);
    expect(box?.height ?? 0, chart).toBeGreaterThan(150);
    // Bars and slices are paths; the chart is not an empty frame.
    expect(await svg.locator('path').count(), chart).toBeGreaterThan(1);
  }
}

test('the recovery report: empty state, then a self-service reset by e-mail link counted with its time and charts', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const tr = (key: string, values?: Record<string, string | number>): string => t(lang, key, values);
  const problems = recordProblems(page);
  const setup = await setupOrgWithVerifiedEmail(server(), owner, lang);

  await test.step('before anyone recovered, the page explains what it will show', async () => {
    await page.context().addCookies(setup.cookies);
    await openSettingsEntry(page, server().url, tr('settings.navigation'), tr('settings.nav.recoveryReport'));
    const nav = settingsNav(page, tr('settings.navigation'));
    await expect(page).toHaveURL(/\/settings\/recovery-report$/);
    await expect(page.getByRole('heading', { name: tr('recoveryReport.title'), exact: true })).toBeVisible();
    // Only the report's own entry is selected (not "Recovery", whose path is a prefix of this one).
    await expect(nav.locator('.ant-menu-item-selected')).toHaveText(tr('settings.nav.recoveryReport'));
    await expect(page.getByTestId('recovery-headline')).toHaveText(tr('recoveryReport.headlineEmpty', { days: 30 }));
    await expect(page.getByTestId('recovery-report-empty')).toContainText(
      tr('recoveryReport.empty.title', { days: 30 }),
    );
    await expect(page.getByTestId('kpi-median')).toContainText('—');
    await settled(page);
    await shot(page, testInfo, 'recovery-report-01-empty');
  });

  await test.step('the owner forgets the password and resets it with the mailed link', async () => {
    await page.context().clearCookies();
    await page.goto(`${server().url}/forgot`);
    const mail = await requestResetMail(server(), page, testInfo, owner.email, owner.orgName);
    await page.goto(linkIn(mail.text, '/reset#token='));
    await setNewPassword(page, testInfo, newPassword, owner.orgName);
  });

  await test.step('the report counts it: 100 % self-service, back in within a minute, on target', async () => {
    await page.goto(`${server().url}/settings/recovery-report`);
    const share = new Intl.NumberFormat(lang, { style: 'percent' }).format(1);
    const median = tr('recoveryReport.duration.underMinute');
    await expect(page.getByTestId('recovery-headline')).toHaveText(tr('recoveryReport.headline', { share, median }));
    await expect(page.getByText(tr('recoveryReport.onTarget'), { exact: true })).toBeVisible();
    await expect(page.getByTestId('recovery-target-marker')).toBeVisible();
    await expect(page.getByTestId('kpi-selfServiceShare')).toContainText(share);
    await expect(page.getByTestId('kpi-selfServiceShare')).toContainText(
      tr('recoveryReport.kpiHint.selfServiceShare', { selfService: 1, total: 1 }),
    );
    await expect(page.getByTestId('kpi-median')).toContainText(median);
    await expect(page.getByTestId('kpi-p90')).toContainText(median);
    await expect(page.getByTestId('kpi-failedAttempts')).toContainText('0');
    await expect(page.getByTestId('kpi-locks')).toContainText('0');
    await chartsDrawn(page);
    await expect(page.getByTestId('chart-channels')).toContainText(tr('recoveryReport.channel.email_link'));
    await expect(page.getByTestId('chart-times')).toContainText(tr('recoveryReport.bucket.under_5m'));
    await expect(page.getByTestId('chart-paths')).toContainText(tr('recoveryReport.path.self_service'));
    await expect(page.getByTestId('recovery-path-times')).toContainText(tr('recoveryReport.path.assisted'));
    await settled(page);
    await shot(page, testInfo, 'recovery-report-02-30-days');
  });

  await test.step('switching to 90 days asks the server for the longer period', async () => {
    const response = page.waitForResponse(
      (candidate) => candidate.url().includes('/api/admin/recovery-report') && candidate.url().includes('days=90'),
    );
    await page.getByText(tr('recoveryReport.periodDays', { days: 90 }), { exact: true }).click();
    const answer = await response;
    expect(new URL(answer.url()).searchParams.get('tz')).toBe('America/Los_Angeles');
    const report = (await answer.json()) as { days: number; total: number; series: { date: string }[] };
    expect(report).toMatchObject({ days: 90, total: 1, timeZone: 'America/Los_Angeles' });
    // The last bar is today in Los Angeles, not in UTC.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    expect(report.series.at(-1)?.date).toBe(today);
    await expect(page.getByText(tr('recoveryReport.description', { zone: 'America/Los_Angeles' }))).toBeVisible();
    expect(report.series).toHaveLength(90);
    await chartsDrawn(page);
    await expect(page.getByTestId('kpi-selfServiceShare')).toContainText(
      tr('recoveryReport.kpiHint.selfServiceShare', { selfService: 1, total: 1 }),
    );
    await settled(page);
    await shot(page, testInfo, 'recovery-report-03-90-days');
  });

  expect(problems).toEqual([]);
});
