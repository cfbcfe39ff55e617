import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { meQueryKey, useMe } from '../auth/session-queries';
import { TWO_STEP_PATH, enrolmentDeadline } from './two-step-api';

export function isEnrolmentRequiredError(error: unknown): boolean {
  return isApiError(error) && error.status === 403 && error.code === 'mfa_enrollment_required';
}

/**
 * When any call answers 403 mfa_enrollment_required (the grace period ended while the app was open), read the
 * session again: it then says enrolment is overdue and RequireAuth walks the user to the two-step page.
 */
function useEnrolmentRequiredWatch(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = (error: unknown) => {
      if (isEnrolmentRequiredError(error)) {
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
      }
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') {
        refresh(event.action.error);
      }
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') {
        refresh(event.action.error);
      }
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient]);
}

/**
 * Banners above every page: the deadline to set up two-step verification while the grace period runs, and a nudge
 * to replace the missing device after a sign-in with a recovery code.
 */
export function TwoStepBanner() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  useEnrolmentRequiredWatch();
  if (location.pathname === TWO_STEP_PATH) {
    return null;
  }
  const deadline = enrolmentDeadline(me);
  const suggested = me.twoStep?.setupSuggested === true;
  if (deadline === null && !suggested) {
    return null;
  }
  return (
    <Alert
      type={deadline === null ? 'info' : 'warning'}
      showIcon
      banner
      role="status"
      data-testid="two-step-banner"
      title={
        deadline === null
          ? t('twoStep.afterRecoveryCode.banner')
          : t('twoStep.enforce.banner', { time: formatDateTime(deadline) })
      }
      action={
        <Button size="small" type="primary" onClick={() => void navigate(TWO_STEP_PATH)}>
          {t('twoStep.enforce.bannerAction')}
        </Button>
      }
      style={{ paddingInline: 32 }}
    />
  );
}
