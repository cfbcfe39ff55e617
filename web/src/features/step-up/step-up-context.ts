import { createContext, useContext } from 'react';
import type { ComponentType } from 'react';
import { isApiError } from '../../api/client';

/** What a way of proving "it's really me" renders inside the step-up dialog. */
export interface StepUpMethodProps {
  /** Call once the server has accepted the proof (the session is freshly re-authenticated). */
  onConfirmed: () => void;
  /** The method renders its own buttons (a passkey needs one button, a password a field and a button). */
  onCancel: () => void;
}

/**
 * A way to re-authenticate: the password today; the MFA work adds authenticator codes, passkeys and
 * recovery codes by passing more methods to <StepUpProvider methods={…}>.
 */
export interface StepUpMethod {
  key: string;
  /** i18n key of the tab label; only shown when there is more than one method. */
  labelKey: string;
  Form: ComponentType<StepUpMethodProps>;
}

/** Thrown into the waiting action when the user closes the dialog instead of confirming. */
export class StepUpCancelledError extends Error {
  constructor() {
    super('step-up cancelled');
    this.name = 'StepUpCancelledError';
  }
}

export function isStepUpCancelled(error: unknown): boolean {
  return error instanceof StepUpCancelledError;
}

/**
 * The server wants a recent proof of identity before this change: 403 reauthentication_required, or
 * second_factor_required when the recent proof was the password alone and the account now has a second factor.
 */
export function isReauthenticationRequired(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.status === 403 &&
    (error.code === 'reauthentication_required' || error.code === 'second_factor_required')
  );
}

/** What the dialog says about the action waiting for it. */
export interface StepUpOptions {
  /**
   * i18n key of one sentence saying why this action asks (e.g. "Exports take customer data out of Clientele."). Without
   * it the dialog explains a change to how the user signs in or gets back in, which is what most step-ups guard.
   */
  reasonKey?: string;
}

export type RunWithStepUp = <Result>(action: () => Promise<Result>, options?: StepUpOptions) => Promise<Result>;

/**
 * Runs `action`; when the server asks for a fresh proof of identity, waits for `confirm` (the dialog) and runs it
 * once more. A second refusal is not retried again: it surfaces like any other error.
 */
export async function retryAfterStepUp<Result>(
  action: () => Promise<Result>,
  confirm: () => Promise<void>,
): Promise<Result> {
  try {
    return await action();
  } catch (error) {
    if (!isReauthenticationRequired(error)) {
      throw error;
    }
    await confirm();
    return action();
  }
}

export const StepUpContext = createContext<RunWithStepUp | null>(null);

/**
 * Wraps a sensitive API call: when the server answers `reauthentication_required`, the "confirm it's you"
 * dialog opens, and after a successful confirmation the call is made once more. Closing the dialog rejects
 * with StepUpCancelledError (callers usually ignore it).
 */
export function useStepUp(): RunWithStepUp {
  const run = useContext(StepUpContext);
  if (run === null) {
    throw new Error('useStepUp() needs a <StepUpProvider> above it');
  }
  return run;
}
