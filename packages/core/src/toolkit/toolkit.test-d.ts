// Type tests: `pnpm typecheck` compiles them (tsconfig includes src), so a change that loses a
// tool's input, output or context type fails the build.
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

import { READ_ONLY_ANNOTATIONS } from '../tool/tool-annotations.js';
import type { InferToolInput, InferToolOutput, Tool } from '../tool/define-tool.js';
import { toolkit } from './toolkit.js';

interface NotesContext {
  notes: Map<string, string>;
}

const define = toolkit<NotesContext>();

const readNote = define.tool({
  name: 'read_note',
  title: 'Read note',
  description: 'Reads one note by id.',
  input: z.object({
    id: z.string().max(100).describe('The id'),
    upper: z.boolean().default(false).describe('Upper')
  }),
  output: z.object({ id: z.string(), text: z.string() }),
  annotations: READ_ONLY_ANNOTATIONS,
  handler: ({ id, upper }, call) => {
    expectTypeOf(call.context).toEqualTypeOf<NotesContext>();
    expectTypeOf(upper).toEqualTypeOf<boolean>();
    const text = call.context.notes.get(id) ?? '';
    return { id, text: upper ? text.toUpperCase() : text };
  },
  render: output => output.text
});

describe('tool types', () => {
  it('keeps input (as sent: defaults optional), output and context', () => {
    expectTypeOf<InferToolInput<typeof readNote>>().toEqualTypeOf<{
      id: string;
      upper?: boolean | undefined;
    }>();
    expectTypeOf<InferToolOutput<typeof readNote>>().toEqualTypeOf<{ id: string; text: string }>();
  });

  it('fits a list of the context’s tools, and not of another context’s', () => {
    expectTypeOf(readNote).toExtend<Tool<NotesContext>>();
    expectTypeOf(readNote).not.toExtend<Tool<{ other: true }>>();
  });
});
