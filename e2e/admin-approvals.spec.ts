// The two-person rule: an action on an owner waits for a second owner. Owner A asks to sign owner B out everywhere,
// owner C approves it in their own browser (opened from the approval mail's link) and B's session ends; a second
// request is rejected. A's own request cannot be approved by A, and an admin gets no actions on owners at all.
import {
  chooseMemberAction,
  confirmAction,
  memberRow,
  openMembers,
  passStepUpIfAsked,
  templatePattern,
  toast,
  translator,
} from './support/admin-ui.ts';
import { linkInMail, newBrowserContext } from './support/auth-ui.ts';
import { apiRequest, expect, loginApi, shot, test, useServer } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, settled, signInPage, type Owner } from './support/org-flows.ts';

const running = useServer();

const bella = { email: 'bella.owner@lighthouse.example', name: 'Bella Brooks', role: 'admin' as const };
const carl = { email: 'carl.owner@lighthouse.example', name: 'Carl Chen', role: 'admin' as const };
const ada = { email: 'ada.admin@lighthouse.example', name: 'Ada Admin', role: 'admin' as const };

/** Invites a member as admin and promotes them to owner through the API (PATCH /api/members/:id). */
async function addOwner(owner: Owner, member: typeof bella): Promise<string> {
  const server = running();
  const password = await addMemberViaApi(server, owner, member);
  const list = await apiRequest<{ id: string; email: string }[]>(server.url, 'GET', '/api/members', {
    cookieHeader: owner.cookieHeader,
  });
  const id = list.body.find((candidate) => candidate.email === member.email)?.id ?? '';
  await apiRequest(server.url, 'PATCH', `/api/members/${id}`, {
    cookieHeader: owner.cookieHeader,
    body: { role: 'owner' },
  });
  return password;
}

