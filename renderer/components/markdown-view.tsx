/**
 * Markdown as React elements: react-markdown builds elements (no raw HTML), links go to the host's openExternal
 * instead of navigating, and images become links because the CSP loads none from outside. Loaded on its own,
 * after start-up (markdown-notes.tsx).
 */
import Markdown, { type Components } from 'react-markdown';
import { openExternal } from './open-external.ts';

const COMPONENTS: Components = {
  a: ({ href, children }) => (
    <a
      href={href}
      className="ext-link"
      title={href}
      onClick={(event) => {
        event.preventDefault();
        // The window-level guard would also catch this; stopping here keeps one request per click.
        event.stopPropagation();
        if (href !== undefined) void openExternal(href);
      }}
    >
      {children}
      <span aria-hidden="true"> ↗</span>
    </a>
  ),
  img: ({ src, alt }) =>
    typeof src === 'string' ? (
      <a href={src} className="ext-link" onClick={(event) => (event.preventDefault(), event.stopPropagation(), void openExternal(src))}>
        [image: {alt || src}]
      </a>
    ) : null,
};

export function MarkdownView({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown components={COMPONENTS}>{text}</Markdown>
    </div>
  );
}
