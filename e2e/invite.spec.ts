import { pageAlert } from './support/auth-ui.ts';
import { expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import {
  MEMBER_PASSWORD,
  createOrg,
  inviteLinkOf,
  pickOption,
  openSettings,
  openSettingsEntry,
  settingsNav,
  settled,
  signInPage,
} from './support/org-flows.ts';

const server = useServer();

test('an owner invites a sales member, who joins with a passphrase and is limited by the role', async ({
  page,
  browser,
}, testInfo) => {
  const tr = (key: string, values?: Record<string, string | number>): string => t(testInfo.project.name, key, values);
  const locale = projectLocale(testInfo);
  const owner = await createOrg(server(), testInfo, 'Northwind Traders');
  const member = { email: 'sam.seller@example.com', name: 'Sam Seller' };
  const memberRow = page.getByRole('row').filter({ hasText: member.email });
  let inviteLink = '';

  await test.step('the owner opens Settings → Members', async () => {
    await signInPage(page, server(), owner.email, owner.password);
    await openSettingsEntry(page, server().url, tr('settings.navigation'), tr('settings.nav.members'));
    await expect(page).toHaveURL(/\/settings\/members$/);
    await expect(page.getByRole('heading', { name: tr('members.title'), exact: true })).toBeVisible();
    const ownerRow = page.getByRole('row').filter({ hasText: owner.email });
    await expect(ownerRow).toContainText(tr('roles.owner'));
    await expect(ownerRow).toContainText(tr('members.status.active'));
    await settled(page);
    await shot(page, testInfo, 'invite-01-members');
  });

  await test.step('the owner invites a sales member through the modal', async () => {
    await page.getByRole('button', { name: tr('members.inviteButton') }).click();
    const dialog = page.getByRole('dialog', { name: tr('members.invite.title') });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel(tr('members.invite.email')).fill(member.email);
    await dialog.getByLabel(tr('members.invite.name')).fill(member.name);
    await pickOption(page, dialog.getByLabel(tr('members.invite.role')), tr('roles.sales'));
    await expect(dialog.getByTitle(tr('roles.sales'), { exact: true })).toBeVisible();
    await shot(page, testInfo, 'invite-02-modal-filled');

    await dialog.getByRole('button', { name: tr('members.invite.submit') }).click();
    await expect(page.getByText(tr('members.invite.sent', { email: member.email }))).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(memberRow).toContainText(member.name);
    await expect(memberRow).toContainText(tr('members.status.invited'));
    await expect(memberRow).toContainText(tr('members.neverSignedIn'));
    await expect(memberRow.getByRole('button', { name: tr('members.resend') })).toBeInViewport({ ratio: 1 });
    await settled(page);
    await shot(page, testInfo, 'invite-03-member-invited');
  });

  await test.step('the invitation mail arrives with the invite link', async () => {
    const mail = await server().mails.waitForMail((candidate) => candidate.to.includes(member.email), 15_000);
    expect(mail.subject).toContain(owner.orgName);
    expect(mail.text).toContain('/invite#token=');
    inviteLink = inviteLinkOf(mail);
    expect(inviteLink.startsWith(`${server().url}/invite#token=`)).toBe(true);
  });

  const memberContext = await browser.newContext({ locale });
  const memberPage = await memberContext.newPage();

  await test.step('the invite page shows the organisation and the invited e-mail', async () => {
    await memberPage.goto(inviteLink);
    await expect(memberPage.getByRole('heading', { name: tr('invite.title') })).toBeVisible();
    await expect(memberPage.getByText(tr('invite.subtitle', { orgName: owner.orgName }))).toBeVisible();
    await expect(memberPage.getByTestId('invite-email')).toHaveText(member.email);
    await expect(memberPage.getByLabel(tr('invite.name'))).toHaveValue(member.name);
    await shot(memberPage, testInfo, 'invite-04-invite-page');
  });

  await test.step('a weak password shows its problems and is refused', async () => {
    const tooShort = tr('password.problem.too_short', { min: 15 });
    await memberPage.getByLabel(tr('password.new')).fill('password123');
    await memberPage.getByLabel(tr('password.confirm')).fill('password123');
    const meter = memberPage.getByTestId('strength-meter');
    await expect(meter).toContainText(tooShort);
    await expect(meter).toContainText(tr('password.score.0'));
    await memberPage.getByRole('button', { name: tr('invite.submit') }).click();
    await expect(memberPage.locator('.ant-form-item-explain-error').filter({ hasText: tooShort })).toBeVisible();
    await expect(memberPage).toHaveURL(/\/invite#token=/);
    await shot(memberPage, testInfo, 'invite-05-weak-password');
  });

  await test.step('a good passphrase is accepted and signs the member in', async () => {
    await memberPage.getByLabel(tr('password.new')).fill(MEMBER_PASSWORD);
    await memberPage.getByLabel(tr('password.confirm')).fill(MEMBER_PASSWORD);
    await expect(memberPage.getByTestId('strength-meter')).not.toContainText(
      tr('password.problem.too_short', { min: 15 }),
    );
    await memberPage.getByRole('button', { name: tr('invite.submit') }).click();
    await expect(memberPage).toHaveURL(`${server().url}/`);
    await expect(memberPage.getByRole('heading', { level: 2 })).toContainText(member.name);
    await expect(
      memberPage.getByText(tr('home.welcome', { orgName: owner.orgName, role: tr('roles.sales') })),
    ).toBeVisible();
    await expect(memberPage.getByTestId('org-name')).toHaveText(owner.orgName);
    await shot(memberPage, testInfo, 'invite-06-member-home');
  });

  await test.step('a sales member sees no Members, Policy or Audit entries and gets 403 on the audit URL', async () => {
    await openSettings(memberPage, server().url);
    await expect(memberPage).toHaveURL(/\/settings\/security$/);
    const nav = settingsNav(memberPage, tr('settings.navigation'));
    await expect(nav.getByRole('menuitem', { name: tr('settings.nav.security') })).toBeVisible();
    for (const hidden of ['members', 'policy', 'audit', 'mail', 'outbox']) {
      await expect(nav.getByRole('menuitem', { name: tr(`settings.nav.${hidden}`) })).toHaveCount(0);
    }
    await memberPage.goto(`${server().url}/settings/audit`);
    await expect(memberPage.getByText(tr('common.forbiddenTitle'), { exact: true })).toBeVisible();
    await expect(memberPage.getByText(tr('common.forbiddenText'))).toBeVisible();
    await expect(memberPage.getByRole('table')).toHaveCount(0);
    await shot(memberPage, testInfo, 'invite-07-member-forbidden');
  });

  await test.step('the owner sees the member as active and promotes them to manager', async () => {
    await page.reload();
    await expect(memberRow).toContainText(tr('members.status.active'));
    await expect(memberRow).not.toContainText(tr('members.status.invited'));
    const roleSelect = page.getByLabel(tr('members.changeRoleFor', { name: member.name }));
    await pickOption(page, roleSelect, tr('roles.manager'));
    await expect(
      page.getByText(tr('members.roleChanged', { name: member.name, role: tr('roles.manager') })),
    ).toBeVisible();
    await page.reload();
    await expect(memberRow).toContainText(tr('roles.manager'));
    await expect(memberRow).not.toContainText(tr('roles.sales'));
    await settled(page);
    await shot(page, testInfo, 'invite-08-members-after-promotion');
  });

  await test.step('the used invitation link no longer works', async () => {
    const guest = await browser.newContext({ locale });
    const guestPage = await guest.newPage();
    await guestPage.goto(inviteLink);
    await expect(pageAlert(guestPage)).toContainText(tr('invite.reason.used'));
    await expect(pageAlert(guestPage)).toContainText(tr('invite.usedHint'));
    await expect(guestPage.getByLabel(tr('password.new'))).toHaveCount(0);
    await shot(guestPage, testInfo, 'invite-09-link-used');
    await guest.close();
  });

  await memberContext.close();
});