test('an action on an owner waits for a second owner, who approves or rejects it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const server = running();
  const tr = translator(testInfo);
  const owner = await createOrg(server, testInfo, 'Lighthouse Media');
  const bellaPassword = await addOwner(owner, bella);
  const carlPassword = await addOwner(owner, carl);
  const adaPassword = await addMemberViaApi(server, owner, ada);
  const bellaSession = await loginApi(server.url, { identifier: bella.email, password: bellaPassword });
  await signInPage(page, server, owner.email, owner.password);
  await openMembers(page, server, testInfo);

  const before = server.mails.messages.length;
  await test.step('owner A asks to sign owner B out everywhere: it waits for a second owner', async () => {
    await chooseMemberAction(page, testInfo, bella, 'members.action.end_sessions');
    await confirmAction(page, tr('members.action.end_sessions'));
    const waiting = page
      .locator('.ant-message-notice')
      .filter({ hasText: templatePattern(tr('members.approval.waitingOwner')) });
    await passStepUpIfAsked(page, testInfo, owner.password, waiting);
    const bellaCheck = await apiRequest(server.url, 'GET', '/api/auth/session', {
      cookieHeader: bellaSession.cookieHeader,
      allowError: true,
    });
    expect(bellaCheck.status).toBe(200);
  });

  await test.step('the requester sees it pending, may cancel it, but may not approve it', async () => {
    await page.getByRole('tab', { name: tr('members.tabs.approvals') }).click();
    await expect(page).toHaveURL(/\?tab=approvals$/);
    const row = page.getByTestId('approvals-table').getByRole('row').filter({ hasText: bella.name });
    await expect(row).toContainText(tr('members.actionName.end_sessions'));
    await expect(row).toContainText(tr('members.approvals.status.pending'));
    await expect(row.getByRole('button', { name: tr('members.approvals.cancel') })).toBeVisible();
    await expect(row.getByRole('button', { name: tr('members.approvals.approve') })).toHaveCount(0);
    await settled(page);
    await pageShot(page, testInfo, 'admin-approvals-01-requester');
  });

  const carlContext = await newBrowserContext(browser, testInfo);
  const carlPage = await carlContext.newPage();
  await test.step('owner C opens the link in the approval mail and approves; B is signed out', async () => {
    const mail = await server.mails.waitForMail(
      (candidate) => server.mails.messages.indexOf(candidate) >= before && candidate.to.includes(carl.email),
      20_000,
    );
    const link = linkInMail(mail, '/settings/members?tab=approvals');
    await signInPage(carlPage, server, carl.email, carlPassword);
    await carlPage.goto(link);
    await expect(carlPage.getByRole('tab', { name: tr('members.tabs.approvals') })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(carlPage.getByTestId('approvals-tab').locator('.ant-badge')).toHaveText('1');
    const row = carlPage.getByTestId('approvals-table').getByRole('row').filter({ hasText: bella.name });
    await expect(row).toContainText(owner.name);
    await settled(carlPage);
    await shot(carlPage, testInfo, 'admin-approvals-02-approver');
    await row.getByRole('button', { name: tr('members.approvals.approve') }).click();
    const confirm = carlPage.locator('.ant-popconfirm');
    await expect(confirm).toContainText(
      tr('members.approvals.confirmApprove', { action: tr('members.actionName.end_sessions'), name: bella.name }),
    );
    await confirm.getByRole('button', { name: tr('members.approvals.approve') }).click();
    await passStepUpIfAsked(
      carlPage,
      testInfo,
      carlPassword,
      toast(
        carlPage,
        tr('members.approvals.approved', { action: tr('members.actionName.end_sessions'), name: bella.name }),
      ),
    );
    await expect(row).toContainText(tr('members.approvals.status.approved'));
    await expect(carlPage.getByTestId('approvals-tab').locator('.ant-badge')).toHaveCount(0);
    const bellaCheck = await apiRequest(server.url, 'GET', '/api/auth/session', {
      cookieHeader: bellaSession.cookieHeader,
      allowError: true,
    });
    expect(bellaCheck.status).toBe(401);
  });

  await test.step('a second request is rejected by owner C and never runs', async () => {
    await page.getByRole('tab', { name: tr('members.tabs.members') }).click();
    await chooseMemberAction(page, testInfo, bella, 'members.action.require_password_change');
    await confirmAction(page, tr('members.action.require_password_change'));
    await expect(
      // The notice of the first request may still be showing.
      page
        .locator('.ant-message-notice')
        .filter({ hasText: templatePattern(tr('members.approval.waitingOwner')) })
        .first(),
    ).toBeVisible();
    await carlPage.reload();
    const row = carlPage
      .getByTestId('approvals-table')
      .getByRole('row')
      .filter({ hasText: tr('members.actionName.require_password_change') });
    await row.getByRole('button', { name: tr('members.approvals.reject') }).click();
    await carlPage
      .locator('.ant-popconfirm')
      .getByRole('button', { name: tr('members.approvals.reject') })
      .click();
    await expect(toast(carlPage, tr('members.approvals.rejected'))).toBeVisible();
    await expect(row).toContainText(tr('members.approvals.status.rejected'));
    await settled(carlPage);
    await shot(carlPage, testInfo, 'admin-approvals-03-rejected');
    await page.reload();
    await expect(memberRow(page, bella.email)).not.toContainText(tr('members.passwordAge.changeRequired'));
  });
  await carlContext.close();

  await test.step('an admin sees owners but no actions on them', async () => {
    const adaContext = await newBrowserContext(browser, testInfo);
    const adaPage = await adaContext.newPage();
    await signInPage(adaPage, server, ada.email, adaPassword);
    await openMembers(adaPage, server, testInfo);
    for (const someOwner of [owner, bella, carl]) {
      const row = memberRow(adaPage, someOwner.email);
      await expect(row).toContainText(tr('roles.owner'));
      await expect(
        row.getByRole('button', { name: tr('members.recovery.moreFor', { name: someOwner.name }) }),
      ).toHaveCount(0);
    }
    await adaContext.close();
  });
});
