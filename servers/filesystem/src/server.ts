import { createMcpkitServer } from '@mcpkit/core';
import type { McpkitServer, McpkitServerOptions, ServerDefinition } from '@mcpkit/core';

import { watchClientRoots } from './confine/client-roots.js';
import { createFilesystemContext } from './context.js';
import type { FilesystemContext, FilesystemContextOptions } from './context.js';
import { fileWatching, resources } from './resources/file-resources.js';
import { filesystemTools } from './tools/index.js';
import { VERSION } from './version.js';

function instructions(context: FilesystemContext): string {
  const roots = context.ceiling.map(root => root.path).join(', ') || 'the client’s roots';
  return [
    `Files are accessible only inside: ${roots}. Relative paths resolve against those directories.`,
    context.readOnly ? 'The server is read-only: no tool changes anything.' : '',
    'Find files by name with search_files and inside files with grep; read large files in ranges with read_text_file (offset/limit); prefer edit_file over write_file for changes to existing files.'
  ]
    .filter(line => line !== '')
    .join('\n');
}

/** The filesystem server's definition: tools, file resources and client-roots handling. */
export const filesystemDefinition: ServerDefinition<FilesystemContext> = {
  name: 'mcpkit-filesystem',
  version: VERSION,
  title: 'mcpkit filesystem',
  instructions,
  tools: filesystemTools,
  resources,
  resourceSubscriptions: fileWatching,
  serverOptions: () => ({ capabilities: { completions: {} } }),
  configure: (server, { request }) => {
    if (request.era === 'legacy') watchClientRoots(server);
  }
};

/** Creates the filesystem server over the given (already loaded) allowed directories and policy. */
export function createFilesystemServer(
  options: FilesystemContextOptions & Omit<McpkitServerOptions<FilesystemContext>, 'context'>
): McpkitServer<FilesystemContext> {
  const { ceiling, readOnly, deny, maxFileBytes, regexTimeoutMs, beforeUse, ...serverOptions } = options;
  const context = createFilesystemContext({
    ceiling,
    ...(readOnly === undefined ? {} : { readOnly }),
    ...(deny === undefined ? {} : { deny }),
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
    ...(regexTimeoutMs === undefined ? {} : { regexTimeoutMs }),
    ...(beforeUse === undefined ? {} : { beforeUse })
  });
  return createMcpkitServer(filesystemDefinition, { ...serverOptions, context });
}
