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

/** The annotations of a tool that only reads inside the server's own world. */
export const READ_ONLY_ANNOTATIONS: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false
};

/**
 * The annotations of a tool that changes something: whether it may delete or overwrite data, and
 * whether repeating the call has no further effect. Closed world unless `openWorld`.
 */
export function changingAnnotations(behaviour: {
  destructive: boolean;
  idempotent: boolean;
  openWorld?: boolean;
}): ToolAnnotations {
  return {
    readOnlyHint: false,
    destructiveHint: behaviour.destructive,
    idempotentHint: behaviour.idempotent,
    openWorldHint: behaviour.openWorld ?? false
  };
}
