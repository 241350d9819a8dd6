import { said, UserError, type Message } from '../model';

/** What stands between an account and its secret, in the words the CLI, the sidebar and errors use. */
export type CredentialProblem = 'keychain-locked' | 'keychain-unavailable' | 'needs-vault-password' | 'none';

export class VaultError extends UserError {
  /** Set when the error is one of the credential states of their own (DESIGN.md, issue 14). */
  readonly problem?: CredentialProblem;
  constructor(message: Message, problem?: CredentialProblem) {
    super(message.key, message.values);
    this.name = 'VaultError';
    this.problem = problem;
  }
}

export type Secret = Record<string, string>;

/** `where` names the place: an environment variable, or a message such as "the keychain". */
export function parseSecret(text: string, where: string | Message): Secret {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VaultError(said('vault.secretNotJson', { where }));
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new VaultError(said('vault.secretNotObject', { where }));
  const out: Secret = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new VaultError(said('vault.secretNonText', { where, field: k }));
    out[k] = v;
  }
  return out;
}
