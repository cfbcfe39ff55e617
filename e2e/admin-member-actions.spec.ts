// The admin console in Settings → Members: the security columns, search and filters, and the actions on a member —
// unlock, sign out everywhere, require a new password, reset two-step — each behind a step-up (here a 15-second
// window, so the "confirm it's you" dialog shows), with its effect seen from the member's own browser.
import {
  auditLabel,
  chooseMemberAction,
  confirmAction,
  fillVerification,
  memberRow,
  openMembers,
  passStepUpIfAsked,
  pluralKey,
  sessionStatus,
  stepUpDialog,
  templatePattern,
  toast,
  translator,
} from './support/admin-ui.ts';
import { newBrowserContext, signIn } from './support/auth-ui.ts';
import { apiRequest, expect, loginApi, test, useServer } from './support/fixtures.ts';
import {
  MEMBER_PASSWORD,
  addMemberViaApi,
  createOrg,
  pageShot,
  pickOption,
  settled,
  signInPage,
} from './support/org-flows.ts';
import { enrolTotpViaApi, waitUntilStepUpExpires } from './support/two-step-ui.ts';

const STEP_UP_SECONDS = 15;
const running = useServer({ env: { STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) } });

const sam = { email: 'sam.seller@northwind.example', name: 'Sam Seller', role: 'sales' as const };
const tina = { email: 'tina.tan@northwind.example', name: 'Tina Tan', role: 'sales' as const };
const samNewPassword = 'Copper kettle whistles 83 bright sonnets';

