import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { SecurityQuestionsDialog } from './security-questions-dialog';
import { useQuestionText } from './question-text';
import { recoveryApi, refreshRecovery, type AccountRecovery } from './recovery-queries';

/** Only shown when the organisation turned security questions on; they add to a channel, never replace one. */
export function SecurityQuestionsCard({ recovery }: { recovery: AccountRecovery }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const questionText = useQuestionText();
  const [editing, setEditing] = useState(false);
  const { configured, positions } = recovery.securityQuestions;

  const remove = useMutation({
    mutationFn: () => withStepUp(() => recoveryApi.removeQuestions()),
    onSuccess: () => {
      void refreshRecovery(queryClient);
      void message.success(t('recoverySettings.questions.removed'));
    },
    onError: (error) => {
      if (!isStepUpCancelled(error)) {
        void message.error(error.message);
      }
    },
  });

  return (
    <Card
      variant="borderless"
      data-testid="security-questions"
      title={
        <Flex gap={8} align="center">
          {t('recoverySettings.questions.title')}
          {configured ? <Tag color="green">{t('recoverySettings.questions.configured')}</Tag> : null}
        </Flex>
      }
      extra={
        <Flex gap={8}>
          {configured ? (
            <Popconfirm
              title={t('recoverySettings.questions.confirmRemove')}
              okText={t('recoverySettings.action.remove')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate()}
            >
              <Button danger loading={remove.isPending}>
                {t('recoverySettings.action.remove')}
              </Button>
            </Popconfirm>
          ) : null}
          <Button type={configured ? 'default' : 'primary'} onClick={() => setEditing(true)}>
            {configured ? t('recoverySettings.questions.change') : t('recoverySettings.questions.setUp')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('recoverySettings.questions.description')}
      </Typography.Paragraph>
      {configured ? (
        <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="security-question-list">
          {positions.map((position) => (
            <li key={position.position} style={{ padding: '2px 0' }}>
              {questionText(position)}
            </li>
          ))}
        </ol>
      ) : (
        <Typography.Text type="secondary">{t('recoverySettings.questions.none')}</Typography.Text>
      )}
      {editing ? (
        <SecurityQuestionsDialog
          catalog={recovery.questionCatalog.map((entry) => entry.key)}
          positions={positions}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </Card>
  );
}
