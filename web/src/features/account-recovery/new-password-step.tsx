import { QuestionCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { FormErrorAlert } from '../../components/form-errors';
import { HiddenUsernameField, NewPasswordFields } from '../../components/new-password-fields';
import { useProblemText } from '../../components/strength-meter';
import { isPasswordRejection, showPasswordRejection } from '../auth/password-errors';
import { storeSession } from '../auth/session-queries';
import type { LinkProblem, SecurityAnswer, ValidResetInspection } from './recovery-api';
import { tokenProblemOf } from './recovery-api';

interface NewPasswordStepProps {
  token: string;
  inspection: ValidResetInspection;
  /** The address typed on /forgot (code path), for password managers; unknown on the link path. */
  identifier: string | null;
  onLinkProblem: (problem: LinkProblem) => void;
  /** The server wants a second proof after all: inspect again to show that stage. */
  onInspectAgain: () => void;
}

interface ResetValues {
  answers?: Record<string, string>;
  newPassword: string;
  newPasswordConfirm: string;
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
}: NewPasswordStepProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const questions = inspection.securityQuestions ?? [];

  const reset = useMutation({
    mutationFn: (values: ResetValues) => {
      const answers: SecurityAnswer[] = questions.map((question) => ({
        position: question.position,
        answer: values.answers?.[String(question.position)] ?? '',
      }));
      return api.post<Me>('/auth/password/reset', {
        token,
        newPassword: values.newPassword,
        ...(answers.length > 0 ? { answers } : {}),
      });
    },
    meta: { skipAuthRedirect: true },
    onSuccess: (me) => {
      // Whatever this browser cached belonged to the sessions the reset has just ended (maybe another user's).
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'reset-inspect' });
      storeSession(queryClient, me);
      void message.success(t('reset.done'));
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      const problem = tokenProblemOf(error);
      if (problem) {
        onLinkProblem(problem);
      } else if (isApiError(error) && error.code === 'second_proof_required') {
        onInspectAgain();
      } else if (isAnswerError(error)) {
        form.setFields(
          questions.map((question) => ({ name: ['answers', String(question.position)], value: '', errors: [] })),
        );
      } else {
        showPasswordRejection(form, error, 'newPassword', problemText);
      }
    },
  });

  // Field-level problems show on their fields, wrong answers above the questions; the banner is for the rest.
  const answerError = isAnswerError(reset.error) ? reset.error : null;
  const bannerError = reset.error && !isPasswordRejection(reset.error) && !answerError ? reset.error : null;

  return (
    <Form<ResetValues>
      form={form}
      name="reset-password"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => reset.mutate(values)}
    >
      {identifier ? <HiddenUsernameField value={identifier} /> : null}
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
      <FormErrorAlert error={bannerError} />
      <Button type="primary" htmlType="submit" size="large" block loading={reset.isPending}>
        {t('reset.submit')}
      </Button>
    </Form>
  );
}
