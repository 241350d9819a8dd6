/** What stands between an account and its secret, in the words the CLI, the sidebar and errors use. */
export type CredentialProblem = 'keychain-locked' | 'keychain-unavailable' | 'needs-vault-password' | 'none';

export class VaultError extends Error {
  /** Set when the error is one of the credential states of their own (DESIGN.md, issue 14). */
  readonly problem?: CredentialProblem;
  constructor(message: string, problem?: CredentialProblem) {
    super(message);
    this.name = 'VaultError';
    this.problem = problem;
  }
}

export type Secret = Record<string, string>;

export function parseSecret(text: string, where: string): Secret {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VaultError(`The secret in ${where} is not valid JSON.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new VaultError(`The secret in ${where} must be a JSON object.`);
  const out: Secret = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new VaultError(`The secret in ${where} has a non-text field "${k}".`);
    out[k] = v;
  }
  return out;
}
