/** The engines the memory store runs on. */
export type Engine = 'sqlite' | 'postgres';
