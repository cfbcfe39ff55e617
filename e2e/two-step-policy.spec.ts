// An owner requires two-step verification in the security policy (Two-step section, with the weaker choices
// explained); an administrator without it first sees the deadline, and once the grace period is over is walked
// straight into enrolment. With the policy on, the only device cannot be removed, and the page says why.
import type { Browser, TestInfo } from '@playwright/test';
import { newBrowserContext } from './support/auth-ui.ts';
import { apiRequest, expect, loginApi, t, test, useServer } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, settled } from './support/org-flows.ts';
import {
  Authenticator,
  enrolTotpViaApi,
  removeFactor,
  saveShownRecoveryCodes,
  signInPageWithCode,
} from './support/two-step-ui.ts';

const running = useServer();

interface PolicyBody {
  policy: Record<string, unknown> & { requireTwoStep: boolean; twoStep: Record<string, unknown> };
}

async function memberPage(browser: Browser, testInfo: TestInfo, url: string, email: string, password: string) {
  const context = await newBrowserContext(browser, testInfo);
  const session = await loginApi(url, { identifier: email, password });
  await context.addCookies(session.cookies);
  return { context, page: await context.newPage() };
}

test('an owner requires two-step verification; an admin gets a deadline, then enrolment', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const lang = testInfo.project.name;
  const tr = (key: string, values?: Record<string, string | number>): string => t(lang, key, values);
  const server = running();
  const owner = await createOrg(server, testInfo, 'Harbourview Dental');
  const admin = { email: 'ade.admin@harbourview.example', name: 'Adaeze Okafor', role: 'admin' as const };
  const adminPassword = await addMemberViaApi(server, owner, admin);
  // The owner has an authenticator already, so the new rule does not lock them out.
  const { authenticator } = await enrolTotpViaApi(server, owner.cookieHeader, 'Owner phone');
  const section = page.getByTestId('policy-two-step');

  await test.step('the Two-step section explains SMS codes and trusted browsers as weaker', async () => {
    await signInPageWithCode(page, server, owner.email, owner.password, authenticator);
    await page.goto(`${server.url}/settings/policy`);
    await expect(section).toBeVisible();
    await section.getByRole('switch', { name: tr('twoStep.policy.require') }).click();
    await expect(section.getByRole('checkbox', { name: tr('roles.owner') })).toBeChecked();
    await expect(section.getByRole('checkbox', { name: tr('roles.admin') })).toBeChecked();
    await expect(section.getByRole('checkbox', { name: tr('roles.sales') })).not.toBeChecked();
    await section.getByLabel(tr('twoStep.policy.graceDays')).fill('3');
    await section.getByLabel(tr('twoStep.policy.trustBrowserDays')).fill('7');
    await section.getByRole('switch', { name: tr('twoStep.policy.allowSms') }).click();
    await expect(section.getByTestId('weakness-smsSecondFactor')).toContainText(
      tr('policy.weaknessDetail.smsSecondFactor'),
    );
    await expect(section.getByTestId('weakness-trustedBrowsers')).toContainText(tr('policy.weakness.trustedBrowsers'));
    await section.scrollIntoViewIfNeeded();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-policy-01-section');
  });

  await test.step('the safer choices are saved: required for owners and admins, three days to enrol', async () => {
    await section.getByLabel(tr('twoStep.policy.trustBrowserDays')).fill('0');
    await section.getByRole('switch', { name: tr('twoStep.policy.allowSms') }).click();
    await expect(section.getByTestId('weakness-smsSecondFactor')).toHaveCount(0);
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(page.getByText(tr('policy.saved'))).toBeVisible();
    const saved = await apiRequest<PolicyBody>(server.url, 'GET', '/api/security-policy', {
      cookieHeader: owner.cookieHeader,
    });
    expect(saved.body.policy.requireTwoStep).toBe(true);
    expect(saved.body.policy.twoStep).toMatchObject({ roles: ['owner', 'admin'], graceDays: 3, trustBrowserDays: 0 });
  });

  const adminSession = await memberPage(browser, testInfo, server.url, admin.email, adminPassword);
  const adminPage = adminSession.page;

  await test.step('within the grace period the admin sees the deadline on every page', async () => {
    await adminPage.goto(`${server.url}/`);
    const banner = adminPage.getByTestId('two-step-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(tr('twoStep.enforce.bannerAction'));
    await settled(adminPage);
    await pageShot(adminPage, testInfo, 'two-step-policy-02-deadline-banner');
  });

  await test.step('after the grace period the admin is walked straight into enrolment', async () => {
    const current = await apiRequest<PolicyBody>(server.url, 'GET', '/api/security-policy', {
      cookieHeader: owner.cookieHeader,
    });
    await apiRequest(server.url, 'PUT', '/api/security-policy', {
      cookieHeader: owner.cookieHeader,
      body: { policy: { ...current.body.policy, twoStep: { ...current.body.policy.twoStep, graceDays: 0 } } },
    });
    // Every other API now refuses this admin until a factor exists.
    const members = await adminPage.request.get(`${server.url}/api/members`);
    expect(members.status()).toBe(403);
    expect(((await members.json()) as { error: { code: string } }).error.code).toBe('mfa_enrollment_required');
    await adminPage.goto(`${server.url}/settings/members`);
    await expect(adminPage).toHaveURL(/\/settings\/two-step$/);
    await expect(adminPage.getByTestId('two-step-enrolment-required')).toBeVisible();
    const addDialog = adminPage.getByRole('dialog', { name: tr('twoStep.totp.addTitle') });
    await expect(addDialog).toBeVisible();
    await settled(adminPage);
    await pageShot(adminPage, testInfo, 'two-step-policy-03-enrolment-required');

    await addDialog.getByRole('button', { name: tr('twoStep.totp.continue'), exact: true }).click();
    const secret = (await addDialog.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    const adminAuthenticator = new Authenticator(secret);
    await addDialog
      .getByLabel(tr('twoStep.totp.confirmLabel'), { exact: true })
      .fill(await adminAuthenticator.nextCode());
    await addDialog.getByRole('button', { name: tr('twoStep.totp.confirm'), exact: true }).click();
    await saveShownRecoveryCodes(adminPage, testInfo, addDialog);
    await addDialog.getByRole('button', { name: tr('twoStep.codes.done'), exact: true }).click();
    await expect(adminPage.getByTestId('two-step-enrolment-required')).toHaveCount(0);
    await adminPage.goto(`${server.url}/settings/members`);
    await expect(adminPage).toHaveURL(/\/settings\/members$/);
  });

  await test.step('the only device cannot be removed while the policy requires it; the page says why', async () => {
    await adminPage.goto(`${server.url}/settings/two-step`);
    await removeFactor(adminPage, lang, adminPage.getByTestId('totp-factor'));
    const explanation = adminPage.getByRole('dialog', { name: tr('twoStep.lastFactor.title') });
    await expect(explanation).toBeVisible();
    await expect(explanation).toContainText(tr('twoStep.lastFactor.explain'));
    await adminPage.mouse.move(0, 0);
    await settled(adminPage);
    await pageShot(adminPage, testInfo, 'two-step-policy-04-last-factor');
    await explanation.getByRole('button', { name: tr('twoStep.lastFactor.keep') }).click();
    await expect(adminPage.getByTestId('totp-factor')).toHaveCount(1);
  });
  await adminSession.context.close();
});
