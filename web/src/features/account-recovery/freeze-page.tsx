import { CheckCircleOutlined, LockOutlined, LogoutOutlined, SafetyOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Result, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { meQueryKey } from '../auth/session-queries';
import { LinkProblemNotice } from './link-problem';
import type { TokenInspection } from './recovery-api';
import { linkProblemOf, tokenProblemOf } from './recovery-api';
import { useFragmentToken } from './use-fragment-token';

function Consequence({ icon, text }: { icon: ReactNode; text: string }) {
  return (
    <Flex gap={12} align="flex-start">
      <span style={{ fontSize: 16, marginTop: 2 }}>{icon}</span>
      <Typography.Text>{text}</Typography.Text>
    </Flex>
  );
}

/** "This wasn't me" from the password-reset notice: freeze the account and alert the admins. */
export function FreezePage() {
  const token = useFragmentToken();
  // A new link opened in the same tab starts over.
  return <FreezeFlow key={token ?? ''} token={token} />;
}

function FreezeFlow({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  // Only inspects: a mail scanner opening the link must not freeze the account.
  const inspection = useQuery({
    queryKey: ['freeze-inspect', token],
    queryFn: () => api.post<TokenInspection>('/auth/freeze/inspect', { token }),
    enabled: token !== null,
    meta: { skipAuthRedirect: true },
  });
  const freeze = useMutation({
    mutationFn: () => api.post<{ frozen: boolean }>('/auth/freeze', { token }),
    meta: { skipAuthRedirect: true },
    // Every session of the account ended, including one this browser may have had.
    onSuccess: () => queryClient.setQueryData(meQueryKey, null),
  });

  if (freeze.isSuccess) {
    return (
      <AuthLayout title={t('freeze.title')}>
        <Result
          status="success"
          title={t('freeze.doneTitle')}
          subTitle={t('freeze.doneText')}
          style={{ padding: '8px 0 16px' }}
        />
        <Typography.Paragraph type="secondary">{t('freeze.doneNext')}</Typography.Paragraph>
        <Link to="/login">
          <Button size="large" block>
            {t('common.backToSignIn')}
          </Button>
        </Link>
      </AuthLayout>
    );
  }

  const freezeProblem = tokenProblemOf(freeze.error);
  const data = inspection.data;
  if (token === null || freezeProblem !== null || (data && !data.valid)) {
    const problem = token === null ? null : (freezeProblem ?? linkProblemOf(data?.reason));
    return (
      <AuthLayout title={t('freeze.title')}>
        <LinkProblemNotice namespace="freeze" problem={problem} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('freeze.title')} subtitle={t('freeze.subtitle')}>
      {inspection.isPending ? <Skeleton active paragraph={{ rows: 4 }} /> : null}
      {inspection.isError ? <Alert type="error" showIcon role="alert" title={inspection.error.message} /> : null}
      {data?.valid ? (
        <>
          <Typography.Paragraph strong>{t('freeze.whatHappens')}</Typography.Paragraph>
          <Flex vertical gap={12} style={{ marginBottom: 20 }}>
            <Consequence icon={<LogoutOutlined />} text={t('freeze.effectSessions')} />
            <Consequence icon={<LockOutlined />} text={t('freeze.effectPassword')} />
            <Consequence icon={<SafetyOutlined />} text={t('freeze.effectFactors')} />
            <Consequence icon={<TeamOutlined />} text={t('freeze.effectAdmins')} />
            <Consequence icon={<CheckCircleOutlined />} text={t('freeze.effectAfter')} />
          </Flex>
          {freeze.error ? (
            <Alert type="error" showIcon role="alert" title={freeze.error.message} style={{ marginBottom: 16 }} />
          ) : null}
          <Button type="primary" danger size="large" block loading={freeze.isPending} onClick={() => freeze.mutate()}>
            {t('freeze.submit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 16, marginBottom: 0 }}>
            {t('freeze.wasMe')}
          </Typography.Paragraph>
        </>
      ) : null}
    </AuthLayout>
  );
}
