// Security questions as a supplement: the org enables them, the user sets three, and the reset then needs the
// answers next to the mailed link (never instead of it). Answers ignore case, width, spaces and punctuation.
import { pageAlert, serverText } from './support/auth-ui.ts';
import { apiRequest, expect, projectLocale, shot, t, test, useServer } from './support/fixtures.ts';
import {
  linkIn,
  loginStatus,
  requestResetMail,
  setNewPassword,
  setupOrgWithVerifiedEmail,
} from './support/recovery-ui.ts';

const server = useServer();

const owner = {
  orgName: 'Lotus Garden Hotels',
  name: 'Sun Li',
  email: 'sun.li@lotusgarden.example',
  password: 'walnut harbour cinder 6617 lupine',
};
const newPassword = 'copper violet glacier 4482 wren';

interface PolicyResponse {
  policy: { recovery: Record<string, unknown> } & Record<string, unknown>;
}

const questions = {
  en: [
    { questionKey: 'firstPet', answer: 'Mister Whiskers' },
    { customQuestion: 'Which city did we move to in 2009?', answer: 'Hangzhou' },
    { customQuestion: 'What was the name of my first bicycle?', answer: 'Red Rocket' },
  ],
  'zh-CN': [
    { questionKey: 'firstPet', answer: '小白' },
    { customQuestion: '2009 年我们搬去了哪个城市？', answer: '杭州' },
    { customQuestion: '我的第一辆自行车叫什么名字？', answer: 'Red Rocket' },
  ],
} as const;
// The same answers as typed on another day: other case, full-width letters, extra spaces and punctuation.
const typedAnswers = {
  en: ['mister  whiskers!', 'HANGZHOU', 'red-rocket.'],
  'zh-CN': ['小白。', ' 杭州 ', 'ＲＥＤ　ｒｏｃｋｅｔ！'],
} as const;

test('security questions: the reset asks for the answers, refuses wrong ones and accepts variants', async ({
  page,
}, testInfo) => {
  const lang = projectLocale(testInfo);
  const setup = await setupOrgWithVerifiedEmail(server(), owner, lang);
  const session = { cookieHeader: setup.cookieHeader };

  await test.step('the organisation enables security questions and the owner sets three', async () => {
    const current = await apiRequest<PolicyResponse>(server().url, 'GET', '/api/security-policy', session);
    const policy = { ...current.body.policy, recovery: { ...current.body.policy.recovery, securityQuestions: true } };
    await apiRequest(server().url, 'PUT', '/api/security-policy', { ...session, body: { policy } });
    await apiRequest(server().url, 'PUT', '/api/account/recovery/security-questions', {
      ...session,
      body: { questions: questions[lang] },
    });
  });

  await page.goto(`${server().url}/forgot`);
  const mail = await requestResetMail(server(), page, testInfo, owner.email, owner.orgName);
  const section = page.getByTestId('security-questions');
  const answerFields = section.getByRole('textbox');

  await test.step('the link shows the three questions above the new password', async () => {
    await page.goto(linkIn(mail.text, '/reset#token='));
    await expect(section.getByText(t(lang, 'reset.questions.title'), { exact: true })).toBeVisible();
    await expect(answerFields).toHaveCount(3);
    await expect(section.getByText(questions[lang][1].customQuestion, { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-questions-01-form');
  });

  await test.step('a wrong answer is refused and nothing changes', async () => {
    await answerFields.nth(0).fill(typedAnswers[lang][0]);
    await answerFields.nth(1).fill('Shanghai');
    await answerFields.nth(2).fill(typedAnswers[lang][2]);
    await page.getByLabel(t(lang, 'password.new'), { exact: true }).fill(newPassword);
    await page.getByLabel(t(lang, 'password.confirm'), { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: t(lang, 'reset.submit'), exact: true }).click();
    await expect(pageAlert(page)).toContainText(serverText(lang, 'errors.security_answers_incorrect'));
    await expect(answerFields.nth(1)).toHaveValue('');
    await shot(page, testInfo, 'recovery-questions-02-wrong-answer');
    expect(await loginStatus(server().url, owner.email, newPassword)).toBe(401);
  });

  await test.step('the right answers, typed differently, complete the reset', async () => {
    for (const [index, answer] of typedAnswers[lang].entries()) {
      await answerFields.nth(index).fill(answer);
    }
    await setNewPassword(page, testInfo, newPassword, owner.orgName);
    await shot(page, testInfo, 'recovery-questions-03-signed-in');
  });
});
