/**
 * The text `.help` shows: the command list, or one command's syntax and examples.
 */
import { COMMAND_CATALOG, MAINT_HELP, type HelpTopic } from './catalog.ts';

/** Plain-text help: every command with its summary, or for a topic its syntax, description and examples. */
export function formatHelp(topic: HelpTopic | null): string {
  if (topic === null) {
    const listed = [...COMMAND_CATALOG, MAINT_HELP];
    const width = Math.max(...listed.map((spec) => spec.name.length)) + 1;
    const lines = listed.map((spec) => `  .${spec.name.padEnd(width)} ${spec.summary}`);
    return [
      'Room commands (type .help <command> for details):',
      ...lines,
      'Lines starting with ".." are sent as chat with one dot.',
    ].join('\n');
  }
  const spec =
    topic === MAINT_HELP.name ? { ...MAINT_HELP, aliases: [] } : COMMAND_CATALOG.find((entry) => entry.name === topic);
  if (spec === undefined) return `No help for "${topic}".`;
  const aliases = spec.aliases.length === 0 ? [] : [`Also: ${spec.aliases.map((alias) => `.${alias}`).join(', ')}`];
  return [
    ...spec.syntax,
    '',
    spec.summary,
    spec.description,
    ...aliases,
    '',
    'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
  ].join('\n');
}
