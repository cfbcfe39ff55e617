import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { refreshTwoStep } from './two-step-api';

/** What the server answers when a factor was added. */
interface FactorAdded {
  factor: { activatesAt: string | null };
  /** The first set of recovery codes, when this factor created it; shown once. */
  recoveryCodes: string[] | null;
}

interface FactorAddedOptions {
  /** Moves the dialog to its recovery-codes step. */
  showCodes: (codes: string[]) => void;
  onCodesShown: () => void;
  onClose: () => void;
}

/**
 * After a factor was added: refresh, say so (or from when it counts, after lost-device recovery), then show the
 * recovery codes when it was the first factor, else close the dialog.
 */
export function useFactorAdded({ showCodes, onCodesShown, onClose }: FactorAddedOptions) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (result: FactorAdded, { name, addedText }: { name: string; addedText: string }) => {
    void refreshTwoStep(queryClient);
    void message.success(
      result.factor.activatesAt
        ? t('twoStep.factor.addedPending', { name, time: formatDateTime(result.factor.activatesAt) })
        : addedText,
    );
    if (result.recoveryCodes && result.recoveryCodes.length > 0) {
      showCodes(result.recoveryCodes);
      onCodesShown();
    } else {
      onClose();
    }
  };
}
