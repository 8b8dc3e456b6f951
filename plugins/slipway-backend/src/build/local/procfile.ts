import type { Procfile } from '@slipway/plugin-slipway-common';
import { definedProcessTypeProblem } from '../processTypes';

const LINE = /^([^:\s]+)\s*:\s*(.*)$/;

/** A Procfile is a few lines; a larger one is refused before it is read. */
export const MAX_PROCFILE_BYTES = 64 * 1024;

/**
 * Parses a Procfile (`<type>: <command>` per line, `#` comments, blank lines ignored).
 * Throws with the line number when a line is not of that form, a type is invalid or repeated.
 */
export function parseProcfile(text: string): Procfile {
  const procfile: Procfile = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `Procfile line ${index + 1}`;
    const match = LINE.exec(line);
    if (!match || match[2].trim() === '') {
      // The line itself is not repeated: errors name the file and the problem, never its content.
      throw new Error(`${where}: expected "<process type>: <command>"`);
    }
    const [, type, command] = match;
    const problem = definedProcessTypeProblem(type);
    if (problem) throw new Error(`${where}: ${problem}`);
    if (type in procfile)
      throw new Error(`${where}: process type "${type}" is defined twice`);
    procfile[type] = command.trim();
  });
  if (Object.keys(procfile).length === 0) {
    throw new Error('The Procfile defines no process types');
  }
  return procfile;
}
