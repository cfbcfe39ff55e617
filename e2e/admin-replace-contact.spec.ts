// "I changed my address": the owner enters a member's new sign-in e-mail from the members page; nothing changes until
// the member opens the confirmation link at the new address, after which they sign in with it.
import {
  chooseMemberAction,
  fillVerification,
  openMembers,
  passStepUpIfAsked,
  toast,
  translator,
} from './support/admin-ui.ts';
import { expect, test, useServer } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, settled, signInPage } from './support/org-flows.ts';

const running = useServer();
const lena = { email: 'lena.li@harbour.example', name: 'Lena Li', role: 'sales' as const };
const lenaNewMail = 'lena.li@newmail.example';

test('an owner replaces a lost sign-in e-mail; the member confirms it from the new mailbox', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const server = running();
  const tr = translator(testInfo);
  const owner = await createOrg(server, testInfo, 'Harbour Logistics');
  const lenaPassword = await addMemberViaApi(server, owner, lena);
  await signInPage(page, server, owner.email, owner.password);
  await openMembers(page, server, testInfo);

  await chooseMemberAction(page, testInfo, lena, 'members.action.replace_contact');
  const dialog = page.getByRole('dialog', { name: tr('members.replaceContact.title', { name: lena.name }) });
  await dialog.getByText(tr('members.replaceContact.email'), { exact: true }).click();
  await dialog.getByLabel(tr('members.replaceContact.newEmail')).fill(lenaNewMail);
  await fillVerification(dialog, testInfo, 'manager_confirmation', 'Confirmed by her team lead');
  await settled(page);
  await pageShot(page, testInfo, 'admin-replace-contact-01-dialog');
  const before = server.mails.messages.length;
  await dialog.getByRole('button', { name: tr('members.replaceContact.submit') }).click();
  const sent = toast(page, tr('members.replaceContact.sent', { address: lenaNewMail }));
  await passStepUpIfAsked(page, testInfo, owner.password, sent);
  await expect(sent).toBeVisible();

  const mail = await server.mails.waitForMail(
    (candidate) => server.mails.messages.indexOf(candidate) >= before && candidate.to.includes(lenaNewMail),
    20_000,
  );
  const link = /https?:\/\/\S+\/confirm-contact#token=[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  expect(link).toBeDefined();

  const context = await browser.newContext({ locale: testInfo.project.name });
  const lenaPage = await context.newPage();
  await lenaPage.goto(link ?? '');
  await expect(lenaPage.getByTestId('confirm-contact-address')).toHaveText(lenaNewMail);
  await pageShot(lenaPage, testInfo, 'admin-replace-contact-02-confirm');
  await lenaPage.getByRole('button', { name: tr('confirmContact.submit') }).click();
  await expect(lenaPage.getByText(tr('confirmContact.doneTitle'))).toBeVisible();
  await lenaPage.getByRole('button', { name: tr('confirmContact.signIn') }).click();
  await expect(lenaPage.getByText(tr('confirmContact.signInNotice'))).toBeVisible();
  await expect(lenaPage.getByRole('textbox').first()).toHaveValue(lenaNewMail);
  await pageShot(lenaPage, testInfo, 'admin-replace-contact-03-sign-in');
  await lenaPage.getByLabel(tr('login.password')).fill(lenaPassword);
  await lenaPage.getByRole('button', { name: tr('login.submit'), exact: true }).click();
  await expect(lenaPage).not.toHaveURL(/\/login/);
  await context.close();
});
