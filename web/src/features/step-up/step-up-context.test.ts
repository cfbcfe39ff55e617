import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { StepUpCancelledError, isStepUpCancelled, retryAfterStepUp } from './step-up-context';

const reauthenticationRequired = () =>
  new ApiError(403, 'reauthentication_required', 'Please enter your password again.');

describe('retryAfterStepUp', () => {
  it('returns the result without asking when the server accepts the call', async () => {
    const confirm = vi.fn(() => Promise.resolve());
    await expect(retryAfterStepUp(() => Promise.resolve('done'), confirm)).resolves.toBe('done');
    expect(confirm).not.toHaveBeenCalled();
  });

  it('asks once and repeats the call after a confirmation', async () => {
    const action = vi.fn().mockRejectedValueOnce(reauthenticationRequired()).mockResolvedValueOnce('added');
    const confirm = vi.fn(() => Promise.resolve());
    await expect(retryAfterStepUp(action, confirm)).resolves.toBe('added');
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('does not repeat the call when the dialog is closed', async () => {
    const action = vi.fn().mockRejectedValue(reauthenticationRequired());
    const confirm = () => Promise.reject(new StepUpCancelledError());
    const outcome = await retryAfterStepUp(action, confirm).catch((error: unknown) => error);
    expect(isStepUpCancelled(outcome)).toBe(true);
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('also asks when the account has a second factor the last proof lacked', async () => {
    const secondFactorRequired = new ApiError(403, 'second_factor_required', 'Enter a code too.');
    const action = vi.fn().mockRejectedValueOnce(secondFactorRequired).mockResolvedValueOnce('removed');
    const confirm = vi.fn(() => Promise.resolve());
    await expect(retryAfterStepUp(action, confirm)).resolves.toBe('removed');
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it('passes other errors through without asking, and asks at most once', async () => {
    const confirm = vi.fn(() => Promise.resolve());
    const forbidden = new ApiError(403, 'forbidden', 'No.');
    await expect(retryAfterStepUp(() => Promise.reject(forbidden), confirm)).rejects.toBe(forbidden);
    expect(confirm).not.toHaveBeenCalled();
    const again = vi.fn().mockRejectedValue(reauthenticationRequired());
    await expect(retryAfterStepUp(again, confirm)).rejects.toMatchObject({ code: 'reauthentication_required' });
    expect(again).toHaveBeenCalledTimes(2);
  });
});
