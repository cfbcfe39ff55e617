import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { LinkProblemNotice } from './link-problem';
import { NewPasswordStep } from './new-password-step';
import type { LinkProblem, ResetInspection, ValidResetInspection } from './recovery-api';
import { linkProblemOf } from './recovery-api';
import type { ResetFactorMethod } from './second-factor-options';
import { SecondProofStep } from './second-proof-step';
import { useFragmentToken } from './use-fragment-token';

function identifierFromState(state: unknown): string | null {
  const identifier = (state as { identifier?: unknown } | null)?.identifier;
  return typeof identifier === 'string' && identifier !== '' ? identifier : null;
}

function ResetProgress({ inspection }: { inspection: ValidResetInspection }) {
  const { t } = useTranslation();
  const needsSecondProof = inspection.secondProof.required;
  const items = [
    { key: 'address', title: t('reset.steps.address') },
    ...(needsSecondProof ? [{ key: 'second', title: t('reset.steps.secondProof') }] : []),
    { key: 'password', title: t('reset.steps.password') },
  ];
  // A chosen code factor is only checked with the new password: the second check stays current until then.
  const current = inspection.stage === 'second_proof' ? 1 : items.length - 1;
  return <Steps size="small" current={current} items={items} style={{ marginBottom: 24 }} />;
}

/**
 * /reset#token=… (mailed link) or /reset with a ticket from the code form. Opening it only inspects the token —
 * mail scanners pre-fetch links — and only the final POST that sets the password spends it.
 */
export function ResetPage() {
  const token = useFragmentToken();
  // A new link opened in the same tab starts over.
  return <ResetFlow key={token ?? ''} token={token} />;
}

function ResetFlow({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const [identifier] = useState(() => identifierFromState(location.state));
  const [problem, setProblem] = useState<LinkProblem | null>(null);
  // A factor chosen as the second proof: the password form asks for the code (or the passkey) and sends both together.
  const [factorMethod, setFactorMethod] = useState<ResetFactorMethod | null>(null);

  const inspection = useQuery({
    queryKey: ['reset-inspect', token],
    queryFn: () => api.post<ResetInspection>('/auth/password/reset/inspect', { token }),
    enabled: token !== null && problem === null,
    staleTime: 0,
    meta: { skipAuthRedirect: true },
  });

  const data = inspection.data;
  if (token === null || problem !== null || (data && !data.valid)) {
    const shown = token === null ? null : (problem ?? linkProblemOf(data && !data.valid ? data.reason : undefined));
    return (
      <AuthLayout title={t('reset.title')}>
        <LinkProblemNotice namespace="reset" problem={shown} offerNewLink />
      </AuthLayout>
    );
  }

  if (!data) {
    return (
      <AuthLayout title={t('reset.title')}>
        {inspection.isError ? (
          <Alert type="error" showIcon role="alert" title={inspection.error.message} />
        ) : (
          <Skeleton active paragraph={{ rows: 4 }} />
        )}
      </AuthLayout>
    );
  }

  const onInspectAgain = () => void inspection.refetch();
  const subtitle = (
    <Typography.Text type="secondary" data-testid="reset-account">
      {t('reset.subtitle', { name: data.user.name, orgName: data.orgName })}
    </Typography.Text>
  );
  return (
    <AuthLayout title={t('reset.title')} subtitle={subtitle} wide>
      <ResetProgress inspection={data} />
      {data.stage === 'second_proof' && factorMethod === null ? (
        <SecondProofStep
          token={token}
          inspection={data}
          onVerified={onInspectAgain}
          onLinkProblem={setProblem}
          onChooseFactor={setFactorMethod}
        />
      ) : (
        <NewPasswordStep
          token={token}
          inspection={data}
          identifier={identifier}
          onLinkProblem={setProblem}
          onInspectAgain={onInspectAgain}
          {...(data.stage === 'second_proof' && factorMethod !== null
            ? {
                secondFactor: {
                  method: factorMethod,
                  onSwitch: setFactorMethod,
                  onBack: () => setFactorMethod(null),
                },
              }
            : {})}
        />
      )}
    </AuthLayout>
  );
}
