/** Shown while alerts are marked: how many, and the keys that act on all of them. */
import { useConsoleStore } from '../../state/store.ts';
import { userMay } from '../../commands/role-gates.ts';

export function BulkActionBar() {
  const count = useConsoleStore((state) => state.marked.size);
  const mayAcknowledge = useConsoleStore((state) => userMay(state, 'alert.acknowledge'));
  const mayResolve = useConsoleStore((state) => userMay(state, 'alert.resolve'));
  if (count === 0) return null;
  return (
    <div className="bulk-bar" role="status">
      <strong>{count} marked</strong>
      {mayAcknowledge && (
        <span>
          <kbd>a</kbd> acknowledge all
        </span>
      )}
      {mayResolve && (
        <span>
          <kbd>r</kbd> resolve all
        </span>
      )}
      <span>
        <kbd>x</kbd> unmark
      </span>
      <span>
        <kbd>Esc</kbd> clear marks
      </span>
    </div>
  );
}
