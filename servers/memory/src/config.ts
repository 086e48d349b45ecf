import { z } from 'zod';

/** The memory server's own options (the common ones come from @mcpkit/core). */
export const memoryOptions = z.object({
  databaseUrl: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe('postgres://… URL, or a SQLite file path (default: the user data directory).'),
  namespace: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,63}$/,
      'lowercase letters, digits, _ and -, starting with a letter or digit, at most 64'
    )
    .default('default')
    .describe('The graph tools use unless a call names another.'),
  memoryFilePath: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      'An official memory.jsonl to import once (also read from MEMORY_FILE_PATH); recorded, never imported again, never modified.'
    ),
  exportDir: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      'A directory export_graph may write memory.jsonl files into (created if missing); without it the tool is off.'
    ),
  searchMemoryMb: z
    .number()
    .int()
    .min(0)
    .max(65_536)
    .default(256)
    .describe(
      'About how much memory (MB) search may use to keep the namespaces it has searched in memory; their index takes about 60 MB per 100k entities with two short observations each, and a namespace larger than this is searched in the database. 0 searches the database only.'
    )
});

export type MemoryOptions = z.output<typeof memoryOptions>;
