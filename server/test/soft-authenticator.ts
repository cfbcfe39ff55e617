import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A software WebAuthn authenticator for attack tests (P-256, "none" attestation): it signs whatever it is told to,
 * so a test can forge origins, types, flags and counters the way a hostile client would.
 */
interface Credential {
  id: string;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

export interface CeremonyOverrides {
  origin?: string;
  type?: string;
  challenge?: string;
  userVerified?: boolean;
  backedUp?: boolean;
  /** BE; defaults to `backedUp`. A synced credential whose backup stopped is BE=1, BS=0. */
  backupEligible?: boolean;
  counter?: number;
  rpId?: string;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(
    readonly origin: string,
    readonly rpId: string,
  ) {}

  private flags(overrides: CeremonyOverrides, extra = 0): number {
    const backedUp = overrides.backedUp ?? false;
    const eligible = overrides.backupEligible ?? backedUp;
    return FLAG_UP | (overrides.userVerified === false ? 0 : FLAG_UV) | (eligible ? FLAG_BE : 0) | (backedUp ? FLAG_BS : 0) | extra;
  }

  private clientData(type: string, challenge: string, overrides: CeremonyOverrides): Buffer {
    return Buffer.from(JSON.stringify({ type: overrides.type ?? type, challenge: overrides.challenge ?? challenge, origin: overrides.origin ?? this.origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): a new discoverable credential for `options` (PublicKeyCredentialCreationOptionsJSON). */
  create(options: { challenge: string; user: { id: string } }, overrides: CeremonyOverrides = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = b64(randomBytes(16));
    const credential: Credential = { id, privateKey, userHandle: options.user.id, counter: overrides.counter ?? 0 };
    this.credentials.push(credential);
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    const idBytes = Buffer.from(id, 'base64url');
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(idBytes.length);
    const authData = Buffer.concat([sha256(overrides.rpId ?? this.rpId), Buffer.from([this.flags(overrides, FLAG_AT)]), counter, Buffer.alloc(16), length, idBytes, Buffer.from(cose)]);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64(this.clientData('webauthn.create', options.challenge, overrides)), attestationObject: b64(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): an assertion by `credentialId` (default: the newest credential). */
  get(options: { challenge: string }, overrides: CeremonyOverrides & { credentialId?: string } = {}) {
    const credential = overrides.credentialId ? this.credentials.find((item) => item.id === overrides.credentialId) : this.credentials.at(-1);
    if (!credential) throw new Error('no credential');
    credential.counter = overrides.counter ?? credential.counter + 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([sha256(overrides.rpId ?? this.rpId), Buffer.from([this.flags(overrides)]), counter]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature), userHandle: credential.userHandle },
      clientExtensionResults: {},
    };
  }
}
