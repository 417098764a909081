/** Requests on Settings (the COSS, tokens, direct PagerDuty, notifications) and on opening links outside the app. */
import { EXTERNAL_LINK_SCHEMES, isAllowedExternalLink } from '../../../shared/external-links.ts';
import type { ConnectionOrigin, HostHandlers, HostResult } from '../../../shared/host/contract.ts';
import { parseCossUrls } from '../endpoint-failover.ts';
import { HostFailure } from '../host-dispatch.ts';
import type { SecretStore } from '../secret-store.ts';
import { SECRET_NAMES, type SettingsStore } from '../settings.ts';

type SettingsHandlers = Pick<
  HostHandlers,
  'settings.get' | 'settings.set' | 'app.openExternal' | 'connection.usePreferred'
>;

export interface SettingsHandlerParts {
  settings: SettingsStore;
  secrets: SecretStore;
  /** where the console is connected now */
  connectedTo: () => { url: string; origin: ConnectionOrigin; endpoints: string[]; endpointIndex: number } | null;
  /** back to the deployment's preferred endpoint, if it is ready */
  usePreferredEndpoint: () => Promise<{ moved: boolean; message: string }>;
  /** the COSS, its token or direct PagerDuty changed: connect again */
  reconnect: () => void;
  openExternal?: ((url: string) => Promise<boolean>) | undefined;
}

export function settingsHandlers(parts: SettingsHandlerParts): SettingsHandlers {
  const { settings, secrets } = parts;
  const hasToken = async (): Promise<boolean> => (await secrets.get(SECRET_NAMES.cossToken)) !== null;
  const view = (tokenKnown: boolean): HostResult<'settings.get'> => {
    const current = settings.value;
    const { encrypted, description } = secrets;
    return {
      // One text field in Settings: the endpoints in order, comma-separated.
      cossUrl: current.cossUrls.join(', '),
      connectedTo: parts.connectedTo(),
      hasToken: tokenKnown,
      pagerDutyFallback: current.pagerDutyFallback,
      notifications: current.notifications,
      secretStorage: { encrypted, description },
    };
  };
  return {
    'settings.get': async () => view(await hasToken()),
    'settings.set': async ({ cossUrl, token, pagerDutyFallback, notifications }) => {
      const before = settings.value;
      const parsed = cossUrl === undefined ? null : parseCossUrls(cossUrl);
      if (parsed !== null && 'error' in parsed) throw new HostFailure('invalid_arguments', parsed.error);
      settings.update({
        ...(parsed !== null ? { cossUrls: parsed.urls } : {}),
        ...(pagerDutyFallback !== undefined ? { pagerDutyFallback } : {}),
        ...(notifications !== undefined ? { notifications } : {}),
      });
      if (token !== undefined) {
        if (token === '') await secrets.delete(SECRET_NAMES.cossToken);
        else await secrets.set(SECRET_NAMES.cossToken, token);
      }
      const tokenKnown = await hasToken();
      const after = settings.value;
      if (
        after.cossUrls.join(' ') !== before.cossUrls.join(' ') ||
        token !== undefined ||
        after.pagerDutyFallback !== before.pagerDutyFallback
      )
        parts.reconnect();
      return view(tokenKnown);
    },
    'connection.usePreferred': async () => parts.usePreferredEndpoint(),
    'app.openExternal': async ({ url }) => {
      if (!isAllowedExternalLink(url)) {
        throw new HostFailure(
          'forbidden',
          `Only ${EXTERNAL_LINK_SCHEMES.map((scheme) => scheme.slice(0, -1)).join(', ')} links can be opened.`,
        );
      }
      return { opened: parts.openExternal ? await parts.openExternal(url) : false };
    },
  };
}
