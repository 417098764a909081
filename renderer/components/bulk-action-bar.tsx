/** Shown while alerts are marked: how many, and the keys that act on all of them. */
import { useConsoleStore } from '../state/store.ts';

export function BulkActionBar() {
  const count = useConsoleStore((state) => state.marked.size);
  if (count === 0) return null;
  return (
    <div className="bulk-bar" role="status">
      <strong>{count} marked</strong>
      <span>
        <kbd>a</kbd> acknowledge all
      </span>
      <span>
        <kbd>r</kbd> resolve all
      </span>
      <span>
        <kbd>x</kbd> unmark
      </span>
      <span>
        <kbd>Esc</kbd> clear marks
      </span>
    </div>
  );
}
