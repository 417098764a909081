/**
 * Zenoss said the event is Suppressed (its cause is known elsewhere, e.g. the router in front of the device is down):
 * COSS keeps it open and notifies nobody, so the row must not read as a plain OPEN. A short tag beside the status,
 * read out in words by a screen reader; nothing on the other rows, so 100,000 rows cost what they did.
 */
export function SuppressedTag() {
  return (
    <span className="supp-tag" title="Suppressed in Zenoss: its cause is known elsewhere; nobody is notified">
      <span aria-hidden="true">SUPP</span>
      <span className="visually-hidden">, suppressed in Zenoss</span>
    </span>
  );
}
