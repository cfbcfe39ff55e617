// The admin's side of recovery: the policy's Recovery section (saved and audited), a member sent to Settings →
// Recovery until two ways back, security questions once the organisation allows them, and lifting a freeze.
import type { Page } from '@playwright/test';
import { newBrowserContext, signIn } from './support/auth-ui.ts';
import { apiRequest, expect, projectLocale, t, test, useServer } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, pickOption, settled, signInPage, tokenOf } from './support/org-flows.ts';
import { codeIn, linkIn } from './support/recovery-ui.ts';

const server = useServer();

interface AuditListing {
  events: { action: string; details: unknown }[];
}

/** Mail follows the account's language, which for an invited member need not be the browser's. */
function codeInMail(text: string): string {
  try {
    return codeIn('en', 'mail.recoveryCode.p2', text);
  } catch {
    return codeIn('zh-CN', 'mail.recoveryCode.p2', text);
  }
}

function recoverySection(page: Page, title: string) {
  // The card title, not the settings menu entry of the same name (both read 账号找回 in Chinese).
  return page
    .locator('.ant-card')
    .filter({ has: page.locator('.ant-card-head-title').getByText(title, { exact: true }) });
}

test('recovery policy, required setup with security questions, and lifting a freeze', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  const lang = projectLocale(testInfo);
  const tr = (key: string, values?: Record<string, string | number>): string => t(lang, key, values);
  const owner = await createOrg(server(), testInfo, 'Fabrikam Clinics');
  const mia = { email: 'mia.manager@fabrikam.example', name: 'Mia Manager', role: 'manager' as const };
  const miaPassword = await addMemberViaApi(server(), owner, mia);
  const sam = { email: 'sam.sales@fabrikam.example', name: 'Sam Sales', role: 'sales' as const };
  const samPassword = await addMemberViaApi(server(), owner, sam);
  const section = recoverySection(page, tr('policy.recovery.title'));
  // Sam's mails are in his account's language, whatever the browser's is: find them by their link.
  const mailWithLink = (address: string, before: number, marker: string) =>
    server().mails.waitForMail(
      (mail) =>
        server().mails.messages.indexOf(mail) >= before && mail.to.includes(address) && mail.text.includes(marker),
      20_000,
    );

  await test.step('the policy page has a Recovery section with the defaults', async () => {
    await signInPage(page, server(), owner.email, owner.password);
    await page.goto(`${server().url}/settings/policy`);
    await expect(section.getByLabel(tr('policy.recovery.codeDigits'))).toHaveValue('6');
    await expect(section.getByLabel(tr('policy.recovery.codeMinutes'))).toHaveValue('5');
    await expect(section.getByLabel(tr('policy.recovery.linkMinutes'))).toHaveValue('15');
    await expect(section.getByRole('switch', { name: tr('policy.recovery.securityQuestions') })).not.toBeChecked();
    await expect(page.getByText(tr('policy.noWeaknesses'))).toBeVisible();
  });

  await test.step('security questions, longer codes and a phrase: warnings explain the risks', async () => {
    await section.getByRole('switch', { name: tr('policy.recovery.securityQuestions') }).click();
    await section.getByLabel(tr('policy.recovery.codeMinutes')).fill('10');
    await section.getByLabel(tr('policy.recovery.antiPhishingPhrase')).fill('blue heron over the harbour');
    await expect(page.getByTestId('weakness-securityQuestions')).toContainText(
      tr('policy.weaknessDetail.securityQuestions'),
    );
    await expect(page.getByTestId('weakness-longRecoveryCodes')).toContainText(tr('policy.weakness.longRecoveryCodes'));
    await section.scrollIntoViewIfNeeded();
    await settled(page);
    await pageShot(page, testInfo, 'recovery-policy-01-section');
  });

  await test.step('saving keeps every section, survives a reload and is audited', async () => {
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(page.getByText(tr('policy.saved'))).toBeVisible();
    await page.reload();
    await expect(section.getByLabel(tr('policy.recovery.codeMinutes'))).toHaveValue('10');
    await expect(section.getByLabel(tr('policy.recovery.antiPhishingPhrase'))).toHaveValue(
      'blue heron over the harbour',
    );
    await expect(section.getByRole('switch', { name: tr('policy.recovery.securityQuestions') })).toBeChecked();
    const listing = await apiRequest<AuditListing>(server().url, 'GET', '/api/audit?action=security_policy_changed', {
      cookieHeader: owner.cookieHeader,
    });
    expect(listing.body.events).toHaveLength(1);
    const details = JSON.stringify(listing.body.events[0]?.details);
    for (const key of ['recovery.securityQuestions', 'recovery.codeMinutes', 'recovery.antiPhishingPhrase']) {
      expect(details).toContain(key);
    }
  });

  await test.step('the admin asks Mia to set up recovery from the members page', async () => {
    await page.goto(`${server().url}/settings/members`);
    const row = page.getByRole('row').filter({ hasText: mia.email });
    await row.getByRole('button', { name: tr('members.recovery.moreFor', { name: mia.name }) }).click();
    await page.getByRole('menuitem', { name: tr('members.recovery.require') }).click();
    const confirm = page.getByRole('dialog');
    await expect(confirm).toContainText(tr('members.recovery.confirmRequireHint'));
    await confirm.getByRole('button', { name: tr('members.recovery.require') }).click();
    await expect(page.getByText(tr('members.recovery.setupRequired', { name: mia.name }))).toBeVisible();
    const audit = await apiRequest<AuditListing>(server().url, 'GET', '/api/audit?action=recovery_setup_required', {
      cookieHeader: owner.cookieHeader,
    });
    expect(audit.body.events).toHaveLength(1);
  });

  const member = await newBrowserContext(browser, testInfo);
  try {
    const miaPage = await member.newPage();
    await test.step('Mia signs in and is sent to Settings → Recovery until she has two ways back', async () => {
      await signIn(miaPage, testInfo, server().url, mia.email, miaPassword, owner.orgName);
      await expect(miaPage).toHaveURL(/\/settings\/recovery$/);
      await expect(miaPage.getByTestId('readiness-required')).toHaveText(tr('readiness.requiredByOrg', { needed: 2 }));
      await expect(miaPage.getByTestId('readiness-banner')).toHaveCount(0);
      await expect(miaPage.getByTestId('readiness-ways')).toHaveText('1');
      await miaPage.goto(`${server().url}/settings/members`);
      await expect(miaPage).toHaveURL(/\/settings\/recovery$/);
      await expect(miaPage.getByTestId('readiness-required')).toBeVisible();
      await expect(miaPage.getByTestId('channel-backupPhone')).toBeVisible();
      await settled(miaPage);
      await pageShot(miaPage, testInfo, 'recovery-policy-02-setup-required');
    });

    await test.step('Mia sets up three security questions, one of her own, in the dialog', async () => {
      const card = miaPage.getByTestId('security-questions');
      await card.getByRole('button', { name: tr('recoverySettings.questions.setUp') }).click();
      const dialog = miaPage.getByRole('dialog');
      const pick = (index: number, key: string) =>
        pickOption(
          miaPage,
          dialog.getByRole('combobox', { name: tr('recoverySettings.questions.questionFor', { number: index }) }),
          tr(key),
        );
      await pick(1, 'recoverySettings.questions.catalog.firstSchool');
      await pick(2, 'recoverySettings.questions.catalog.childhoodStreet');
      await pick(3, 'recoverySettings.questions.custom');
      await dialog
        .getByLabel(tr('recoverySettings.questions.customLabel'))
        .fill(lang === 'zh-CN' ? '我第一辆自行车是什么颜色？' : 'What colour was my first bicycle?');
      await dialog.getByLabel(tr('recoverySettings.questions.answerFor', { number: 1 })).fill('Ｎｏ．４ Middle School');
      await dialog.getByLabel(tr('recoverySettings.questions.answerFor', { number: 2 })).fill('Elm Street');
      await dialog.getByLabel(tr('recoverySettings.questions.answerFor', { number: 3 })).fill('Teal');
      await pageShot(miaPage, testInfo, 'recovery-policy-03-questions-dialog');
      await dialog.getByRole('button', { name: tr('recoverySettings.questions.save') }).click();
      await expect(dialog).toBeHidden();
      await expect(card.getByTestId('security-question-list').getByRole('listitem')).toHaveCount(3);
      await expect(card).toContainText(tr('recoverySettings.questions.catalog.firstSchool'));
      // Questions are a supplement, not a way back.
      await expect(miaPage.getByTestId('readiness-ways')).toHaveText('1');
    });

    await test.step('a verified backup e-mail is the second way back, and the app lets her go', async () => {
      const backup = 'mia.home@mailbox.example';
      const before = server().mails.messages.length;
      await miaPage.getByTestId('backupEmail-add').click();
      const dialog = miaPage.getByRole('dialog');
      await dialog.getByLabel(tr('recoverySettings.dialog.addressLabel.email')).fill(backup);
      await dialog.getByRole('button', { name: tr('recoverySettings.dialog.sendCode') }).click();
      const mail = await server().mails.waitForMail(
        (candidate) => server().mails.messages.indexOf(candidate) >= before && candidate.to.includes(backup),
        20_000,
      );
      await dialog.getByLabel(tr('recoverySettings.code.label'), { exact: true }).fill(codeInMail(mail.text));
      await dialog.getByRole('button', { name: tr('recoverySettings.code.submit'), exact: true }).click();
      await expect(miaPage.getByTestId('readiness-ways')).toHaveText('2');
      await expect(miaPage.getByTestId('readiness-required')).toHaveCount(0);
      await settled(miaPage);
      await pageShot(miaPage, testInfo, 'recovery-policy-04-ready');
      await miaPage.goto(`${server().url}/`);
      await expect(miaPage).toHaveURL(/\/$/);
      await expect(miaPage.getByTestId('readiness-banner')).toHaveCount(0);
    });
  } finally {
    await member.close();
  }

  await test.step('Sam resets his password, then freezes the account from the "this wasn\'t me" link', async () => {
    const before = server().mails.messages.length;
    await apiRequest(server().url, 'POST', '/api/auth/password/forgot', {
      body: { identifier: sam.email },
      locale: lang,
    });
    const resetMail = await mailWithLink(sam.email, before, '/reset#token=');
    const token = tokenOf(linkIn(resetMail.text, '/reset#token='));
    await apiRequest(server().url, 'POST', '/api/auth/password/reset', {
      body: { token, newPassword: `${samPassword} renewed` },
      locale: lang,
    });
    const doneMail = await mailWithLink(sam.email, before, '/freeze#token=');
    await apiRequest(server().url, 'POST', '/api/auth/freeze', {
      body: { token: tokenOf(linkIn(doneMail.text, '/freeze#token=')) },
      locale: lang,
    });
  });

  await test.step('the members page shows Sam as frozen, and the admin lifts the freeze', async () => {
    await page.goto(`${server().url}/settings/members`);
    const row = page.getByRole('row').filter({ hasText: sam.email });
    await expect(row).toContainText(tr('members.status.frozen'));
    await row.getByRole('button', { name: tr('members.recovery.unfreeze') }).click();
    await expect(page.getByText(tr('members.recovery.confirmUnfreezeHint'))).toBeVisible();
    await settled(page);
    await pageShot(page, testInfo, 'recovery-policy-05-frozen-member');
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: tr('members.recovery.unfreeze') })
      .click();
    await expect(page.getByText(tr('members.recovery.unfrozen', { name: sam.name }))).toBeVisible();
    await expect(row).toContainText(tr('members.status.active'));
    const audit = await apiRequest<AuditListing>(server().url, 'GET', '/api/audit', {
      cookieHeader: owner.cookieHeader,
    });
    expect(audit.body.events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['account_frozen', 'account_unfrozen']),
    );
  });
});
