import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Me } from '../../api/types';
import { meQueryKey } from '../auth/session-queries';

/**
 * Sign-in, setup and invitation answers carry `recovery: null` (the server computes readiness only for
 * GET /api/auth/session); fetch the session once more so the banner and the required-setup redirect can decide.
 * Returns true while the status is missing.
 */
export function useRecoveryStatus(me: Me | null | undefined): boolean {
  const queryClient = useQueryClient();
  const missing = me !== null && me !== undefined && me.recovery === null;
  useEffect(() => {
    if (missing) {
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    }
  }, [missing, queryClient]);
  return missing;
}
