import {
  WebAuthnAbortService,
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  type AuthenticationResponseJSON,
} from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { Button, Divider, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { passkeyApi, passkeyErrorText } from '../two-step/passkey-api';
import { PasskeyIcon } from '../two-step/passkey-icon';
import { PasskeyProblemAlert } from '../two-step/passkey-problem-alert';

interface PasskeySignInProps {
  /** "Keep me signed in" from the password form, read when the passkey answers. */
  rememberOf: () => boolean;
  onSignedIn: (me: Me) => void;
  /** A passkey sign-in begins: the page clears messages left from a password attempt. */
  onStart: () => void;
  /** A password sign-in is under way: the passkey suggestions in the identifier field are withdrawn meanwhile. */
  paused: boolean;
}

interface PasskeyAnswer {
  challenge: string;
  response: AuthenticationResponseJSON;
}

type CeremonyOwner = 'autofill' | 'button' | null;

/**
 * Password-less sign-in: a "Sign in with a passkey" button, and the browser's passkey suggestions in the identifier
 * field (conditional UI; the field's autocomplete ends in "webauthn"). The passkey names the account.
 */
export function PasskeySignIn({ rememberOf, onSignedIn, onStart, paused }: PasskeySignInProps) {
  const { t } = useTranslation();
  const [isSupported] = useState(() => browserSupportsWebAuthn());
  // The library runs one ceremony at a time and starting one aborts the other; this says whose is in the browser.
  const owner = useRef<CeremonyOwner>(null);
  // A passkey picked from the suggestions was refused: offering the same suggestions again would invite the same answer
  // (some browsers and test authenticators pick by themselves), so they stay off until the page is opened again.
  const [suggestionRefused, setSuggestionRefused] = useState(false);

  const finish = useMutation({
    mutationFn: ({ challenge, response }: PasskeyAnswer & { viaSuggestion: boolean }) =>
      passkeyApi.signIn(challenge, response, rememberOf()),
    meta: { skipAuthRedirect: true },
    onSuccess: onSignedIn,
    onError: (_error, answer) => {
      if (answer.viaSuggestion) {
        setSuggestionRefused(true);
      }
    },
  });
  const ceremony = useMutation({
    mutationFn: async (): Promise<PasskeyAnswer> => {
      const { challenge, options } = await passkeyApi.signInOptions();
      owner.current = 'button';
      try {
        return { challenge, response: await startAuthentication({ optionsJSON: options }) };
      } finally {
        owner.current = null;
      }
    },
    meta: { skipAuthRedirect: true },
    onMutate: () => {
      finish.reset();
      onStart();
    },
    onSuccess: (answer) => finish.mutate({ ...answer, viaSuggestion: false }),
  });

  const busy = ceremony.isPending || finish.isPending;
  useEffect(() => {
    if (!isSupported || paused || busy || suggestionRefused) {
      return undefined;
    }
    let active = true;
    const offerSuggestions = async () => {
      if (!(await browserSupportsWebAuthnAutofill())) {
        return;
      }
      const { challenge, options } = await passkeyApi.signInOptions();
      if (!active) {
        return;
      }
      owner.current = 'autofill';
      const response = await startAuthentication({ optionsJSON: options, useBrowserAutofill: true });
      if (active) {
        onStart();
        finish.mutate({ challenge, response, viaSuggestion: true });
      }
    };
    // Silent on purpose: the suggestions are withdrawn whenever another sign-in starts, and a browser without them
    // still has the button.
    offerSuggestions()
      .catch(() => undefined)
      .finally(() => {
        if (owner.current === 'autofill') {
          owner.current = null;
        }
      });
    return () => {
      active = false;
      // Only our own waiting request: a ceremony the button has started in the meantime keeps running.
      if (owner.current === 'autofill') {
        WebAuthnAbortService.cancelCeremony();
        owner.current = null;
      }
    };
    // Not on `finish` and `onStart`, which change every render: the suggestions restart only when the page's state does.
  }, [isSupported, paused, busy, suggestionRefused]);

  if (!isSupported) {
    return null;
  }
  const error = ceremony.error ?? finish.error;
  const problemText = error ? passkeyErrorText(error, t) : null;

  return (
    <div data-testid="passkey-sign-in">
      <Divider plain style={{ margin: '20px 0' }}>
        <Typography.Text type="secondary">{t('twoStep.signIn.or')}</Typography.Text>
      </Divider>
      <PasskeyProblemAlert error={error} text={problemText} />
      <Button
        size="large"
        block
        icon={<PasskeyIcon />}
        loading={busy}
        disabled={paused}
        onClick={() => ceremony.mutate()}
      >
        {t('passkeys.signIn.button')}
      </Button>
    </div>
  );
}
