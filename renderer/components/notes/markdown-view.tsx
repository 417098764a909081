/**
 * Markdown as React elements: react-markdown builds elements (no raw HTML), links go to the host's openExternal
 * instead of navigating, and images become links because the CSP loads none from outside. Loaded on its own,
 * after start-up (markdown-notes.tsx).
 */
import Markdown, { type Components } from 'react-markdown';
import { splitLinks } from '../common/linkify.ts';
import { openExternal } from '../common/open-external.ts';

/** The parts of a markdown syntax-tree node that linking bare addresses reads and writes. */
interface MarkdownNode {
  type: string;
  value?: string;
  url?: string;
  children?: MarkdownNode[];
}

/**
 * Bare web addresses in runbook notes become links, as operators paste them ("see https://wiki/x7"); CommonMark
 * links only `<https://…>`. Text inside links and code is left alone.
 */
function linkBareAddresses() {
  return (tree: MarkdownNode): void => {
    const stack: MarkdownNode[] = [tree];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.children === undefined || node.type === 'link' || node.type === 'linkReference') continue;
      node.children = node.children.flatMap((child): MarkdownNode[] => {
        if (child.type !== 'text' || child.value === undefined) {
          stack.push(child);
          return [child];
        }
        return splitLinks(child.value).map((segment) =>
          segment.kind === 'text'
            ? { type: 'text', value: segment.text }
            : { type: 'link', url: segment.href, children: [{ type: 'text', value: segment.text }] },
        );
      });
    }
  };
}

const REMARK_PLUGINS = [linkBareAddresses];

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
      <a
        href={src}
        className="ext-link"
        onClick={(event) => (event.preventDefault(), event.stopPropagation(), void openExternal(src))}
      >
        [image: {alt || src}]
      </a>
    ) : null,
};

export function MarkdownView({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown components={COMPONENTS} remarkPlugins={REMARK_PLUGINS}>
        {text}
      </Markdown>
    </div>
  );
}
