import { ToolError } from '@mcpkit/core';

/** The error codes a path can fail with; each becomes an `isError` result with a hint. */
export type PathErrorCode =
  | 'INVALID_PATH'
  | 'ACCESS_DENIED'
  | 'NO_ALLOWED_DIRECTORIES'
  | 'NOT_FOUND'
  | 'NOT_A_FILE'
  | 'NOT_A_DIRECTORY'
  | 'ALREADY_EXISTS'
  | 'DIRECTORY_NOT_EMPTY'
  | 'READ_ONLY'
  | 'PERMISSION_DENIED'
  | 'PATH_CHANGED'
  | 'FS_ERROR';

const HINTS: Record<PathErrorCode, string> = {
  INVALID_PATH: 'Pass a plain absolute path, or a path relative to an allowed directory.',
  ACCESS_DENIED: 'Call list_allowed_directories and use a path inside one of them.',
  NO_ALLOWED_DIRECTORIES:
    'The operator must start the server with at least one directory argument, or the client must offer roots.',
  NOT_FOUND: 'Check the spelling, or use list_directory / search_files on the parent to find the right name.',
  NOT_A_FILE: 'This is a directory; use list_directory or directory_tree to see what it contains.',
  NOT_A_DIRECTORY: 'This is a file; use read_text_file or get_file_info instead.',
  ALREADY_EXISTS:
    'Choose another destination, or delete the existing entry first if replacing it is intended.',
  DIRECTORY_NOT_EMPTY: 'Pass recursive: true to delete the directory with everything in it.',
  READ_ONLY: 'This server runs in read-only mode; only reading tools are available.',
  PERMISSION_DENIED: 'The server process lacks permission for this path; ask the user to fix permissions.',
  PATH_CHANGED:
    'A path component changed (for example was replaced by a symlink) while the operation ran; nothing was done. Check the path and retry.',
  FS_ERROR: 'Retry once; if it fails again, report the message to the user.'
};

/** Creates the {@link ToolError} for a path failure with its standard hint (or a specific one). */
export function pathError(code: PathErrorCode, message: string, hint?: string): ToolError {
  return new ToolError(code, message, { hint: hint ?? HINTS[code] });
}

const ERRNO_CODES: Partial<Record<string, PathErrorCode>> = {
  ENOENT: 'NOT_FOUND',
  ENOTDIR: 'NOT_A_DIRECTORY',
  EISDIR: 'NOT_A_FILE',
  EEXIST: 'ALREADY_EXISTS',
  ENOTEMPTY: 'DIRECTORY_NOT_EMPTY',
  EACCES: 'PERMISSION_DENIED',
  EPERM: 'PERMISSION_DENIED',
  ELOOP: 'PATH_CHANGED'
};

const ERRNO_TEXT: Partial<Record<PathErrorCode, string>> = {
  NOT_FOUND: 'does not exist',
  NOT_A_DIRECTORY: 'has a path component that is not a directory',
  NOT_A_FILE: 'is a directory, not a file',
  ALREADY_EXISTS: 'already exists',
  DIRECTORY_NOT_EMPTY: 'is a directory that is not empty',
  PERMISSION_DENIED: 'is not accessible to the server process',
  PATH_CHANGED: 'is a symlink where a plain entry was expected'
};

/**
 * Turns a Node filesystem error into a readable {@link ToolError} that names the path as the
 * caller gave it (never an internal `/proc` path). Other errors pass through unchanged.
 */
export function fromFsError(error: unknown, displayPath: string): unknown {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof errno !== 'string') return error;
  const code = ERRNO_CODES[errno] ?? 'FS_ERROR';
  const text = ERRNO_TEXT[code] ?? `could not be used: the operation failed with ${errno}`;
  return pathError(code, `${displayPath} ${text}.`);
}
