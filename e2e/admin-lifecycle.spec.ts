// Account lifecycle (AD-06): deactivating ends the member's open session at once and the password stops working;
// a deactivation can be scheduled for the end of the working day and cancelled; reactivating issues a fresh
// one-time link, the old password stays dead and the member chooses a new one.
import {
  chooseMemberAction,
  confirmAction,
  fillVerification,
  memberRow,
  openMembers,
  passStepUpIfAsked,
  recoverLinkIn,
  sessionStatus,
  submitRecoverPassword,
  toast,
  translator,
} from './support/admin-ui.ts';
import { newBrowserContext, signIn } from './support/auth-ui.ts';
import { expect, shot, test, useServer } from './support/fixtures.ts';
import { MEMBER_PASSWORD, addMemberViaApi, createOrg, pageShot, settled, signInPage } from './support/org-flows.ts';
import { loginStatus } from './support/recovery-ui.ts';

const running = useServer();

const dan = { email: 'dan.dorsey@maple.example', name: 'Dan Dorsey', role: 'sales' as const };
const eve = { email: 'eve.evans@maple.example', name: 'Eve Evans', role: 'viewer' as const };
const danNewPassword = 'Cobalt meadow hums for 52 quiet ravens';

test('deactivate now, schedule and cancel a deactivation, reactivate with a new password', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const server = running();
  const tr = translator(testInfo);
  const owner = await createOrg(server, testInfo, 'Maple Street Bakery');
  await addMemberViaApi(server, owner, dan);
  await addMemberViaApi(server, owner, eve);
  await signInPage(page, server, owner.email, owner.password);
  await openMembers(page, server, testInfo);

  const danContext = await newBrowserContext(browser, testInfo);
  const danPage = await danContext.newPage();
  await test.step('deactivating now refuses the member’s open session at once and the password with it', async () => {
    await signIn(danPage, testInfo, server.url, dan.email, MEMBER_PASSWORD, owner.orgName);
    await chooseMemberAction(page, testInfo, dan, 'members.action.deactivate');
    const dialog = page.getByRole('dialog', { name: tr('members.deactivate.title', { name: dan.name }) });
    await expect(dialog).toContainText(tr('members.deactivate.effect'));
    await expect(dialog).toContainText(tr('members.deactivate.crmNote'));
    await settled(page);
    await pageShot(page, testInfo, 'admin-lifecycle-01-deactivate-now');
    await dialog.getByRole('button', { name: tr('members.deactivate.submitNow') }).click();
    await passStepUpIfAsked(
      page,
      testInfo,
      owner.password,
      toast(page, tr('members.done.deactivate', { name: dan.name })),
    );
    expect(await sessionStatus(danPage, server.url)).toBe(401);
    await danPage.reload();
    await expect(danPage).toHaveURL(/\/login$/);
    expect(await loginStatus(server.url, dan.email, MEMBER_PASSWORD)).toBe(401);
    const row = memberRow(page, dan.email);
    await expect(row).toContainText(tr('members.status.deactivated'));
    await row.getByRole('button', { name: tr('members.recovery.moreFor', { name: dan.name }) }).click();
    const items = page.locator('.ant-dropdown:visible [role="menuitem"]');
    await expect(items.filter({ hasText: tr('members.action.reactivate') })).toHaveCount(1);
    await expect(items.filter({ hasText: tr('members.action.end_sessions') })).toHaveCount(0);
    await page.keyboard.press('Escape');
  });

  await test.step('a deactivation scheduled for the end of the day shows on the row and can be cancelled', async () => {
    await chooseMemberAction(page, testInfo, eve, 'members.action.deactivate');
    const dialog = page.getByRole('dialog', { name: tr('members.deactivate.title', { name: eve.name }) });
    await dialog.getByRole('radio', { name: tr('members.deactivate.scheduled') }).check();
    const picker = dialog.getByLabel(tr('members.deactivate.atLabel'));
    await expect(picker).toHaveValue(/ 18:00$/);
    await expect(dialog).toContainText(tr('members.deactivate.effectScheduled'));
    await settled(page);
    await pageShot(page, testInfo, 'admin-lifecycle-02-schedule');
    const scheduledFor = await picker.inputValue();
    await dialog.getByRole('button', { name: tr('members.deactivate.submitScheduled') }).click();
    await passStepUpIfAsked(
      page,
      testInfo,
      owner.password,
      toast(page, tr('members.done.deactivate_scheduled', { name: eve.name, time: scheduledFor })),
    );
    const tag = memberRow(page, eve.email).getByTestId('scheduled-deactivation');
    await expect(tag).toHaveText(tr('members.scheduledTag', { time: scheduledFor }));
    await expect(memberRow(page, eve.email)).toContainText(tr('members.status.active'));
    await settled(page);
    await pageShot(page, testInfo, 'admin-lifecycle-03-scheduled');

    await chooseMemberAction(page, testInfo, eve, 'members.action.cancel_deactivation');
    await confirmAction(page, tr('members.action.cancel_deactivation'));
    await passStepUpIfAsked(
      page,
      testInfo,
      owner.password,
      toast(page, tr('members.done.cancel_deactivation', { name: eve.name })),
    );
    await expect(tag).toHaveCount(0);
  });

  await test.step('reactivating sends a one-time link; the old password stays dead, the new one works', async () => {
    await chooseMemberAction(page, testInfo, dan, 'members.action.reactivate');
    const dialog = page.getByRole('dialog', { name: tr('members.recoveryLink.title.reactivate', { name: dan.name }) });
    await expect(dialog).toContainText(tr('members.reactivate.explain', { name: dan.name }));
    await fillVerification(dialog, testInfo, 'manager_confirmation', 'Back from parental leave, confirmed by Olivia');
    await dialog.getByRole('button', { name: tr('members.recoveryLink.next') }).click();
    await settled(page);
    await pageShot(page, testInfo, 'admin-lifecycle-04-reactivate');
    const before = server.mails.messages.length;
    await dialog.getByRole('button', { name: tr('members.recoveryLink.submit.reactivate') }).click();
    const sent = dialog.getByTestId('recovery-link-sent');
    await passStepUpIfAsked(page, testInfo, owner.password, sent);
    await expect(sent).toHaveText(tr('members.recoveryLink.sentTitle', { address: dan.email }));
    await dialog
      .locator('.ant-modal-footer')
      .getByRole('button', { name: tr('members.recoveryLink.close') })
      .click();
    await expect(memberRow(page, dan.email)).toContainText(tr('members.status.active'));
    expect(await loginStatus(server.url, dan.email, MEMBER_PASSWORD)).toBe(401);

    const mail = await server.mails.waitForMail(
      (candidate) =>
        server.mails.messages.indexOf(candidate) >= before &&
        candidate.to.includes(dan.email) &&
        candidate.text.includes('/recover#token='),
      20_000,
    );
    await danPage.goto(recoverLinkIn(mail.text));
    await expect(danPage.getByTestId('recover-email')).toHaveText(dan.email);
    await submitRecoverPassword(danPage, testInfo, danNewPassword);
    await expect(danPage).toHaveURL(`${server.url}/`);
    await expect(danPage.getByTestId('org-name')).toHaveText(owner.orgName);
    await shot(danPage, testInfo, 'admin-lifecycle-05-back-in');
    expect(await loginStatus(server.url, dan.email, MEMBER_PASSWORD)).toBe(401);
  });
  await danContext.close();
});
