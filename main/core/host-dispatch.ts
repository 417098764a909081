/**
 * One request through the host contract, for both transports (Electron IPC and the web host): check the channel,
 * validate the arguments with the contract's schema, call the handler, and wrap the result or the error as data.
 */
import {
  HOST_REQUESTS,
  type HostError,
  type HostHandlers,
  type HostRequestName,
  type HostResponse,
} from '../../shared/host/contract.ts';
import { CossError } from './coss-client.ts';
import { errorMessage } from '../../shared/error-message.ts';

/** Thrown by handlers for a failure the operator should read; anything else becomes `internal`. */
export class HostFailure extends Error {
  constructor(
    readonly code: HostError['code'],
    message: string,
    /** what holds a page back, for the renderer to say in its own words */
    readonly hold?: HostError['hold'],
  ) {
    super(message);
    this.name = 'HostFailure';
  }
}

function isRequestName(name: string): name is HostRequestName {
  return Object.prototype.hasOwnProperty.call(HOST_REQUESTS, name);
}

/** Turns any thrown value into a HostError. */
export function toHostError(error: unknown): HostError {
  if (error instanceof HostFailure)
    return { code: error.code, message: error.message, ...(error.hold !== undefined ? { hold: error.hold } : {}) };
  if (error instanceof CossError) return error.toHostError();
  return { code: 'internal', message: `Something went wrong in the console: ${errorMessage(error)}` };
}

/** Validates and runs one request; never throws. */
export async function dispatchHostRequest(
  handlers: HostHandlers,
  name: string,
  args: unknown,
): Promise<HostResponse<unknown>> {
  if (!isRequestName(name))
    return { ok: false, error: { code: 'unknown_channel', message: `There is no request channel "${name}".` } };
  const parsed = HOST_REQUESTS[name].args.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
    return {
      ok: false,
      error: { code: 'invalid_arguments', message: `${name}: ${field}: ${issue?.message ?? 'invalid'}` },
    };
  }
  try {
    const handler = handlers[name] as (value: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toHostError(error) };
  }
}
