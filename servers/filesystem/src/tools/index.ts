import type { Tool } from '@mcpkit/core';

import type { FilesystemContext } from '../context.js';
import { copyPathTool } from './copy-path.js';
import { createDirectoryTool } from './create-directory.js';
import { deletePathTool } from './delete-path.js';
import { directoryTreeTool } from './directory-tree.js';
import { editFileTool } from './edit-file.js';
import { getFileInfoTool } from './get-file-info.js';
import { grepTool } from './grep.js';
import { listAllowedDirectoriesTool } from './list-allowed-directories.js';
import { listDirectoryTool, listDirectoryWithSizesTool } from './list-directory.js';
import { moveFileTool } from './move-file.js';
import { readMediaFileTool } from './read-media-file.js';
import { readMultipleFilesTool } from './read-multiple-files.js';
import { readFileTool, readTextFileTool } from './read-text-file.js';
import { searchFilesTool } from './search-files.js';
import { writeFileTool } from './write-file.js';

/** Every tool of the filesystem server; write tools are hidden in read-only mode. */
export const filesystemTools: readonly Tool<FilesystemContext>[] = [
  readTextFileTool,
  readFileTool,
  readMediaFileTool,
  readMultipleFilesTool,
  writeFileTool,
  editFileTool,
  createDirectoryTool,
  listDirectoryTool,
  listDirectoryWithSizesTool,
  directoryTreeTool,
  moveFileTool,
  searchFilesTool,
  getFileInfoTool,
  listAllowedDirectoriesTool,
  grepTool,
  deletePathTool,
  copyPathTool
];
