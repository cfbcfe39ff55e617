import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { readHashToken } from '../../components/hash-token';

/**
 * The token of a mailed link (`/reset#token=…`) or one handed over in history state (the code path).
 * The fragment is dropped from the address bar at once — it never reaches a server, but it would stay in the
 * history, in screenshots and in whatever the user copies from the address bar. The token moves into the
 * history entry's state instead, so reloading the page still works. A new link opened in the same tab (only the
 * fragment changes, the page is not reloaded) replaces the token.
 */
export function useFragmentToken(): string | null {
  const location = useLocation();
  const navigate = useNavigate();
  const state = (location.state ?? {}) as Record<string, unknown>;
  const fromHash = readHashToken(location.hash);
  const fromState = typeof state.token === 'string' && state.token !== '' ? state.token : null;

  useEffect(() => {
    if (fromHash !== null) {
      void navigate(
        { pathname: location.pathname, search: location.search },
        { replace: true, state: { token: fromHash } },
      );
    }
  }, [fromHash, location.pathname, location.search, navigate]);

  return fromHash ?? fromState;
}
