import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { recoveryApi, refreshRecovery, type QuestionPosition, type SecurityQuestionInput } from './recovery-queries';
import { useQuestionText } from './question-text';

const CUSTOM = '__custom__';
const QUESTION_COUNT = 3;

interface QuestionRow {
  choice: string | undefined;
  customQuestion?: string;
  answer: string;
}

interface QuestionsValues {
  questions: QuestionRow[];
}

function toInput(row: QuestionRow): SecurityQuestionInput {
  return row.choice === CUSTOM
    ? { customQuestion: (row.customQuestion ?? '').trim(), answer: row.answer }
    : { questionKey: row.choice ?? '', answer: row.answer };
}

function initialRows(positions: QuestionPosition[]): QuestionRow[] {
  return Array.from({ length: QUESTION_COUNT }, (_unused, index) => {
    const position = positions[index];
    if (position?.customQuestion) {
      return { choice: CUSTOM, customQuestion: position.customQuestion, answer: '' };
    }
    return { choice: position?.questionKey ?? undefined, answer: '' };
  });
}

interface SecurityQuestionsDialogProps {
  catalog: string[];
  positions: QuestionPosition[];
  onClose: () => void;
}

/** Three questions from the catalog (or written by the user) and their answers; answers are never shown again. */
export function SecurityQuestionsDialog({ catalog, positions, onClose }: SecurityQuestionsDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const questionText = useQuestionText();
  const [form] = Form.useForm<QuestionsValues>();
  const rows = Form.useWatch('questions', form) ?? [];
  const chosen = rows.map((row) => row.choice);

  const save = useMutation({
    mutationFn: (values: QuestionsValues) => withStepUp(() => recoveryApi.saveQuestions(values.questions.map(toInput))),
    onSuccess: () => {
      void refreshRecovery(queryClient);
      void message.success(t('recoverySettings.questions.saved'));
      onClose();
    },
    onError: (error) =>
      applyFieldErrors(form, error, (path) =>
        path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part === 'questionKey' ? 'choice' : part)),
      ),
  });
  const bannerError = save.error && !isStepUpCancelled(save.error) ? save.error : null;

  const optionsFor = (index: number) => [
    ...catalog.map((key) => ({
      value: key,
      label: questionText({ questionKey: key, customQuestion: null }),
      // A catalog question can be picked once.
      disabled: chosen.some((choice, other) => other !== index && choice === key),
    })),
    { value: CUSTOM, label: t('recoverySettings.questions.custom') },
  ];

  return (
    <Modal
      open
      title={t('recoverySettings.questions.dialogTitle')}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('recoverySettings.questions.answerHint')}
      </Typography.Paragraph>
      <Form<QuestionsValues>
        form={form}
        name="security-questions"
        layout="vertical"
        requiredMark={false}
        initialValues={{ questions: initialRows(positions) }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.List name="questions">
          {(fields) =>
            fields.map((field, index) => (
              <fieldset
                key={field.key}
                data-testid={`question-${index + 1}`}
                style={{ border: 'none', padding: 0, margin: index === 0 ? 0 : '8px 0 0' }}
              >
                <legend style={{ fontWeight: 600, fontSize: 14, marginBottom: 8, border: 'none' }}>
                  {t('recoverySettings.questions.number', { number: index + 1 })}
                </legend>
                <Form.Item
                  name={[field.name, 'choice']}
                  label={t('recoverySettings.questions.question')}
                  rules={[{ required: true, message: t('recoverySettings.questions.questionRequired') }]}
                >
                  <Select
                    options={optionsFor(index)}
                    placeholder={t('recoverySettings.questions.pick')}
                    aria-label={t('recoverySettings.questions.questionFor', { number: index + 1 })}
                  />
                </Form.Item>
                {rows[index]?.choice === CUSTOM ? (
                  <Form.Item
                    name={[field.name, 'customQuestion']}
                    label={t('recoverySettings.questions.customLabel')}
                    rules={[
                      { required: true, whitespace: true, message: t('recoverySettings.questions.customRequired') },
                      { min: 5, message: t('recoverySettings.questions.tooShort', { min: 5 }) },
                      { max: 200, message: t('recoverySettings.questions.tooLong', { max: 200 }) },
                    ]}
                  >
                    <Input autoComplete="off" />
                  </Form.Item>
                ) : null}
                <Form.Item
                  name={[field.name, 'answer']}
                  label={t('recoverySettings.questions.answer')}
                  rules={[
                    { required: true, whitespace: true, message: t('recoverySettings.questions.answerRequired') },
                    { max: 200, message: t('recoverySettings.questions.tooLong', { max: 200 }) },
                  ]}
                >
                  <Input
                    autoComplete="off"
                    aria-label={t('recoverySettings.questions.answerFor', { number: index + 1 })}
                  />
                </Form.Item>
              </fieldset>
            ))
          }
        </Form.List>
        <FormErrorAlert error={bannerError} />
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('recoverySettings.questions.save')}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}
