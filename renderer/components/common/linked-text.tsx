/** Plain text with its bare web addresses as links (opened through the host, never in the console window). */
import { splitLinks } from './linkify.ts';
import { openExternal } from './open-external.ts';

export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((segment, index) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <a
            key={index}
            href={segment.href}
            className="ext-link"
            title={segment.href}
            onClick={(event) => {
              event.preventDefault();
              event.stopPropagation();
              void openExternal(segment.href);
            }}
          >
            {segment.text}
          </a>
        ),
      )}
    </>
  );
}
