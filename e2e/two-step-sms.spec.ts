// SMS codes as a second factor, in the browser: the owner allows them in the security policy (the weaker choice is
// explained), a sales member with a verified mobile number turns them on (the risk is spelled out, a code is texted,
// recovery codes shown once), signs out and signs in with password + a texted code (a wrong one first). Then
// "confirm it's you" offers a texted code too — here the per-number SMS cap is reached, which the dialog says in the
// page's language — and a recovery code does it instead. Texts come from a local stand-in for the SMS gateway.
import type { Browser, TestInfo } from '@playwright/test';
import { newBrowserContext, serverText, signOutFromMenu, submitLogin } from './support/auth-ui.ts';
import { apiRequest, expect, loginApi, projectLocale, t, test } from './support/fixtures.ts';
import { addMemberViaApi, createOrg, pageShot, settled, signInPage } from './support/org-flows.ts';
import { standaloneCodeIn } from './support/recovery-ui.ts';
import { useServerWithSms, type SmsSink } from './support/sms-sink.ts';
import { removeFactor, saveShownRecoveryCodes, waitUntilStepUpExpires } from './support/two-step-ui.ts';

const STEP_UP_SECONDS = 30;
const running = useServerWithSms({ env: { STEP_UP_MINUTES: String(STEP_UP_SECONDS / 60) } });

const member = { email: 'lena.sales@lakeside.example', name: 'Lena Fischer', role: 'sales' as const };
const mobile = '+8613912345001';
const masked = '+86139••••5001';

/** The next text to `mobile` after `before` messages, and the code standing in it. */
async function nextCode(sms: SmsSink, before: number): Promise<{ text: string; code: string }> {
  const message = await sms.waitForSms(
    (candidate) => sms.messages.indexOf(candidate) >= before && candidate.to === mobile,
  );
  return { text: message.text, code: standaloneCodeIn(message.text) };
}

async function memberContext(browser: Browser, testInfo: TestInfo, url: string, password: string) {
  const context = await newBrowserContext(browser, testInfo);
  const session = await loginApi(url, { identifier: member.email, password });
  await context.addCookies(session.cookies);
  return { context, page: await context.newPage(), cookieHeader: session.cookieHeader };
}

