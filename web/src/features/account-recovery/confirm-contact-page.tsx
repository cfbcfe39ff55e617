import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { AddressBox } from './address-box';
import { LinkProblemNotice } from './link-problem';
import { linkProblemOf, tokenProblemOf } from './recovery-api';
import { useFragmentToken } from './use-fragment-token';

type ContactInspection =
  { valid: true; kind: 'email' | 'phone'; address: string; email: string } | { valid: false; reason: string };

interface ContactConfirmed {
  kind: 'email' | 'phone';
  address: string;
  email: string;
}

/** The link an admin's "replace lost e-mail / mobile" sends to the new address: opening it proves the address. */
export function ConfirmContactPage() {
  const token = useFragmentToken();
  return <ConfirmContactFlow key={token ?? ''} token={token} />;
}

function ConfirmContactFlow({ token }: { token: string | null }) {
  const { t } = useTranslation();
  // Only inspects: a mail scanner opening the link must not confirm the address.
  const inspection = useQuery({
    queryKey: ['contact-confirmation', token],
    queryFn: () => api.get<ContactInspection>(`/contact-confirmations/${encodeURIComponent(token ?? '')}`),
    enabled: token !== null,
    meta: { skipAuthRedirect: true },
  });
  const confirm = useMutation({
    mutationFn: () => api.post<ContactConfirmed>('/contact-confirmations/confirm', { token }),
    meta: { skipAuthRedirect: true },
  });
  const data = inspection.data;
  const isPhone = (confirm.data?.kind ?? (data?.valid ? data.kind : undefined)) === 'phone';
  const title = t(isPhone ? 'confirmContact.titlePhone' : 'confirmContact.title');

  if (confirm.isSuccess) {
    return (
      <AuthLayout title={title}>
        <Result
          status="success"
          title={t('confirmContact.doneTitle')}
          subTitle={t(isPhone ? 'confirmContact.doneTextPhone' : 'confirmContact.doneText', {
            address: confirm.data.address,
          })}
          style={{ padding: '8px 0 16px' }}
        />
        <Link to="/login" state={{ identifier: confirm.data.email, notice: 'confirmContact.signInNotice' }}>
          <Button type="primary" size="large" block>
            {t('confirmContact.signIn')}
          </Button>
        </Link>
      </AuthLayout>
    );
  }

  const confirmProblem = tokenProblemOf(confirm.error);
  if (token === null || confirmProblem !== null || (data && !data.valid)) {
    const problem =
      token === null ? null : (confirmProblem ?? linkProblemOf(data && !data.valid ? data.reason : undefined));
    return (
      <AuthLayout title={title}>
        <LinkProblemNotice namespace="confirmContact" problem={problem} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={title} subtitle={t('confirmContact.subtitle')}>
      {inspection.isPending ? <Skeleton active paragraph={{ rows: 3 }} /> : null}
      {inspection.isError ? <Alert type="error" showIcon role="alert" title={inspection.error.message} /> : null}
      {data?.valid ? (
        <>
          <AddressBox
            label={t(data.kind === 'phone' ? 'confirmContact.newPhone' : 'confirmContact.newEmail')}
            address={data.address}
            testId="confirm-contact-address"
          />
          <Typography.Paragraph>
            {t(data.kind === 'phone' ? 'confirmContact.explainPhone' : 'confirmContact.explain', { email: data.email })}
          </Typography.Paragraph>
          {confirm.error ? (
            <Alert type="error" showIcon role="alert" title={confirm.error.message} style={{ marginBottom: 16 }} />
          ) : null}
          <Button type="primary" size="large" block loading={confirm.isPending} onClick={() => confirm.mutate()}>
            {t('confirmContact.submit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 16, marginBottom: 0 }}>
            {t('confirmContact.notMe')}
          </Typography.Paragraph>
        </>
      ) : null}
    </AuthLayout>
  );
}