test('an owner unlocks, signs out, asks for a new password and resets two-step from the members page', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const server = running();
  const tr = translator(testInfo);
  const owner = await createOrg(server, testInfo, 'Northwind Traders');
  await addMemberViaApi(server, owner, sam);
  await addMemberViaApi(server, owner, tina);
  const tinaSession = await loginApi(server.url, { identifier: tina.email, password: MEMBER_PASSWORD });
  await enrolTotpViaApi(server, tinaSession.cookieHeader, 'Tina phone');
  await signInPage(page, server, owner.email, owner.password);

  await test.step('the table shows status, two-step, ways back and password age; nothing to do on oneself', async () => {
    await openMembers(page, server, testInfo);
    await expect(memberRow(page, tina.email)).toContainText(tr('members.twoStep.method.totp'));
    await expect(memberRow(page, sam.email)).toContainText(tr('members.security.noTwoStep'));
    await expect(memberRow(page, sam.email)).toContainText(tr('members.security.passwordToday'));
    const ownerRow = memberRow(page, owner.email);
    await expect(ownerRow).toContainText(tr('members.you'));
    await expect(
      ownerRow.getByRole('button', { name: tr('members.recovery.moreFor', { name: owner.name }) }),
    ).toHaveCount(0);
    await pageShot(page, testInfo, 'admin-actions-01-members');
  });

  await test.step('search and filters narrow the list', async () => {
    await page.getByLabel(tr('members.filter.search')).fill('tina');
    await expect(memberRow(page, tina.email)).toBeVisible();
    await expect(memberRow(page, sam.email)).toHaveCount(0);
    await expect(page.getByTestId('members-shown')).toHaveText(tr('members.filter.shown', { shown: 1, total: 3 }));
    await page.getByLabel(tr('members.filter.search')).fill('');
    await pickOption(
      page,
      page.getByLabel(tr('members.filter.twoStep')),
      tr('members.filter.twoStepOption.not_set_up'),
    );
    await expect(memberRow(page, sam.email)).toBeVisible();
    await expect(memberRow(page, tina.email)).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-02-filtered');
    await page.getByRole('button', { name: tr('members.filter.clear') }).click();
    await expect(memberRow(page, tina.email)).toBeVisible();
  });

  await test.step('a member locked by wrong passwords is unlocked after the owner confirms it is them', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await apiRequest(server.url, 'POST', '/api/auth/login', {
        body: { identifier: sam.email, password: `wrong password number ${attempt}` },
        allowError: true,
      });
    }
    await waitUntilStepUpExpires(page, server.url, STEP_UP_SECONDS);
    await page.reload();
    await expect(memberRow(page, sam.email)).toContainText(tr('members.locked'));
    await chooseMemberAction(page, testInfo, sam, 'members.action.unlock');
    await confirmAction(page, tr('members.action.unlock'));
    const dialog = stepUpDialog(page, testInfo);
    await expect(dialog).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-03-step-up');
    expect(
      await passStepUpIfAsked(
        page,
        testInfo,
        owner.password,
        toast(page, tr('members.done.unlock', { name: sam.name })),
      ),
    ).toBe(true);
    await expect(memberRow(page, sam.email)).not.toContainText(tr('members.locked'));
  });

  const samContext = await newBrowserContext(browser, testInfo);
  const samPage = await samContext.newPage();
  await test.step("'sign out everywhere' ends the member's open session at its next request", async () => {
    await signIn(samPage, testInfo, server.url, sam.email, MEMBER_PASSWORD, owner.orgName);
    await chooseMemberAction(page, testInfo, sam, 'members.action.end_sessions');
    await confirmAction(page, tr('members.action.end_sessions'));
    // Accepting the invitation signed Sam in too: the count is whatever was open.
    const ended = ['end_sessions_one', 'end_sessions_other'].map(
      (key) => templatePattern(tr(`members.done.${key}`, { name: sam.name })).source,
    );
    const toastEnded = page.locator('.ant-message-notice').filter({ hasText: new RegExp(ended.join('|')) });
    await passStepUpIfAsked(page, testInfo, owner.password, toastEnded);
    expect(await sessionStatus(samPage, server.url)).toBe(401);
    await samPage.reload();
    await expect(samPage).toHaveURL(/\/login$/);
  });

  await test.step('a required password change keeps the member on the password form until done', async () => {
    await chooseMemberAction(page, testInfo, sam, 'members.action.require_password_change');
    await confirmAction(page, tr('members.action.require_password_change'));
    await passStepUpIfAsked(
      page,
      testInfo,
      owner.password,
      toast(page, tr('members.done.require_password_change', { name: sam.name })),
    );
    await expect(memberRow(page, sam.email)).toContainText(tr('members.passwordAge.changeRequired'));
    await signIn(samPage, testInfo, server.url, sam.email, MEMBER_PASSWORD, owner.orgName);
    await expect(samPage).toHaveURL(/\/settings\/security$/);
    await samPage.goto(`${server.url}/settings/members`);
    await expect(samPage).toHaveURL(/\/settings\/security$/);
    await expect(samPage.getByText(tr('security.passwordExpired'))).toBeVisible();
    await settled(samPage);
    await pageShot(samPage, testInfo, 'admin-actions-04-member-must-change');
    await samPage.getByLabel(tr('security.changePassword.current'), { exact: true }).fill(MEMBER_PASSWORD);
    await samPage.getByLabel(tr('password.new'), { exact: true }).fill(samNewPassword);
    await samPage.getByLabel(tr('password.confirm'), { exact: true }).fill(samNewPassword);
    await samPage.getByRole('button', { name: tr('security.changePassword.submit'), exact: true }).click();
    await expect(samPage.getByText(tr('security.changePassword.success'))).toBeVisible();
    await samPage.goto(`${server.url}/`);
    await expect(samPage).toHaveURL(`${server.url}/`);
    await page.reload();
    await expect(memberRow(page, sam.email)).not.toContainText(tr('members.passwordAge.changeRequired'));
  });
  await samContext.close();

  await test.step('resetting two-step asks how the owner verified the member, and warns what it does', async () => {
    await chooseMemberAction(page, testInfo, tina, 'members.action.reset_two_step');
    const dialog = page.getByRole('dialog', { name: tr('members.resetTwoStep.title', { name: tina.name }) });
    await expect(dialog).toContainText(tr('members.resetTwoStep.warningTitle'));
    await dialog.getByRole('button', { name: tr('members.action.reset_two_step') }).click();
    await expect(dialog.getByText(tr('members.verification.required'))).toBeVisible();
    await fillVerification(dialog, testInfo, 'other');
    await dialog.getByRole('button', { name: tr('members.action.reset_two_step') }).click();
    await expect(dialog.getByText(tr('members.verification.noteRequired'))).toBeVisible();
    await fillVerification(dialog, testInfo, 'video_call', 'Ticket HR-2231, called from the team channel');
    await expect(dialog.getByText(tr('members.verification.noteRequired'))).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-05-reset-two-step');
    await dialog.getByRole('button', { name: tr('members.action.reset_two_step') }).click();
    await passStepUpIfAsked(
      page,
      testInfo,
      owner.password,
      toast(page, tr('members.done.reset_two_step', { name: tina.name })),
    );
    await expect(memberRow(page, tina.email)).toContainText(tr('members.twoStep.reenrol'));
  });

  await test.step('the member signs in with the password alone and must set up two-step before anything else', async () => {
    const tinaContext = await newBrowserContext(browser, testInfo);
    const tinaPage = await tinaContext.newPage();
    await signIn(tinaPage, testInfo, server.url, tina.email, MEMBER_PASSWORD, owner.orgName);
    await expect(tinaPage).toHaveURL(/\/settings\/two-step$/);
    await expect(tinaPage.getByTestId('two-step-enrolment-required')).toBeVisible();
    await tinaPage.goto(`${server.url}/`);
    await expect(tinaPage).toHaveURL(/\/settings\/two-step$/);
    await tinaContext.close();
  });

  await test.step('the detail drawer shows the member and their recent security events', async () => {
    await memberRow(page, tina.email)
      .getByRole('button', { name: tr('members.detailsFor', { name: tina.name }) })
      .click();
    const drawer = page.getByTestId('member-detail');
    await expect(drawer.getByText(tr('members.twoStep.reenrol'))).toBeVisible();
    const events = drawer.getByTestId('member-events');
    await expect(events.locator('[data-action="member_two_step_reset"]')).toContainText(
      auditLabel(testInfo, 'member_two_step_reset'),
    );
    await expect(events.locator('[data-action="member_two_step_reset"]')).toContainText(owner.email);
    await expect(events.locator('[data-action="two_step_factor_added"]')).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-06-drawer');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
  });

  await test.step('bulk: sign out two members at once, with a report', async () => {
    for (const member of [sam, tina]) {
      await memberRow(page, member.email)
        .getByRole('checkbox', { name: tr('members.bulk.selectRow', { name: member.name }) })
        .check();
    }
    const bar = page.getByTestId('bulk-actions');
    await expect(bar).toContainText(tr(pluralKey(testInfo, 'members.bulk.selected', 2), { count: 2 }));
    await bar.getByRole('button', { name: tr('members.action.end_sessions') }).click();
    await confirmAction(page, tr('members.action.end_sessions'));
    const report = page.getByTestId('bulk-report');
    await passStepUpIfAsked(page, testInfo, owner.password, report);
    await expect(report.getByTestId('bulk-line-done')).toHaveCount(2);
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-07-bulk-report');
  });
});
