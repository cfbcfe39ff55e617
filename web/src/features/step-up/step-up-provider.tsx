import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Flex, Modal, Segmented, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordStepUp } from './password-step-up';
import {
  StepUpCancelledError,
  StepUpContext,
  retryAfterStepUp,
  type RunWithStepUp,
  type StepUpMethod,
} from './step-up-context';

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

const defaultMethods: StepUpMethod[] = [passwordStepUp];

/**
 * Hosts the "confirm it's you" dialog for everything below it. Several calls that need it at once share one
 * dialog; each is retried once after the confirmation.
 */
export function StepUpProvider({
  children,
  methods = defaultMethods,
}: {
  children: ReactNode;
  methods?: StepUpMethod[];
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [methodKey, setMethodKey] = useState(methods[0]?.key ?? '');
  const waiters = useRef<Waiter[]>([]);
  const methodArea = useRef<HTMLDivElement>(null);

  const waitForConfirmation = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        waiters.current.push({ resolve, reject });
        setOpen(true);
      }),
    [],
  );

  const settle = (confirmed: boolean) => {
    const waiting = waiters.current;
    waiters.current = [];
    setOpen(false);
    for (const waiter of waiting) {
      if (confirmed) {
        waiter.resolve();
      } else {
        waiter.reject(new StepUpCancelledError());
      }
    }
  };

  const run = useCallback<RunWithStepUp>(
    (action) => retryAfterStepUp(action, waitForConfirmation),
    [waitForConfirmation],
  );

  const method = methods.find((candidate) => candidate.key === methodKey) ?? methods[0];

  return (
    <StepUpContext.Provider value={run}>
      {children}
      <Modal
        open={open}
        title={
          <Flex align="center" gap={8}>
            <SafetyCertificateOutlined />
            {t('stepUp.title')}
          </Flex>
        }
        footer={null}
        onCancel={() => settle(false)}
        // Opened above another dialog (add an address), that dialog's focus lock takes the field's autofocus back and
        // the lock of this one then lands on its close button: focus the method's first field once it is open.
        afterOpenChange={(isOpen) => {
          if (isOpen) {
            methodArea.current?.querySelector<HTMLElement>('input:not([hidden]):not([tabindex="-1"]), button')?.focus();
          }
        }}
        destroyOnHidden
        width={440}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('stepUp.explanation')}
        </Typography.Paragraph>
        {methods.length > 1 ? (
          <Segmented
            block
            value={method?.key}
            onChange={(value) => setMethodKey(String(value))}
            options={methods.map((candidate) => ({ value: candidate.key, label: t(candidate.labelKey) }))}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <div ref={methodArea}>
          {method ? <method.Form onConfirmed={() => settle(true)} onCancel={() => settle(false)} /> : null}
        </div>
      </Modal>
    </StepUpContext.Provider>
  );
}
