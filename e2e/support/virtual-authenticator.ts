// A WebAuthn authenticator simulated by Chromium (DevTools protocol), standing in for a laptop's fingerprint reader:
// it keeps discoverable credentials (passkeys), verifies the user and answers every prompt at once — including the
// passkey suggestions of the sign-in page's identifier field (conditional UI), which a person would have to pick.
import type { CDPSession, Page, TestInfo } from '@playwright/test';
import { signOutFromMenu } from './auth-ui.ts';

export interface VirtualAuthenticator {
  /** The passkeys the authenticator holds: what the browser still has, whatever the server forgot. */
  credentials(): Promise<{ credentialId: string; rpId?: string; isResidentCredential: boolean }[]>;
  /** Sets a held passkey's backup state (BS), e.g. a synced passkey whose sync was switched off (BS 1→0). */
  setBackupState(credentialId: string, backedUp: boolean): Promise<void>;
  remove(): Promise<void>;
}

export interface VirtualAuthenticatorOptions {
  /** Passkeys it creates are synced (backup eligible and backed up), like iCloud Keychain or Google Password Manager. */
  synced?: boolean;
}

/** Adds a platform authenticator with user verification to the page's browser context. */
export async function addVirtualAuthenticator(
  page: Page,
  options: VirtualAuthenticatorOptions = {},
): Promise<VirtualAuthenticator> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      defaultBackupEligibility: options.synced === true,
      defaultBackupState: options.synced === true,
    },
  });
  return {
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
    async setBackupState(credentialId, backedUp) {
      await cdp.send('WebAuthn.setCredentialProperties', { authenticatorId, credentialId, backupState: backedUp });
    },
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
  };
}

/**
 * Signs out to the sign-in page, whose first passkey request feeds the identifier field's suggestions (conditional
 * UI) — which the simulated authenticator would answer at once and sign straight back in. That one request is refused
 * (the page stays silent about it), so only the buttons use the passkey. Resolves once the page has asked.
 */
export async function signOutWithoutSuggestions(page: Page, testInfo: TestInfo): Promise<void> {
  let refused = (): void => undefined;
  const asked = new Promise<void>((resolve) => {
    refused = resolve;
  });
  await page.route(
    '**/api/auth/passkey/options',
    async (route) => {
      await route.fulfill({ status: 503, json: { error: { code: 'unavailable', message: 'Not now.' } } });
      refused();
    },
    { times: 1 },
  );
  await signOutFromMenu(page, testInfo);
  await asked;
}
