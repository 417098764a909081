/**
 * Runbook notes as markdown. The markdown parser and renderer are about a fifth of the bundle and nothing on the
 * first screen needs them, so they load as their own chunk once start-up is done (preloadMarkdown); until then,
 * notes show as plain text, never blank.
 */
import { lazy, Suspense } from 'react';

const loadView = () => import('./markdown-view.tsx');
const MarkdownView = lazy(() => loadView().then((module) => ({ default: module.MarkdownView })));

/** Starts loading the markdown renderer; called when the console is idle after start-up. */
export function preloadMarkdown(): void {
  void loadView();
}

export function MarkdownNotes({ text, empty }: { text: string; empty: string }) {
  if (text.trim() === '') return <p className="notes-empty">{empty}</p>;
  return (
    <Suspense fallback={<div className="markdown markdown-plain">{text}</div>}>
      <MarkdownView text={text} />
    </Suspense>
  );
}
