import type { Client } from '@modelcontextprotocol/client';

import type { ClientSetup } from './connect.js';

/** Fixed answers a test client gives to server requests. */
export interface CannedAnswers {
  /** Content accepted for every elicitation form. */
  elicitation?: Record<string, unknown>;
  /** Text of every sampled completion. */
  sampling?: string;
  /** Roots the client reports. */
  roots?: { uri: string; name?: string }[];
}

/**
 * A client setup that declares elicitation, sampling and roots and answers each with a fixed value,
 * in either era (2025 pushed requests and 2026-07-28 input_required rounds alike).
 */
export function cannedClient(answers: CannedAnswers = {}): ClientSetup {
  return {
    capabilities: { elicitation: { form: {} }, sampling: {}, roots: { listChanged: true } },
    prepare(client: Client) {
      client.setRequestHandler('elicitation/create', () => ({
        action: 'accept',
        content: (answers.elicitation ?? {}) as Record<string, string>
      }));
      client.setRequestHandler('sampling/createMessage', () => ({
        model: 'test-model',
        role: 'assistant',
        content: { type: 'text', text: answers.sampling ?? 'sampled text' },
        stopReason: 'endTurn'
      }));
      client.setRequestHandler('roots/list', () => ({ roots: answers.roots ?? [] }));
    }
  };
}
