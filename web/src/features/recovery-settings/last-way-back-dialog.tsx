import { Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface LastWayBackDialogProps {
  open: boolean;
  /** The server's own (localized) reason. */
  reason: string;
  canAdd: boolean;
  onAdd: () => void;
  onClose: () => void;
}

/** Removing the only verified way back would leave a forgotten password with no way in but an admin. */
export function LastWayBackDialog({ open, reason, canAdd, onAdd, onClose }: LastWayBackDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('recoverySettings.lastWayBack.title')} footer={null} onCancel={onClose} width={480}>
      <Typography.Paragraph style={{ marginTop: 12 }}>{reason}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('recoverySettings.lastWayBack.explain')}</Typography.Paragraph>
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onClose}>{t('recoverySettings.lastWayBack.keep')}</Button>
        {canAdd ? (
          <Button type="primary" onClick={onAdd}>
            {t('recoverySettings.lastWayBack.addFirst')}
          </Button>
        ) : null}
      </Flex>
    </Modal>
  );
}
