// "Trust this browser" (MF-14): the owner allows it in the security policy; a sales member ticks it with their
// authenticator code, later signs in on that browser with the password alone, finds the browser under Settings →
// Security and removes it — after which the code is asked for again. Codes are computed from the enrolled secret.
import { newBrowserContext, signOutFromMenu, submitLogin } from './support/auth-ui.ts';
import { apiRequest, expect, loginApi, projectLocale, t, test, useServer } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, settled, signInPage } from './support/org-flows.ts';
import { enrolTotpViaApi, secondStep } from './support/two-step-ui.ts';

const running = useServer();
const TRUST_DAYS = 7;

test('a member trusts this browser, signs in with the password only, then removes the trust', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const lang = projectLocale(testInfo);
  const tr = (key: string, values?: Record<string, string | number>): string => t(lang, key, values);
  const server = running();
  const owner = await createOrg(server, testInfo, 'Maple Street Florist');
  const member = { email: 'sam.rivera@maplestreet.example', name: 'Sam Rivera', role: 'sales' as const };
  const password = await addMemberViaApi(server, owner, member);
  const enrolled = await loginApi(server.url, { identifier: member.email, password });
  const { authenticator } = await enrolTotpViaApi(server, enrolled.cookieHeader, 'Work phone');

  await test.step('the owner allows "trust this browser" for seven days; the policy page marks it as weaker', async () => {
    await signInPage(page, server, owner.email, owner.password);
    await page.goto(`${server.url}/settings/policy`);
    const section = page.getByTestId('policy-two-step');
    await section.getByLabel(tr('twoStep.policy.trustBrowserDays')).fill(String(TRUST_DAYS));
    await expect(section.getByTestId('weakness-trustedBrowsers')).toContainText(tr('policy.weakness.trustedBrowsers'));
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(page.getByText(tr('policy.saved'))).toBeVisible();
    const saved = await apiRequest<{ policy: { twoStep: { trustBrowserDays: number } } }>(
      server.url,
      'GET',
      '/api/security-policy',
      { cookieHeader: owner.cookieHeader },
    );
    expect(saved.body.policy.twoStep.trustBrowserDays).toBe(TRUST_DAYS);
  });

  const context = await newBrowserContext(browser, testInfo);
  const memberPage = await context.newPage();
  const step = secondStep(memberPage, testInfo);
  const trustBox = step.root.getByRole('checkbox', {
    name: tr('twoStep.signIn.trustBrowser_other', { count: TRUST_DAYS }),
  });

  await test.step('after the password, the code step offers to trust this browser for seven days', async () => {
    await memberPage.goto(`${server.url}/login`);
    expect(await submitLogin(memberPage, testInfo, member.email, password)).toBe(200);
    await expect(step.root).toBeVisible();
    await expect(trustBox).not.toBeChecked();
    await expect(step.root).toContainText(tr('twoStep.signIn.trustBrowserHint'));
    await step.totpField.fill(await authenticator.nextCode());
    await trustBox.check();
    await memberPage.mouse.move(0, 0);
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-trust-01-checkbox');
    await step.submit.click();
    await expect(memberPage.getByTestId('org-name')).toHaveText(owner.orgName);
    const trustCookie = (await context.cookies()).find((cookie) => cookie.name === 'clientele_trust');
    expect(trustCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const daysLeft = ((trustCookie?.expires ?? 0) * 1000 - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(TRUST_DAYS - 0.01);
    expect(daysLeft).toBeLessThanOrEqual(TRUST_DAYS + 0.01);
  });

  await test.step('signed out, the password alone signs in on this browser', async () => {
    await signOutFromMenu(memberPage, testInfo);
    expect(await submitLogin(memberPage, testInfo, member.email, password)).toBe(200);
    await expect(memberPage.getByTestId('org-name')).toHaveText(owner.orgName);
    await expect(step.root).toHaveCount(0);
    // Another browser with the same password still gets the code step.
    const elsewhere = await loginApi(server.url, { identifier: member.email, password });
    expect((elsewhere.body as { mfaRequired?: boolean }).mfaRequired).toBe(true);
  });

  const card = memberPage.getByTestId('trusted-browsers-card');

  await test.step('Settings → Security lists the trusted browser beside the sessions', async () => {
    await memberPage.goto(`${server.url}/settings/security`);
    await expect(card).toBeVisible();
    await expect(card).toContainText(tr('security.trustedBrowsers.title'));
    await expect(card.getByRole('row')).toHaveCount(2);
    await expect(card).toContainText(tr('security.trustedBrowsers.thisBrowser'));
    await expect(card).toContainText('Chrom');
    await settled(memberPage);
    await card.scrollIntoViewIfNeeded();
    await pageShot(memberPage, testInfo, 'two-step-trust-02-settings');
  });

  await test.step('removing it hides the list; the next sign-in asks for the code again', async () => {
    await card.getByRole('button', { name: tr('security.trustedBrowsers.revoke'), exact: true }).click();
    const confirm = memberPage.locator('.ant-popconfirm');
    await expect(confirm).toContainText(tr('security.trustedBrowsers.confirmRevokeHint'));
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-trust-03-confirm-remove');
    await confirm.getByRole('button', { name: tr('security.trustedBrowsers.revoke'), exact: true }).click();
    await expect(memberPage.getByText(tr('security.trustedBrowsers.revoked'))).toBeVisible();
    await expect(card).toHaveCount(0);
    await signOutFromMenu(memberPage, testInfo);
    expect(await submitLogin(memberPage, testInfo, member.email, password)).toBe(200);
    await expect(step.root).toBeVisible();
    await expect(trustBox).toBeVisible();
    await step.totpField.fill(await authenticator.nextCode());
    await step.submit.click();
    await expect(memberPage.getByTestId('org-name')).toHaveText(owner.orgName);
  });
  await context.close();
});
