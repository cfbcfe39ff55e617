import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { meQueryKey } from '../auth/session-queries';
import { AddressBox } from './address-box';
import { LinkProblemNotice } from './link-problem';
import type { RevertInspection } from './recovery-api';
import { linkProblemOf, tokenProblemOf } from './recovery-api';
import { useFragmentToken } from './use-fragment-token';

/** The revert link mailed to the old address after a sign-in e-mail change (account-takeover defence). */
export function RevertPage() {
  const token = useFragmentToken();
  // A new link opened in the same tab starts over.
  return <RevertFlow key={token ?? ''} token={token} />;
}

function RevertFlow({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  // Only inspects: a mail scanner opening the link must not undo the change.
  const inspection = useQuery({
    queryKey: ['revert-inspect', token],
    queryFn: () => api.post<RevertInspection>('/auth/email/revert/inspect', { token }),
    enabled: token !== null,
    meta: { skipAuthRedirect: true },
  });
  const revert = useMutation({
    mutationFn: () =>
      api.post<{ reverted: boolean; kind?: 'email' | 'phone'; email: string }>('/auth/email/revert', { token }),
    meta: { skipAuthRedirect: true },
    // The revert ends every session of the account.
    onSuccess: () => queryClient.setQueryData(meQueryKey, null),
  });

  // The same link undoes a change of the mobile number.
  const isPhone = (revert.data?.kind ?? inspection.data?.kind) === 'phone';
  const title = t(isPhone ? 'revert.titlePhone' : 'revert.title');

  if (revert.isSuccess) {
    return (
      <AuthLayout title={title}>
        <Result
          status="success"
          title={t('revert.doneTitle')}
          subTitle={isPhone ? t('revert.doneTextPhone') : t('revert.doneText', { email: revert.data.email })}
          style={{ padding: '8px 0 16px' }}
        />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
          {t('revert.doneNext')}
        </Typography.Paragraph>
        <Flex vertical gap={12}>
          <Link to="/forgot">
            <Button type="primary" size="large" block>
              {t('revert.resetPassword')}
            </Button>
          </Link>
          <Link to="/login">
            <Button size="large" block>
              {t('common.backToSignIn')}
            </Button>
          </Link>
        </Flex>
      </AuthLayout>
    );
  }

  const revertProblem = tokenProblemOf(revert.error);
  const data = inspection.data;
  if (token === null || revertProblem !== null || (data && !data.valid)) {
    const problem = token === null ? null : (revertProblem ?? linkProblemOf(data?.reason));
    return (
      <AuthLayout title={title}>
        <LinkProblemNotice namespace="revert" problem={problem} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={title} subtitle={t(isPhone ? 'revert.subtitlePhone' : 'revert.subtitle')}>
      {inspection.isPending ? <Skeleton active paragraph={{ rows: 3 }} /> : null}
      {inspection.isError ? <Alert type="error" showIcon role="alert" title={inspection.error.message} /> : null}
      {data?.valid ? (
        <>
          {data.email && !isPhone ? (
            <AddressBox label={t('revert.restoredEmail')} address={data.email} testId="revert-email" />
          ) : null}
          <Typography.Paragraph>{t(isPhone ? 'revert.explainPhone' : 'revert.explain')}</Typography.Paragraph>
          {revert.error ? (
            <Alert type="error" showIcon role="alert" title={revert.error.message} style={{ marginBottom: 16 }} />
          ) : null}
          <Button type="primary" danger size="large" block loading={revert.isPending} onClick={() => revert.mutate()}>
            {t('revert.submit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 16, marginBottom: 0 }}>
            {t('revert.wasMe')}
          </Typography.Paragraph>
        </>
      ) : null}
    </AuthLayout>
  );
}
