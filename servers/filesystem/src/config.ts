import { z } from 'zod';

/** Globs `--deny-secrets` adds to the deny list: credentials that should never reach a model. */
export const SECRET_GLOBS: readonly string[] = [
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/id_rsa*',
  '**/id_ed25519*',
  '**/id_ecdsa*',
  '**/.ssh/**',
  '**/.aws/credentials',
  '**/.netrc',
  '**/.git-credentials'
];

/** The filesystem server's own command-line options (added to the common ones). */
export const filesystemOptionsSchema = z.object({
  directories: z
    .array(z.string().min(1).max(4096))
    .max(256)
    .default([])
    .describe('Directories the server may access (positional arguments). Client roots can only narrow them.'),
  readOnly: z
    .boolean()
    .default(false)
    .describe('Offer only reading tools; every write is refused at the path chokepoint as well.'),
  deny: z
    .array(z.string().min(1).max(512))
    .max(256)
    .default([])
    .describe('Globs (relative to an allowed directory) no tool may read, list or write, e.g. **/.env.'),
  denySecrets: z
    .boolean()
    .default(false)
    .describe(`Also deny common credential files: ${SECRET_GLOBS.join(', ')}.`),
  maxFileBytes: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(10 * 1024 * 1024)
    .describe(
      'Largest file edit_file, read_multiple_files and grep load whole (bigger files are skipped or refused).'
    )
});

export type FilesystemOptions = z.output<typeof filesystemOptionsSchema>;