test('the owner allows SMS codes; a member turns them on and signs in with a texted code', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const lang = projectLocale(testInfo);
  const tr = (key: string, values?: Record<string, string | number>): string => t(lang, key, values);
  const { server, sms } = running();
  const owner = await createOrg(server, testInfo, 'Lakeside Optics');
  const password = await addMemberViaApi(server, owner, member);

  await test.step('the owner allows SMS codes in the policy; the weakness is explained', async () => {
    await signInPage(page, server, owner.email, owner.password);
    await page.goto(`${server.url}/settings/policy`);
    const section = page.getByTestId('policy-two-step');
    await section.getByRole('switch', { name: tr('twoStep.policy.allowSms') }).click();
    await expect(section.getByTestId('weakness-smsSecondFactor')).toContainText(
      tr('policy.weaknessDetail.smsSecondFactor'),
    );
    await expect(section).toContainText(tr('twoStep.policy.allowSmsHint'));
    await page.getByRole('button', { name: tr('policy.save') }).click();
    await expect(page.getByText(tr('policy.saved'))).toBeVisible();
    await section.scrollIntoViewIfNeeded();
    await settled(page);
    await pageShot(page, testInfo, 'two-step-sms-01-policy');
  });

  const session = await memberContext(browser, testInfo, server.url, password);
  const memberPage = session.page;
  const card = memberPage.getByTestId('sms-card');
  const addDialog = memberPage.getByRole('dialog', { name: tr('twoStep.sms.addTitle') });
  let recoveryCodes: string[] = [];

  await test.step('the member verifies a mobile number (code by SMS)', async () => {
    const before = sms.messages.length;
    const added = await apiRequest<{ id: string }>(server.url, 'POST', '/api/account/recovery/channels', {
      cookieHeader: session.cookieHeader,
      body: { kind: 'phone', role: 'backup', address: mobile },
    });
    const { code } = await nextCode(sms, before);
    await apiRequest(server.url, 'POST', `/api/account/recovery/channels/${added.body.id}/verify`, {
      cookieHeader: session.cookieHeader,
      body: { code },
    });
  });

  await test.step('the SMS card says plainly why it is the weakest way, and offers the verified number', async () => {
    await memberPage.goto(`${server.url}/settings/two-step`);
    await expect(card).toContainText(tr('twoStep.sms.none'));
    await expect(card.getByTestId('sms-risk')).toContainText(tr('twoStep.sms.riskText'));
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-sms-02-card');
    await card.getByTestId('sms-add').click();
    await expect(addDialog.getByTestId('sms-number-option')).toContainText(masked);
    await expect(addDialog.getByRole('radio')).toBeChecked();
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-sms-03-choose-number');
  });

  await test.step('a code is texted to it; entering it turns SMS codes on and shows the recovery codes once', async () => {
    const before = sms.messages.length;
    await addDialog.getByRole('button', { name: tr('twoStep.sms.sendCode'), exact: true }).click();
    const { text, code } = await nextCode(sms, before);
    expect(text).toContain('Lakeside Optics');
    await expect(addDialog.getByTestId('sms-sent')).toContainText(tr('twoStep.sms.sentTo', { number: masked }));
    await expect(addDialog.getByTestId('sms-resend')).toBeDisabled();
    const field = addDialog.getByLabel(tr('twoStep.sms.confirmLabel'), { exact: true });
    await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
    await field.fill(code);
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-sms-04-code');
    await addDialog.getByRole('button', { name: tr('twoStep.sms.confirm'), exact: true }).click();
    recoveryCodes = await saveShownRecoveryCodes(memberPage, testInfo, addDialog);
    await addDialog.getByRole('button', { name: tr('twoStep.codes.done'), exact: true }).click();
    await expect(memberPage.getByTestId('two-step-status')).toContainText(tr('twoStep.status.on'));
    await expect(memberPage.getByTestId('sms-factor-name')).toHaveText(masked);
    await memberPage.mouse.move(0, 0);
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-sms-05-on');
  });

  const step = memberPage.getByTestId('sign-in-second-step');
  await test.step('signing in: "Text me a code", a wrong code is refused, the texted one signs in', async () => {
    await signOutFromMenu(memberPage, testInfo);
    expect(await submitLogin(memberPage, testInfo, member.email, password)).toBe(200);
    await expect(step).toContainText(tr('twoStep.signIn.smsIntro'));
    await expect(step.getByRole('button', { name: tr('twoStep.signIn.useRecoveryCode') })).toBeVisible();
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-sms-06-second-step');
    const before = sms.messages.length;
    await step.getByTestId('sms-send').click();
    const { code } = await nextCode(sms, before);
    await expect(step.getByTestId('sms-sent')).toContainText(tr('twoStep.sms.sentTo', { number: masked }));
    const field = step.getByLabel(tr('twoStep.code.smsLabel'), { exact: true });
    await expect(field).toBeFocused();
    await field.fill(String((Number(code) + 1) % 1_000_000).padStart(code.length, '0'));
    await step.getByRole('button', { name: tr('twoStep.signIn.submit'), exact: true }).click();
    await expect(step.locator('.ant-form-item-explain-error')).toHaveText(tr('twoStep.sms.codeInvalid'));
    await memberPage.mouse.move(0, 0);
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-sms-07-wrong-code');
    await field.fill(code);
    await step.getByRole('button', { name: tr('twoStep.signIn.submit'), exact: true }).click();
    await expect(memberPage.getByTestId('org-name')).toHaveText(owner.orgName);
  });

  await test.step('"confirm it\'s you" offers a texted code; past the SMS cap it says so, a recovery code works', async () => {
    await memberPage.goto(`${server.url}/settings/two-step`);
    await waitUntilStepUpExpires(memberPage, server.url, STEP_UP_SECONDS);
    await removeFactor(memberPage, lang, memberPage.getByTestId('sms-factor'));
    const stepUp = memberPage.getByRole('dialog', { name: tr('stepUp.title') });
    await expect(stepUp.getByTestId('sms-send')).toBeVisible();
    await stepUp.getByLabel(tr('stepUp.password'), { exact: true }).fill(password);
    // Three texts to this number this hour (verification, enrolment, sign-in): the toll-fraud cap holds the fourth.
    await stepUp.getByTestId('sms-send').click();
    await expect(stepUp.getByTestId('sms-send-error')).toHaveText(serverText(lang, 'errors.sms_limit_reached'));
    await memberPage.mouse.move(0, 0);
    await settled(memberPage);
    await pageShot(memberPage, testInfo, 'two-step-sms-08-step-up-capped');
    await stepUp.getByRole('button', { name: tr('twoStep.signIn.useRecoveryCode'), exact: true }).click();
    await stepUp.getByLabel(tr('twoStep.code.recoveryLabel'), { exact: true }).fill(recoveryCodes[0] ?? '');
    await stepUp.getByRole('button', { name: tr('stepUp.confirm'), exact: true }).click();
    await expect(stepUp).toBeHidden();
    await expect(card).toContainText(tr('twoStep.sms.none'));
    await expect(memberPage.getByTestId('two-step-status')).toContainText(tr('twoStep.status.off'));
  });
  await session.context.close();
});
