import { useTranslation } from 'react-i18next';
import type { QuestionPosition } from './recovery-queries';

/** A catalog question in the UI language, or the user's own wording. */
export function useQuestionText(): (position: Pick<QuestionPosition, 'questionKey' | 'customQuestion'>) => string {
  const { t } = useTranslation();
  return ({ questionKey, customQuestion }) =>
    questionKey
      ? t(`recoverySettings.questions.catalog.${questionKey}`, { defaultValue: questionKey })
      : (customQuestion ?? '');
}
