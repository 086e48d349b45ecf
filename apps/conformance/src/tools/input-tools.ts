import { inputRequired, inputResponse } from '@modelcontextprotocol/server';
import type { Tool } from '@mcpkit/core';
import { z } from 'zod';

import type { ConformanceContext } from '../context.js';
import { textTool } from './text-tool.js';

/** Elicitation form with primitive defaults (SEP-1034). */
const defaultsSchema = {
  type: 'object' as const,
  properties: {
    name: { type: 'string' as const, default: 'John Doe' },
    age: { type: 'integer' as const, default: 30 },
    score: { type: 'number' as const, default: 95.5 },
    status: { type: 'string' as const, enum: ['active', 'inactive', 'pending'], default: 'active' },
    verified: { type: 'boolean' as const, default: true }
  },
  required: []
};

/** Elicitation form with every enum shape (SEP-1330). */
const enumsSchema = {
  type: 'object' as const,
  properties: {
    untitledSingle: { type: 'string' as const, enum: ['option1', 'option2', 'option3'] },
    titledSingle: {
      type: 'string' as const,
      oneOf: [
        { const: 'value1', title: 'First Option' },
        { const: 'value2', title: 'Second Option' },
        { const: 'value3', title: 'Third Option' }
      ]
    },
    legacyEnum: {
      type: 'string' as const,
      enum: ['opt1', 'opt2', 'opt3'],
      enumNames: ['Option One', 'Option Two', 'Option Three']
    },
    untitledMulti: {
      type: 'array' as const,
      items: { type: 'string' as const, enum: ['option1', 'option2', 'option3'] },
      minItems: 1,
      maxItems: 3
    },
    titledMulti: {
      type: 'array' as const,
      items: {
        anyOf: [
          { const: 'value1', title: 'First Choice' },
          { const: 'value2', title: 'Second Choice' },
          { const: 'value3', title: 'Third Choice' }
        ]
      },
      minItems: 1,
      maxItems: 3
    }
  },
  required: []
};

function describeElicitation(view: ReturnType<typeof inputResponse>): string {
  return view.kind === 'elicit' ? `${view.action}, ${JSON.stringify(view.content ?? {})}` : view.kind;
}

/**
 * Tools that ask the client for something mid-call. Written once with `inputRequired`: 2026-07-28
 * clients get an input_required result and retry; 2025 clients get real sampling/elicitation
 * requests pushed over their session by the SDK's legacy shim.
 */
export const inputTools: readonly Tool<ConformanceContext>[] = [
  textTool({
    name: 'test_sampling',
    description: 'Asks the client to sample an LLM completion of the prompt and returns it.',
    input: z.object({ prompt: z.string().max(2000).describe('The prompt to sample') }),
    run({ prompt }, call) {
      const answer = inputResponse(call.sdk.mcpReq.inputResponses, 'sample');
      if (answer.kind !== 'sampling') {
        return inputRequired({
          inputRequests: {
            sample: inputRequired.createMessage({
              messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
              maxTokens: 100
            })
          }
        });
      }
      const content = answer.result.content;
      const text =
        !Array.isArray(content) && content.type === 'text' ? content.text : JSON.stringify(content);
      return `LLM response: ${text}`;
    }
  }),
  ...(
    [
      ['test_elicitation', 'Asks the user for a username and email.', undefined],
      [
        'test_elicitation_sep1034_defaults',
        'Asks the user to fill a form whose fields have defaults (SEP-1034).',
        defaultsSchema
      ],
      [
        'test_elicitation_sep1330_enums',
        'Asks the user to choose from every enum shape (SEP-1330).',
        enumsSchema
      ]
    ] as const
  ).map(([name, description, schema]) =>
    textTool({
      name,
      description,
      input: z.object({ message: z.string().max(500).optional().describe('What to ask the user') }),
      run({ message }, call) {
        const answer = inputResponse(call.sdk.mcpReq.inputResponses, 'form');
        if (answer.kind !== 'elicit') {
          return inputRequired({
            inputRequests: {
              form: inputRequired.elicit({
                message: message ?? 'Please fill in the form',
                requestedSchema: schema ?? {
                  type: 'object',
                  properties: { username: { type: 'string' }, email: { type: 'string' } },
                  required: ['username', 'email']
                }
              })
            }
          });
        }
        return `User response: ${describeElicitation(answer)}`;
      }
    })
  ),
  textTool({
    name: 'test_missing_capability',
    description: 'Needs sampling; a client that did not declare it gets a missing-capability error.',
    input: z.object({}),
    run(_input, call) {
      const answer = inputResponse(call.sdk.mcpReq.inputResponses, 'llm_answer');
      if (answer.kind === 'sampling') return 'pong';
      return inputRequired({
        inputRequests: {
          llm_answer: inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'Reply with the single word: pong' } }],
            maxTokens: 16
          })
        }
      });
    }
  }),
  textTool({
    name: 'test_streaming_elicitation',
    description: 'Answers without pushing any request onto a 2026-07-28 response stream.',
    input: z.object({}),
    run: () => 'No elicitation was pushed.'
  })
];
