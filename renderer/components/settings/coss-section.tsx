/** The COSS section: which server, where that address came from, and the write-only API token. */
import type { ConsoleSettings } from '../../state/settings-actions.ts';
import type { Draft } from './settings-draft.ts';

/** Which COSS the console uses now and where that address came from, so an empty URL field never misleads. */
function ConnectedTo({ settings }: { settings: ConsoleSettings }) {
  const connected = settings.connectedTo;
  if (connected === undefined) return null;
  if (connected === null) return <p className="settings-help settings-connected">Not connected to any COSS yet.</p>;
  const from =
    connected.origin === 'command-line'
      ? 'given on the command line (--coss). A URL saved below replaces it.'
      : connected.origin === 'embedded'
        ? 'the embedded local COSS on this machine, with sample data.'
        : 'from these settings.';
  const endpoints = connected.endpoints ?? [connected.url];
  return (
    <>
      <p className="settings-help settings-connected" data-origin={connected.origin}>
        Now using <code>{connected.url}</code>, {from}
      </p>
      {endpoints.length > 1 && (
        <ol className="settings-help settings-endpoints" aria-label="This deployment's COSS endpoints, in order">
          {endpoints.map((url, index) => (
            <li key={url} data-current={index === connected.endpointIndex}>
              <code>{url}</code>
              {index === 0 ? ' (preferred)' : ''}
              {index === connected.endpointIndex ? ' ← in use' : ''}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export function CossSection({
  saved,
  draft,
  edit,
}: {
  saved: ConsoleSettings;
  draft: Draft;
  edit: (change: Partial<Draft>) => void;
}) {
  const storage = saved.secretStorage;
  const tokenState = draft.removeToken ? 'will be removed when you save' : saved.hasToken ? 'set' : 'not set';
  return (
    <section className="settings-section" aria-labelledby="settings-coss-heading">
      <h3 id="settings-coss-heading">COSS</h3>
      <ConnectedTo settings={saved} />
      <label className="field-label" htmlFor="settings-coss-url">
        COSS URLs
      </label>
      <input
        id="settings-coss-url"
        data-autofocus
        className="field"
        type="text"
        inputMode="url"
        spellCheck={false}
        autoComplete="off"
        maxLength={2048}
        placeholder="empty: the embedded local COSS"
        aria-describedby="settings-coss-help"
        value={draft.cossUrl}
        onChange={(event) => edit({ cossUrl: event.target.value })}
      />
      <p id="settings-coss-help" className="settings-help">
        {draft.cossUrl.trim() === '' ? (
          <>
            <strong>Empty: the console runs the embedded local COSS</strong> on this machine, with sample data. It is
            not the NOC&apos;s shared server; the status bar marks it LOCAL.
          </>
        ) : (
          <>
            The NOC&apos;s COSS server, e.g. https://coss.noc.example.com. Several endpoints of one deployment (regions
            on the same database), separated by commas: the first is preferred, the next is used when the one in use
            stops answering, and the console moves back when the first is healthy again (or on g e). Leave empty to run
            the embedded local COSS instead.
          </>
        )}
      </p>

      <label className="field-label" htmlFor="settings-token">
        API token
      </label>
      <div className="settings-token-state" data-has-token={saved.hasToken} data-remove={draft.removeToken}>
        <span className={`token-dot ${saved.hasToken && !draft.removeToken ? 'is-set' : ''}`} aria-hidden="true" />
        <span>
          A token is <strong>{tokenState}</strong>. It is never shown here; type a new one to replace it.
        </span>
      </div>
      <input
        id="settings-token"
        className="field"
        type="password"
        autoComplete="off"
        spellCheck={false}
        maxLength={500}
        placeholder={saved.hasToken ? 'New token (leave empty to keep the current one)' : 'Paste the token from COSS'}
        aria-describedby="settings-secret-storage"
        disabled={draft.removeToken}
        value={draft.newToken}
        onChange={(event) => edit({ newToken: event.target.value })}
      />
      {saved.hasToken && (
        <label className="settings-check">
          <input
            type="checkbox"
            checked={draft.removeToken}
            onChange={(event) => edit({ removeToken: event.target.checked, newToken: '' })}
          />
          Remove the stored token
        </label>
      )}
      <p
        id="settings-secret-storage"
        className={`secret-storage ${storage?.encrypted === true ? 'is-encrypted' : 'is-plain'}`}
        data-encrypted={storage?.encrypted ?? 'unknown'}
      >
        <span className="secret-storage-badge">
          {storage === undefined ? 'Storage unknown' : storage.encrypted ? 'Encrypted' : 'Not encrypted'}
        </span>
        {storage?.description ?? 'This host does not say where it keeps the token.'}
      </p>
    </section>
  );
}
