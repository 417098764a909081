/** The paging-target picker the page and reassign dialogs share: ↑↓ choose, Enter sends, each target with its path. */
export interface TargetChoice {
  path: string;
  name: string;
}

export function TargetList({
  id,
  targets,
  chosen,
  onChoose,
  onSend,
}: {
  id: string;
  targets: readonly TargetChoice[];
  chosen: string;
  onChoose: (path: string) => void;
  onSend: () => void;
}) {
  return (
    <select
      id={id}
      data-autofocus
      className="field target-list"
      size={Math.min(6, Math.max(2, targets.length))}
      value={chosen}
      onChange={(event) => onChoose(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          onSend();
        }
      }}
    >
      {targets.map((candidate) => (
        <option key={candidate.path} value={candidate.path}>
          {candidate.name} — {candidate.path}
        </option>
      ))}
    </select>
  );
}
