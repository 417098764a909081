/**
 * What the domain throws when a rule refuses a request: a code saying which kind of refusal, and a message for
 * the person. The domain knows nothing of HTTP; the edge maps each code to a status in one place
 * (http/error-handler.ts) and the CLI prints the message.
 */

/** Kinds of refusal: the thing does not exist, it is in a state that forbids this, or the input breaks a rule. */
export type DomainErrorCode = 'not_found' | 'conflict' | 'invalid';

/** A rule of the domain was broken; `field` names the input it concerns, when there is one. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
