import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { isApiError } from '../../api/client';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { refreshTwoStep } from './two-step-api';

interface RemoveFactorOptions<Factor> {
  remove: (id: string) => Promise<unknown>;
  removedText: (factor: Factor) => string;
  /** Removing the last factor was refused (409 last_factor_required): the page explains why. */
  onLastFactor: (reason: string) => void;
}

/** What a factor list needs to remove its rows. */
export interface FactorRemoval<Factor> {
  remove: (factor: Factor) => void;
  isRemoving: (factor: Factor) => boolean;
}

/** Removes a second factor behind "confirm it's you"; a cancelled confirmation is the user's choice, not an error. */
export function useRemoveFactor<Factor extends { id: string }>({
  remove,
  removedText,
  onLastFactor,
}: RemoveFactorOptions<Factor>): FactorRemoval<Factor> {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const mutation = useMutation({
    mutationFn: (factor: Factor) => withStepUp(() => remove(factor.id)),
    onSuccess: (_result, factor) => {
      void refreshTwoStep(queryClient);
      void message.success(removedText(factor));
    },
    onError: (error) => {
      if (isStepUpCancelled(error)) {
        return;
      }
      if (isApiError(error) && error.code === 'last_factor_required') {
        onLastFactor(error.message);
        return;
      }
      void message.error(error.message);
    },
  });
  return {
    remove: (factor) => mutation.mutate(factor),
    isRemoving: (factor) => mutation.isPending && mutation.variables.id === factor.id,
  };
}
