import { acceptedContent, inputRequired } from '@modelcontextprotocol/server';
import { definePrompt } from '@mcpkit/core';
import type { PromptDefinition } from '@mcpkit/core';
import { z } from 'zod';

import type { ConformanceContext } from './context.js';
import { PNG_BASE64 } from './media.js';

/** The prompts the conformance scenarios list, get and complete. */
export const prompts: readonly PromptDefinition<ConformanceContext>[] = [
  definePrompt({
    name: 'test_simple_prompt',
    title: 'Simple prompt',
    description: 'A prompt without arguments (prompts-get-simple).',
    args: z.object({}),
    get: () => ({
      messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }]
    })
  }),
  definePrompt({
    name: 'test_prompt_with_arguments',
    title: 'Prompt with arguments',
    description: 'A prompt with two required arguments (prompts-get-with-args, completion-complete).',
    args: z.object({
      arg1: z.string().describe('First test argument'),
      arg2: z.string().describe('Second test argument')
    }),
    complete: {
      arg1: value => ['testValue1', 'testValue2'].filter(candidate => candidate.startsWith(value))
    },
    get: ({ arg1, arg2 }) => ({
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` }
        }
      ]
    })
  }),
  definePrompt({
    name: 'test_prompt_with_embedded_resource',
    title: 'Prompt with embedded resource',
    description: 'A prompt that embeds the resource it is given (prompts-get-embedded-resource).',
    args: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
    get: ({ resourceUri }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: resourceUri,
              mimeType: 'text/plain',
              text: 'Embedded resource content for testing.'
            }
          }
        },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } }
      ]
    })
  }),
  definePrompt({
    name: 'test_prompt_with_image',
    title: 'Prompt with image',
    description: 'A prompt that carries an image (prompts-get-with-image).',
    args: z.object({}),
    get: () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: PNG_BASE64, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } }
      ]
    })
  }),
  definePrompt({
    name: 'test_input_required_result_prompt',
    title: 'Prompt that asks for context',
    description:
      'A prompt that elicits context from the user before it renders (input-required-result-non-tool-request).',
    args: z.object({}),
    get: (_args, call) => {
      const answer = acceptedContent(
        call.sdk.mcpReq.inputResponses,
        'user_context',
        z.object({ context: z.string() })
      );
      if (!answer) {
        return inputRequired({
          inputRequests: {
            user_context: inputRequired.elicit({
              message: 'What context should the prompt use?',
              requestedSchema: {
                type: 'object',
                properties: { context: { type: 'string' } },
                required: ['context']
              }
            })
          }
        });
      }
      return { messages: [{ role: 'user', content: { type: 'text', text: `Context: ${answer.context}` } }] };
    }
  })
];
