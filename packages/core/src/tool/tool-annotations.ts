/**
 * Behaviour hints every mcpkit tool states explicitly (the SDK leaves them optional; we do not).
 * Hosts use them to auto-approve reads and to ask before destructive writes, so they must be true
 * for the server's effective policy, not for the tool in general.
 */
export interface ToolAnnotations {
  /** The tool changes nothing anywhere. */
  readOnlyHint: boolean;
  /** The tool may delete or overwrite data (meaningful only when not read-only). */
  destructiveHint: boolean;
  /** Calling again with the same arguments has no further effect. */
  idempotentHint: boolean;
  /** The tool reaches beyond the server's own confined world (the network, third-party APIs). */
  openWorldHint: boolean;
}
