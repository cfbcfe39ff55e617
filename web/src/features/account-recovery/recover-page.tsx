import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { AccountSummary } from '../../components/account-summary';
import { AuthLayout } from '../../components/auth-layout';
import { FormErrorAlert } from '../../components/form-errors';
import { HiddenUsernameField, NewPasswordFields } from '../../components/new-password-fields';
import { useProblemText } from '../../components/strength-meter';
import { isPasswordRejection, showPasswordRejection } from '../auth/password-errors';
import { storeSession } from '../auth/session-queries';
import { LinkProblemNotice } from './link-problem';
import { linkProblemOf, tokenProblemOf, type LinkProblem } from './recovery-api';
import { useFragmentToken } from './use-fragment-token';

/** GET /api/recovery-links/:token — opening the link only looks at it; choosing the password spends it. */
interface RecoveryLinkInspection {
  valid: boolean;
  reason?: string;
  /** `break_glass`: issued from the server console (`clientele admin recover`), not by an admin in the app. */
  kind?: 'assisted' | 'break_glass';
  email?: string;
  name?: string;
  orgName?: string;
  /** Two-step verification was reset with the link: the app asks to set it up again after signing in. */
  twoStepReset?: boolean;
}

/** The member still has a second factor: the link replaced the password only, and they sign in normally. */
type RedeemResult = Me | { signedIn: false; email: string };

interface RecoverValues {
  password: string;
  passwordConfirm: string;
}

/**
 * /recover#token=… — a one-time link from an administrator (assisted recovery, reactivation) or from the server
 * console (break-glass). The member chooses their own password here; nobody else ever sees it.
 */
export function RecoverPage() {
  const token = useFragmentToken();
  // A new link opened in the same tab starts over.
  return <RecoverFlow key={token ?? ''} token={token} />;
}

function RecoverFlow({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecoverValues>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [problem, setProblem] = useState<LinkProblem | null>(null);

  const inspection = useQuery({
    queryKey: ['recovery-link', token],
    queryFn: () => api.get<RecoveryLinkInspection>(`/recovery-links/${encodeURIComponent(token ?? '')}`),
    enabled: token !== null && problem === null,
    staleTime: 0,
    retry: false,
    meta: { skipAuthRedirect: true },
  });
  const redeem = useMutation({
    mutationFn: (values: RecoverValues) =>
      api.post<RedeemResult>('/recovery-links/redeem', { token, password: values.password }),
    meta: { skipAuthRedirect: true },
    onSuccess: (result) => {
      if ('signedIn' in result) {
        void navigate('/login', { replace: true, state: { identifier: result.email, notice: 'recover.doneSignIn' } });
        return;
      }
      // Whatever this browser cached belonged to sessions the new password has just ended.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'recovery-link' });
      storeSession(queryClient, result);
      void message.success(t('recover.done'));
      // After a two-step reset the app's enrolment gate takes over from here.
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      const linkProblem = tokenProblemOf(error);
      if (linkProblem) {
        setProblem(linkProblem);
      } else {
        showPasswordRejection(form, error, 'password', problemText);
      }
    },
  });

  const data = inspection.data;
  if (token === null || problem !== null || (data && !data.valid)) {
    const shown = token === null ? null : (problem ?? linkProblemOf(data && !data.valid ? data.reason : undefined));
    return (
      <AuthLayout title={t('recover.title')}>
        <LinkProblemNotice namespace="recover" problem={shown} />
      </AuthLayout>
    );
  }
  if (!data) {
    return (
      <AuthLayout title={t('recover.title')}>
        {inspection.isError ? (
          <Alert type="error" showIcon role="alert" title={inspection.error.message} />
        ) : (
          <Skeleton active paragraph={{ rows: 4 }} />
        )}
      </AuthLayout>
    );
  }

  const email = data.email ?? '';
  const name = data.name ?? '';
  const orgName = data.orgName ?? '';
  const bannerError = redeem.error && !isPasswordRejection(redeem.error) ? redeem.error : null;
  return (
    <AuthLayout title={t('recover.title')} subtitle={t('recover.subtitle', { name, orgName })} wide>
      {data.kind === 'break_glass' ? (
        <Alert
          type="error"
          showIcon
          title={t('recover.breakGlassTitle')}
          description={t('recover.breakGlassText')}
          style={{ marginBottom: 16 }}
          data-testid="recover-break-glass"
        />
      ) : null}
      <AccountSummary
        organisationLabel={t('recover.organisation')}
        orgName={orgName}
        accountLabel={t('recover.account')}
        email={email}
        emailTestId="recover-email"
        marginBottom={16}
      />
      <Typography.Paragraph type="secondary">{t('recover.intro')}</Typography.Paragraph>
      {data.twoStepReset ? (
        <Alert type="info" showIcon title={t('recover.twoStepReset')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<RecoverValues>
        form={form}
        name="recover"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => redeem.mutate(values)}
      >
        <HiddenUsernameField value={email} />
        <NewPasswordFields idPrefix="recover" context={{ email, name, orgName }} offerSuggestion />
        <FormErrorAlert error={bannerError} />
        <Button type="primary" htmlType="submit" size="large" block loading={redeem.isPending}>
          {t('recover.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
