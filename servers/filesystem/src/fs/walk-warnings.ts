import { z } from 'zod';

/** A .gitignore that was applied only in part (see IGNORE_LIMITS). */
const ignoreFileCut = z.object({
  kind: z.literal('ignore_file_cut'),
  path: z.string().describe('The .gitignore file'),
  rulesApplied: z.number().int().describe('Rules of the file that were applied'),
  rulesSkipped: z
    .number()
    .int()
    .describe('Single rules left out as too long or too complex (the rules after them were applied)'),
  notAppliedFromLine: z
    .number()
    .int()
    .optional()
    .describe('First line of the file not applied: it and every line after it were left out'),
  message: z.string()
});

/** A directory too large to sort, walked or listed in directory order (see SORTED_LISTING_LIMIT). */
const unsortedDirectory = z.object({
  kind: z.literal('unsorted_directory'),
  path: z.string().describe('The directory'),
  message: z.string()
});

/** How many warnings were left out past the first MAX_WARNINGS. */
const moreWarnings = z.object({
  kind: z.literal('more_warnings'),
  count: z.number().int(),
  message: z.string()
});

/** What a walk or a listing could not do as asked, in structured form and as a sentence. */
export const walkWarning = z.discriminatedUnion('kind', [ignoreFileCut, unsortedDirectory, moreWarnings]);

export type WalkWarning = z.output<typeof walkWarning>;

/** The `warnings` field of a tool's output schema: absent when there is nothing to say. */
export const walkWarningsField = z
  .array(walkWarning)
  .optional()
  .describe('What could not be done as asked: .gitignore files applied in part, directories left unsorted');

/** Warnings kept per result; the rest are counted in one `more_warnings`. */
export const MAX_WARNINGS = 5;

/**
 * Bytes the kept messages may take. Results are measured against the output budget, which keeps
 * 2,048 bytes for the fields around the payload (core's DEFAULT_ENVELOPE_BYTES, see payloadRoom); the warnings must fit there
 * even beside a payload cut at its budget, in the text and in structuredContent alike.
 */
export const WARNINGS_BYTES = 1536;

/** Characters of a path shown in a message; a longer one keeps its end (the full path is in `path`). */
const SHOWN_PATH_CHARACTERS = 160;

/** A path for a warning's message: whole, or `…` and its last characters when it is long. */
export function shownPath(path: string): string {
  return path.length <= SHOWN_PATH_CHARACTERS ? path : `…${path.slice(-SHOWN_PATH_CHARACTERS)}`;
}

/** Collects a call's warnings within {@link MAX_WARNINGS} and {@link WARNINGS_BYTES}. */
export interface WarningCollector {
  add(warning: WalkWarning): void;
  /** `{ warnings }` to spread into a result, or `{}` when there are none. */
  field(): { warnings?: WalkWarning[] };
}

export function collectWarnings(): WarningCollector {
  const kept: WalkWarning[] = [];
  let bytes = 0;
  let left = 0;
  const pathOf = (warning: WalkWarning) => ('path' in warning ? warning.path : '');
  return {
    add(warning) {
      // Overlapping roots walk a directory twice; past the cap only a count is kept (no set grows).
      if (kept.some(known => known.kind === warning.kind && pathOf(known) === pathOf(warning))) return;
      const size = Buffer.byteLength(warning.message) + Buffer.byteLength(pathOf(warning));
      if (kept.length < MAX_WARNINGS && (kept.length === 0 || bytes + size <= WARNINGS_BYTES)) {
        kept.push(warning);
        bytes += size;
      } else left++;
    },
    field() {
      if (kept.length === 0) return {};
      if (left === 0) return { warnings: [...kept] };
      const message = `${left} more warning${left === 1 ? ' was' : 's were'} left out.`;
      return { warnings: [...kept, { kind: 'more_warnings', count: left, message }] };
    }
  };
}

/** The text lines for a result's warnings (none when there are none). */
export function renderWarnings(warnings: readonly WalkWarning[] | undefined): string[] {
  return (warnings ?? []).map(warning => `[warning] ${warning.message}`);
}
