import { SafetyCertificateOutlined } from '@ant-design/icons';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { Flex, Modal, Segmented, Skeleton, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { codeMethodsOf, isActiveFactor, useTwoStepStatus, type TwoStepStatus } from '../two-step/two-step-api';
import { passwordAndCodeStepUp } from './factor-step-up';
import { passkeyStepUp } from './passkey-step-up';
import { passwordStepUp } from './password-step-up';
import {
  StepUpCancelledError,
  StepUpContext,
  retryAfterStepUp,
  type RunWithStepUp,
  type StepUpMethod,
  type StepUpOptions,
} from './step-up-context';

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

const passwordOnly: StepUpMethod[] = [passwordStepUp];

interface AccountMethods {
  methods: StepUpMethod[];
  loading: boolean;
  hasFactor: boolean;
  hasPasskey: boolean;
}

/** A passkey is offered first when the account has one and this browser can use it; codes need the password too. */
function stepUpMethodsFor(status: TwoStepStatus | undefined, canUsePasskeys: boolean): StepUpMethod[] {
  const hasPasskey = canUsePasskeys && (status?.factors.passkeys.some((factor) => isActiveFactor(factor)) ?? false);
  const methods = [
    ...(hasPasskey ? [passkeyStepUp] : []),
    ...(codeMethodsOf(status).length > 0 ? [passwordAndCodeStepUp] : []),
  ];
  return methods.length > 0 ? methods : passwordOnly;
}

/**
 * The ways this user can confirm: the password alone without a second factor; with one, a passkey or the password and
 * a code. The two-step status is read when the dialog opens (a factor may have been added a moment ago).
 */
function useAccountMethods(open: boolean): AccountMethods {
  const status = useTwoStepStatus(open);
  const [canUsePasskeys] = useState(() => browserSupportsWebAuthn());
  if (status.isPending) {
    return { methods: passwordOnly, loading: open, hasFactor: false, hasPasskey: false };
  }
  // Without the status (an older server), the password form is still right: the server says if it needs more.
  const methods = stepUpMethodsFor(status.data, canUsePasskeys);
  return {
    methods,
    loading: false,
    hasFactor: methods !== passwordOnly,
    hasPasskey: methods.includes(passkeyStepUp),
  };
}

/**
 * Hosts the "confirm it's you" dialog for everything below it. Several calls that need it at once share one
 * dialog; each is retried once after the confirmation.
 */
export function StepUpProvider({ children, methods: givenMethods }: { children: ReactNode; methods?: StepUpMethod[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const account = useAccountMethods(open && givenMethods === undefined);
  const methods = givenMethods ?? account.methods;
  const [methodKey, setMethodKey] = useState(methods[0]?.key ?? '');
  const waiters = useRef<Waiter[]>([]);
  const [reasonKey, setReasonKey] = useState<string | null>(null);
  const methodArea = useRef<HTMLDivElement>(null);

  const waitForConfirmation = useCallback(
    (options?: StepUpOptions) =>
      new Promise<void>((resolve, reject) => {
        waiters.current.push({ resolve, reject });
        setReasonKey(options?.reasonKey ?? null);
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
    (action, options) => retryAfterStepUp(action, () => waitForConfirmation(options)),
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
            const area = methodArea.current;
            // A method may name its main control (the passkey button); otherwise the first field or button.
            (
              area?.querySelector<HTMLElement>('[data-step-up-focus]') ??
              area?.querySelector<HTMLElement>('input:not([hidden]):not([tabindex="-1"]), button')
            )?.focus();
          }
        }}
        destroyOnHidden
        width={440}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {reasonKey === null
            ? account.hasPasskey
              ? t('stepUp.explanationWithPasskey')
              : account.hasFactor
                ? t('stepUp.explanationWithFactor')
                : t('stepUp.explanation')
            : t('stepUp.withReason', {
                reason: t(reasonKey),
                instruction: t(
                  account.hasPasskey
                    ? 'stepUp.instruction.passkey'
                    : account.hasFactor
                      ? 'stepUp.instruction.factor'
                      : 'stepUp.instruction.password',
                ),
              })}
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
          {account.loading ? <Skeleton active paragraph={{ rows: 3 }} /> : null}
          {method && !account.loading ? (
            <method.Form key={method.key} onConfirmed={() => settle(true)} onCancel={() => settle(false)} />
          ) : null}
        </div>
      </Modal>
    </StepUpContext.Provider>
  );
}
