import { ArrowLeftOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { WebAuthnAbortService, startAuthentication, type AuthenticationResponseJSON } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Flex, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { FormErrorAlert } from '../../components/form-errors';
import { HiddenUsernameField, NewPasswordFields } from '../../components/new-password-fields';
import { useProblemText } from '../../components/strength-meter';
import { isPasswordRejection, showPasswordRejection } from '../auth/password-errors';
import { storeSession } from '../auth/session-queries';
import { FactorCodeField } from '../two-step/factor-code-field';
import { passkeyApi, passkeyErrorText, passkeyProblemOf } from '../two-step/passkey-api';
import { PasskeyProblemAlert } from '../two-step/passkey-problem-alert';
import { PasskeyIcon } from '../two-step/passkey-icon';
import { normalizeRecoveryCode } from '../two-step/two-step-api';
import type { LinkProblem, SecurityAnswer, ValidResetInspection } from './recovery-api';
import { tokenProblemOf } from './recovery-api';
import type { ResetCodeMethod, ResetFactorMethod } from './second-factor-options';

interface NewPasswordStepProps {
  token: string;
  inspection: ValidResetInspection;
  /** The address typed on /forgot (code path), for password managers; unknown on the link path. */
  identifier: string | null;
  onLinkProblem: (problem: LinkProblem) => void;
  /** The server wants a second proof after all: inspect again to show that stage. */
  onInspectAgain: () => void;
  /** The second proof is a factor sent with the new password: a code typed last, or a passkey asked for on submit. */
  secondFactor?: {
    method: ResetFactorMethod;
    onSwitch: (method: ResetFactorMethod) => void;
    onBack: () => void;
  };
}

interface ResetValues {
  answers?: Record<string, string>;
  newPassword: string;
  newPasswordConfirm: string;
  factorCode?: string;
}

function isFactorCodeError(error: unknown): boolean {
  return isApiError(error) && error.code === 'mfa_code_invalid';
}

type SecondFactorAnswer =
  { method: 'passkey'; response: AuthenticationResponseJSON } | { method: ResetCodeMethod; code: string };

/** The second proof sent with the new password; a passkey is asked for now, so its answer is fresh. */
async function answerSecondFactor(token: string, method: ResetFactorMethod, code = ''): Promise<SecondFactorAnswer> {
  if (method === 'passkey') {
    const { options } = await passkeyApi.resetOptions(token);
    return { method, response: await startAuthentication({ optionsJSON: options }) };
  }
  return { method, code: method === 'recovery_code' ? normalizeRecoveryCode(code) : code };
}

function isAnswerError(error: unknown): boolean {
  return (
    isApiError(error) && (error.code === 'security_answers_incorrect' || error.code === 'security_answers_required')
  );
}

/** Security questions (when the org and the user set them) and the new password; submitting signs the user in. */
export function NewPasswordStep({
  token,
  inspection,
  identifier,
  onLinkProblem,
  onInspectAgain,
  secondFactor,
}: NewPasswordStepProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const questions = inspection.securityQuestions ?? [];
  const usesPasskey = secondFactor?.method === 'passkey';
  useEffect(() => () => WebAuthnAbortService.cancelCeremony(), []);

  const reset = useMutation({
    mutationFn: async (values: ResetValues) => {
      const answers: SecurityAnswer[] = questions.map((question) => ({
        position: question.position,
        answer: values.answers?.[String(question.position)] ?? '',
      }));
      const factor = secondFactor ? await answerSecondFactor(token, secondFactor.method, values.factorCode) : null;
      return api.post<Me>('/auth/password/reset', {
        token,
        newPassword: values.newPassword,
        ...(answers.length > 0 ? { answers } : {}),
        ...(factor ? { secondFactor: factor } : {}),
      });
    },
    meta: { skipAuthRedirect: true },
    onSuccess: (me) => {
      // Whatever this browser cached belonged to the sessions the reset has just ended (maybe another user's).
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'reset-inspect' });
      storeSession(queryClient, me);
      void message.success(t('reset.done'));
      // Back in without the two-step device: straight to adding a new one (it takes effect after the org's delay).
      if (me.session.lostFactorRecovery) void navigate('/settings/two-step', { replace: true });
      else void navigate('/', { replace: true });
    },
    onError: (error) => {
      const problem = tokenProblemOf(error);
      if (problem) {
        onLinkProblem(problem);
      } else if (isFactorCodeError(error) && !usesPasskey) {
        form.setFields([{ name: 'factorCode', value: '', errors: [error.message] }]);
      } else if (isApiError(error) && error.code === 'second_proof_required') {
        onInspectAgain();
      } else if (isAnswerError(error)) {
        form.setFields(
          questions.map((question) => ({ name: ['answers', String(question.position)], value: '', errors: [] })),
        );
      } else if (passkeyProblemOf(error) === null) {
        showPasswordRejection(form, error, 'newPassword', problemText);
      }
    },
  });

  // Field-level problems show on their fields, wrong answers above the questions; the banner is for the rest.
  const answerError = isAnswerError(reset.error) ? reset.error : null;
  // A passkey's problems (a closed prompt, a refused passkey) have their own notice above the button.
  const passkeyError =
    usesPasskey && reset.error && (passkeyProblemOf(reset.error) !== null || isFactorCodeError(reset.error))
      ? reset.error
      : null;
  const passkeyText = passkeyError ? passkeyErrorText(passkeyError, t) : null;
  const bannerError =
    reset.error && !passkeyError && !isPasswordRejection(reset.error) && !answerError && !isFactorCodeError(reset.error)
      ? reset.error
      : null;
  const otherFactor = secondFactor
    ? (['totp', 'recovery_code'] as const).find(
        (method) => method !== secondFactor.method && inspection.secondProof.methods.includes(method),
      )
    : undefined;

  return (
    <Form<ResetValues>
      form={form}
      name="reset-password"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => reset.mutate(values)}
    >
      {identifier ? <HiddenUsernameField value={identifier} /> : null}
      {secondFactor ? (
        <Typography.Paragraph>
          {usesPasskey ? t('passkeys.reset.passwordThenPasskey') : t('twoStep.reset.passwordThenCode')}
        </Typography.Paragraph>
      ) : null}
      {questions.length > 0 ? (
        <section data-testid="security-questions">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            <QuestionCircleOutlined style={{ marginInlineEnd: 8 }} />
            {t('reset.questions.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('reset.questions.hint')}</Typography.Paragraph>
          <FormErrorAlert error={answerError} />
          {questions.map((question, index) => (
            <Form.Item
              key={question.position}
              label={question.question}
              name={['answers', String(question.position)]}
              htmlFor={`reset-answer-${question.position}`}
              rules={[{ required: true, whitespace: true, message: t('reset.questions.required') }]}
            >
              <Input
                id={`reset-answer-${question.position}`}
                autoComplete="off"
                spellCheck={false}
                autoFocus={index === 0}
              />
            </Form.Item>
          ))}
          <Divider style={{ margin: '8px 0 20px' }} />
        </section>
      ) : null}
      <NewPasswordFields
        idPrefix="reset"
        name="newPassword"
        context={{
          name: inspection.user.name,
          orgName: inspection.orgName,
          ...(identifier?.includes('@') ? { email: identifier } : {}),
        }}
        offerSuggestion
      />
      {secondFactor && secondFactor.method !== 'passkey' ? (
        <section data-testid="reset-factor-code">
          <Divider style={{ margin: '4px 0 20px' }} />
          <FactorCodeField
            key={secondFactor.method}
            id="reset-factor-code"
            name="factorCode"
            method={secondFactor.method}
            label={secondFactor.method === 'totp' ? t('twoStep.reset.totpLabel') : t('twoStep.reset.recoveryLabel')}
          />
        </section>
      ) : null}
      <FormErrorAlert error={bannerError} />
      <PasskeyProblemAlert error={passkeyError} text={passkeyText} />
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={reset.isPending}
        {...(usesPasskey ? { icon: <PasskeyIcon /> } : {})}
      >
        {usesPasskey ? t('passkeys.reset.submit') : t('reset.submit')}
      </Button>
      {secondFactor ? (
        <Flex vertical align="center" style={{ marginTop: 12 }}>
          {otherFactor ? (
            <Button type="link" onClick={() => secondFactor.onSwitch(otherFactor)}>
              {otherFactor === 'totp' ? t('twoStep.signIn.useTotp') : t('twoStep.signIn.useRecoveryCode')}
            </Button>
          ) : null}
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={secondFactor.onBack}>
            {t('twoStep.reset.otherWays')}
          </Button>
        </Flex>
      ) : null}
    </Form>
  );
}
