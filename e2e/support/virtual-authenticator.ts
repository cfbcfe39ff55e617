// A WebAuthn authenticator simulated by Chromium (DevTools protocol), standing in for a laptop's fingerprint reader:
// it keeps discoverable credentials (passkeys), verifies the user and answers every prompt at once — including the
// passkey suggestions of the sign-in page's identifier field (conditional UI), which a person would have to pick.
import type { CDPSession, Page } from '@playwright/test';

export interface VirtualAuthenticator {
  /** The passkeys the authenticator holds: what the browser still has, whatever the server forgot. */
  credentials(): Promise<{ credentialId: string; rpId?: string; isResidentCredential: boolean }[]>;
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
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
  };
}
