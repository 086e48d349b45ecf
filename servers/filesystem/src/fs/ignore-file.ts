import type { ResolvedPath } from '../confine/resolve-within.js';
import type { Sandbox } from '../confine/sandbox.js';
import { formatSize } from './format-size.js';
import { IGNORE_LIMITS } from './ignore-rules.js';
import type { BoundedRules } from './ignore-rules.js';
import { shownPath } from './walk-warnings.js';
import type { WalkWarning } from './walk-warnings.js';

/** The text read of a .gitignore: all of it, or its first whole lines up to IGNORE_LIMITS.fileBytes. */
export interface IgnoreFileText {
  text: string;
  /** The file's size when it was opened. */
  size: number;
  /** True when only a part was read. */
  cut: boolean;
}

/**
 * Reads at most IGNORE_LIMITS.fileBytes of a .gitignore through the sandbox (never the whole of a
 * larger one); when cut, the text ends at the last line break so no rule is read in half.
 */
export async function readIgnoreFile(sandbox: Sandbox, file: ResolvedPath): Promise<IgnoreFileText> {
  const { handle, stats } = await sandbox.openFile(file);
  try {
    // One byte more than expected tells a file that grew since its stat.
    const capacity = Math.min(stats.size, IGNORE_LIMITS.fileBytes) + 1;
    const buffer = Buffer.allocUnsafe(capacity);
    let filled = 0;
    while (filled < capacity) {
      const { bytesRead } = await handle.read(buffer, filled, capacity - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const cut = stats.size > IGNORE_LIMITS.fileBytes || filled > IGNORE_LIMITS.fileBytes;
    let bytes = buffer.subarray(0, Math.min(filled, IGNORE_LIMITS.fileBytes));
    if (cut) bytes = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
    return { text: bytes.toString('utf8'), size: stats.size, cut };
  } finally {
    await handle.close();
  }
}

/**
 * The warning for a .gitignore applied in part, or undefined when it was applied whole. `inherited`
 * is how many rules of the files above it were in force.
 */
export function ignoreFileWarning(
  path: string,
  read: { file: IgnoreFileText; rules: BoundedRules; inherited: number }
): WalkWarning | undefined {
  const { file, rules, inherited } = read;
  if (!file.cut && rules.skipped === 0 && rules.stoppedAtLine === undefined) return undefined;
  const cuts: string[] = [];
  let notAppliedFromLine = rules.stoppedAtLine;
  if (rules.stoppedAtLine !== undefined) {
    cuts.push(
      `only ${rules.applied} of its rules were applied (at most ${IGNORE_LIMITS.rules} .gitignore rules apply at once` +
        (inherited > 0 ? `, and ${inherited} came from the .gitignore files above it)` : ')')
    );
  }
  if (file.cut) {
    const read = Buffer.byteLength(file.text);
    cuts.push(
      `it is ${formatSize(file.size)}, and only its first ${formatSize(read)} were read (the limit is ${formatSize(IGNORE_LIMITS.fileBytes)} per file)`
    );
    notAppliedFromLine ??= lineCount(file.text) + 1;
  }
  if (rules.skipped > 0) {
    cuts.push(
      `${rules.skipped} rule${rules.skipped === 1 ? ' was' : 's were'} left out as too costly to match (longer than ${IGNORE_LIMITS.ruleCharacters} characters, more than ${IGNORE_LIMITS.wildcards} wildcards, more than one ** spanning directories, or an inner /**/ past the first ${IGNORE_LIMITS.innerGlobstarRules})`
    );
  }
  const rest =
    notAppliedFromLine === undefined
      ? 'Its other rules were applied, so what the left-out rules ignore may be listed or searched.'
      : `The rest of that file, from line ${notAppliedFromLine} on, was not applied, so what it ignores may be listed or searched.`;
  return {
    kind: 'ignore_file_cut',
    path,
    rulesApplied: rules.applied,
    rulesSkipped: rules.skipped,
    ...(notAppliedFromLine === undefined ? {} : { notAppliedFromLine }),
    message: `${shownPath(path)} was applied only in part: ${cuts.join('; ')}. ${rest}`
  };
}

function lineCount(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
