import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../features/auth/session-queries';
import { FullPageSpinner } from './root-layout';

/** Renders the signed-in app only with a session; otherwise goes to /login and comes back afterwards. */
export function RequireAuth() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  if (session.isPending) {
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
  return <Outlet />;
}
