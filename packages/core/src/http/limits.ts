/** The default limit on an HTTP request body (1 MiB): far above any sane tool call. */
export const DEFAULT_MAX_REQUEST_BYTES = 1_048_576;
