import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../features/auth/session-queries';
import { RECOVERY_PATH } from '../features/recovery-settings/readiness-banner';
import { useRecoveryStatus } from '../features/recovery-settings/use-recovery-status';
import { TWO_STEP_PATH, isEnrolmentOverdue } from '../features/two-step/two-step-api';
import { FullPageSpinner } from './root-layout';

/** Renders the signed-in app only with a session; otherwise goes to /login and comes back afterwards. */
export function RequireAuth() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const recoveryStatusMissing = useRecoveryStatus(session.data);
  // Right after signing in, wait for the readiness status so a required setup is not skipped past.
  if (session.isPending || (recoveryStatusMissing && session.isFetching)) {
    return <FullPageSpinner />;
  }
  if (session.isError) {
    return (
      <Result
        status="warning"
        title={t('common.serverUnavailable')}
        subTitle={session.error.message}
        extra={<Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!session.data) {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  // An expired password (maximum password age policy) allows nothing but choosing a new one.
  if (session.data.user.passwordExpired && location.pathname !== '/settings/security') {
    return <Navigate to="/settings/security" replace />;
  }
  // Two-step verification is required and the grace period is over: every other API refuses until a factor is set up.
  if (isEnrolmentOverdue(session.data) && !session.data.user.passwordExpired) {
    return location.pathname === TWO_STEP_PATH ? <Outlet /> : <Navigate to={TWO_STEP_PATH} replace />;
  }
  // The organisation (or an admin, for this user) requires ways back before anything else; signing out still works.
  const mustSetUpRecovery = session.data.recovery?.setupRequired === true && !session.data.user.passwordExpired;
  if (mustSetUpRecovery && location.pathname !== RECOVERY_PATH) {
    return <Navigate to={RECOVERY_PATH} replace />;
  }
  return <Outlet />;
}
