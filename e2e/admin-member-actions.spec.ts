// The admin console in Settings → Members: the security columns, search and filters, and the actions on a member —
// unlock, sign out everywhere, require a new password, reset two-step — each behind a step-up (here a 15-second
// window, so the "confirm it's you" dialog shows), with its effect seen from the member's own browser. A two-step
// reset (AD-02) waits for a second admin's approval and a 24-hour cool-down the member can cancel from the notice;
// with the cool-down switched off in the policy it applies at once.
import { join } from 'node:path';
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
import { linkInMail, newBrowserContext, serverText, signIn } from './support/auth-ui.ts';
import { apiRequest, expect, loginApi, projectLocale, shot, test, useServer } from './support/fixtures.ts';
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
const ada = { email: 'ada.admin@northwind.example', name: 'Ada Admin', role: 'admin' as const };
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

  const adaPassword = await addMemberViaApi(server, owner, ada);
  await test.step('resetting two-step asks how the owner verified the member, and says when it takes effect', async () => {
    await chooseMemberAction(page, testInfo, tina, 'members.action.reset_two_step');
    const dialog = page.getByRole('dialog', { name: tr('members.resetTwoStep.title', { name: tina.name }) });
    await expect(dialog).toContainText(tr('members.resetTwoStep.warningTitle'));
    // The default policy: a second admin approves, then a day's cool-down the member can cancel.
    await expect(dialog.getByTestId('reset-two-step-timing')).toContainText(
      templatePattern(tr('members.resetTwoStep.timing.approvalThenDelay', { hours: 24, name: tina.name })),
    );
    await dialog.getByRole('button', { name: tr('members.action.reset_two_step') }).click();
    await expect(dialog.getByText(tr('members.verification.required'))).toBeVisible();
    await fillVerification(dialog, testInfo, 'other');
    await dialog.getByRole('button', { name: tr('members.action.reset_two_step') }).click();
    await expect(dialog.getByText(tr('members.verification.noteRequired'))).toBeVisible();
    await fillVerification(dialog, testInfo, 'video_call', 'Ticket HR-2231, called from the team channel');
    await expect(dialog.getByText(tr('members.verification.noteRequired'))).toHaveCount(0);
    await settled(page);
    // The dialog is taller than the window: a taller window shows it whole.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport?.width ?? 1280, height: 1100 });
    await pageShot(page, testInfo, 'admin-actions-05-reset-two-step');
    if (viewport !== null) {
      await page.setViewportSize(viewport);
    }
    await dialog.getByRole('button', { name: tr('members.action.reset_two_step') }).click();
    const waiting = page
      .locator('.ant-message-notice')
      .filter({ hasText: templatePattern(tr('members.approval.waitingPeer')) });
    await passStepUpIfAsked(page, testInfo, owner.password, waiting);
    await expect(memberRow(page, tina.email)).toContainText(tr('members.twoStep.method.totp'));
  });

  await test.step('a second admin approves it; the console shows when it takes effect and nothing changes yet', async () => {
    const adaContext = await newBrowserContext(browser, testInfo);
    const adaPage = await adaContext.newPage();
    await signInPage(adaPage, server, ada.email, adaPassword);
    await adaPage.goto(`${server.url}/settings/members?tab=approvals`);
    // A fresh browser loads the whole app first: allow for a busy machine.
    await expect(adaPage.getByTestId('approvals-table')).toBeVisible({ timeout: 30_000 });
    const row = adaPage.getByTestId('approvals-table').getByRole('row').filter({ hasText: tina.name });
    await expect(row).toContainText(tr('members.actionName.reset_two_step'));
    await row.getByRole('button', { name: tr('members.approvals.approve') }).click();
    await adaPage
      .locator('.ant-popconfirm')
      .getByRole('button', { name: tr('members.approvals.approve') })
      .click();
    const approvedText = tr('members.approvals.approved', {
      action: tr('members.actionName.reset_two_step'),
      name: tina.name,
    });
    await passStepUpIfAsked(adaPage, testInfo, adaPassword, toast(adaPage, approvedText));
    await adaContext.close();

    await page.reload();
    const pending = memberRow(page, tina.email).getByTestId('two-step-reset-pending');
    await expect(pending).toContainText(templatePattern(tr('members.twoStep.resetPending')));
    // Tina's authenticator still counts, and the only thing left to do is to cancel.
    await expect(memberRow(page, tina.email)).toContainText(tr('members.twoStep.method.totp'));
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-06-reset-pending');
    await memberRow(page, tina.email)
      .getByRole('button', { name: tr('members.detailsFor', { name: tina.name }) })
      .click();
    const drawer = page.getByTestId('member-detail');
    await expect(drawer.getByTestId('two-step-reset-pending')).toBeVisible();
    await expect(
      drawer
        .getByTestId('member-detail-actions')
        .getByRole('button', { name: tr('members.action.cancel_two_step_reset') }),
    ).toBeVisible();
    await expect(
      drawer.getByTestId('member-detail-actions').getByRole('button', { name: tr('members.action.reset_two_step') }),
    ).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-06-reset-pending-drawer');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
  });

  await test.step('the member is told at once and cancels the reset from the link; the admins hear of it', async () => {
    const mail = await server.mails.waitForMail(
      (candidate) => candidate.to.includes(tina.email) && candidate.text.includes('/cancel-two-step-reset#token='),
      20_000,
    );
    const tinaContext = await newBrowserContext(browser, testInfo);
    const tinaPage = await tinaContext.newPage();
    await tinaPage.goto(linkInMail(mail, '/cancel-two-step-reset'));
    // A fresh browser loads the whole app first: allow for a busy machine.
    await expect(tinaPage.getByTestId('cancel-reset-email')).toHaveText(tina.email, { timeout: 30_000 });
    await expect(tinaPage.getByText(tr('cancelTwoStepReset.explain'))).toBeVisible();
    await settled(tinaPage);
    await shot(tinaPage, testInfo, 'admin-actions-07-cancel-link');
    await tinaPage.getByRole('button', { name: tr('cancelTwoStepReset.submit') }).click();
    await expect(tinaPage.getByText(tr('cancelTwoStepReset.doneTitle'))).toBeVisible();
    await tinaContext.close();
    const alertSubject = serverText(projectLocale(testInfo), 'mail.twoStepResetCancelledAdminAlert.subject', {
      orgName: owner.orgName,
      memberName: tina.name,
    });
    await server.mails.waitForMail(
      (candidate) => candidate.to.includes(owner.email) && candidate.subject === alertSubject,
      20_000,
    );
    await page.reload();
    await expect(memberRow(page, tina.email).getByTestId('two-step-reset-pending')).toHaveCount(0);
    await expect(memberRow(page, tina.email)).toContainText(tr('members.twoStep.method.totp'));
  });

  await test.step('with the cool-down off in the policy, a reset applies at once', async () => {
    const current = await apiRequest<{ policy: Record<string, unknown> }>(server.url, 'GET', '/api/security-policy', {
      cookieHeader: owner.cookieHeader,
    });
    await apiRequest(server.url, 'PUT', '/api/security-policy', {
      cookieHeader: owner.cookieHeader,
      body: {
        policy: {
          ...current.body.policy,
          adminRecovery: { twoStepResetDelayHours: 0, twoStepResetNeedsApproval: false },
        },
      },
    });
    // The policy page names both choices as weaker than the default and explains why.
    await page.goto(`${server.url}/settings/policy`);
    const section = page.getByTestId('policy-admin-recovery');
    await expect(section.getByTestId('weakness-immediateTwoStepReset')).toContainText(
      tr('policy.weaknessDetail.immediateTwoStepReset'),
    );
    await expect(section.getByTestId('weakness-twoStepResetWithoutApproval')).toBeVisible();
    await expect(section.getByText(tr('policy.adminRecovery.tradeOffTitle'))).toBeVisible();
    await settled(page);
    // The window as tall as the page, so the sticky header and save bar stay clear of the section.
    const viewport = page.viewportSize();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport?.width ?? 1280, height });
    await section.screenshot({
      path: join(testInfo.project.testDir, 'artifacts', testInfo.project.name, 'admin-actions-08-policy.png'),
      animations: 'disabled',
    });
    if (viewport !== null) {
      await page.setViewportSize(viewport);
    }
    await openMembers(page, server, testInfo);
    await chooseMemberAction(page, testInfo, tina, 'members.action.reset_two_step');
    const dialog = page.getByRole('dialog', { name: tr('members.resetTwoStep.title', { name: tina.name }) });
    await expect(dialog.getByTestId('reset-two-step-timing')).toContainText(tr('members.resetTwoStep.timing.now'));
    await fillVerification(dialog, testInfo, 'in_person_id');
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
    await expect(events.locator('[data-action="member_two_step_reset_cancelled"]')).toContainText(
      auditLabel(testInfo, 'member_two_step_reset_cancelled'),
    );
    await settled(page);
    await pageShot(page, testInfo, 'admin-actions-09-drawer');
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
    await pageShot(page, testInfo, 'admin-actions-10-bulk-report');
  });
});
