export interface SecondFactorOptionsProps {
  /** Factor methods from the inspect response (TOTP, passkey, recovery codes). */
  methods: string[];
  token: string;
  /** Called once a factor was accepted, so the page inspects the link again. */
  onVerified: () => void;
}

/**
 * The place where a second factor is offered as the reset's second proof. Two-step verification does not exist
 * yet and the server lists no methods, so this renders nothing; the MFA issue adds one form per method here.
 */
export function SecondFactorOptions(_props: SecondFactorOptionsProps): null {
  return null;
}
