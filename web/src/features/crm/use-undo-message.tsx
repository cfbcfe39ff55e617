import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';

let undoKeySequence = 0;

/**
 * "Moved to the trash · Undo": a success message with an undo button that stays long enough to be used. Clicking it
 * closes the message and runs `undo`, which reports its own outcome.
 */
export function useUndoMessage(): (text: string, undo: () => Promise<void>) => void {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (text, undo) => {
    undoKeySequence += 1;
    const key = `crm-undo-${undoKeySequence}`;
    void message.success({
      key,
      duration: 10,
      content: (
        <span data-testid="undo-message">
          {text}
          <Button
            type="link"
            size="small"
            style={{ marginInlineStart: 4, paddingInline: 4 }}
            onClick={() => {
              message.destroy(key);
              void undo();
            }}
          >
            {t('customers.undo')}
          </Button>
        </span>
      ),
    });
  };
}
