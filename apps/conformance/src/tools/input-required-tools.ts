import {
  CLIENT_CAPABILITIES_META_KEY,
  acceptedContent,
  inputRequired,
  inputResponse
} from '@modelcontextprotocol/server';
import type { ClientCapabilities, InputRequests } from '@modelcontextprotocol/server';
import type { Tool } from '@mcpkit/core';
import { z } from 'zod';

import type { ConformanceContext } from '../context.js';
import { textTool } from './text-tool.js';

const nameForm = inputRequired.elicit({
  message: 'What is your name?',
  requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
});
const colorForm = inputRequired.elicit({
  message: 'What is your favourite colour?',
  requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] }
});
const confirmForm = inputRequired.elicit({
  message: 'Confirm?',
  requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }
});
const capitalQuestion = inputRequired.createMessage({
  messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
  maxTokens: 100
});
const greetingRequest = inputRequired.createMessage({
  messages: [{ role: 'user', content: { type: 'text', text: 'Write a one-line greeting.' } }],
  maxTokens: 50
});

const nameSchema = z.object({ name: z.string() });
const colorSchema = z.object({ color: z.string() });
const okSchema = z.object({ ok: z.boolean() });
const noInput = z.object({});

/**
 * A tool that asks for confirmation with signed request state and answers `done` on a retry that
 * echoes the state and confirms. The SDK verifies the signature before the tool runs, so a tampered
 * state never reaches it.
 */
function confirmWithSignedState(
  name: string,
  spec: { description: string; done: string }
): Tool<ConformanceContext> {
  return textTool({
    name,
    description: spec.description,
    input: noInput,
    async run(_input, call) {
      const state = call.sdk.mcpReq.requestState<{ step?: string }>();
      const answer = acceptedContent(call.sdk.mcpReq.inputResponses, 'confirm', okSchema);
      if (state?.step === 'asked' && answer?.ok === true) return spec.done;
      return inputRequired({
        inputRequests: { confirm: confirmForm },
        requestState: await call.context.stateCodec.mint({ step: 'asked' })
      });
    }
  });
}

/** The SEP-2322 input-required scenarios: single and multiple requests, state across rounds. */
export const inputRequiredTools: readonly Tool<ConformanceContext>[] = [
  textTool({
    name: 'test_input_required_result_elicitation',
    description: 'Asks for the caller’s name by elicitation, then greets them.',
    input: noInput,
    run(_input, call) {
      const answer = acceptedContent(call.sdk.mcpReq.inputResponses, 'user_name', nameSchema);
      return answer ? `Hello, ${answer.name}!` : inputRequired({ inputRequests: { user_name: nameForm } });
    }
  }),
  textTool({
    name: 'test_input_required_result_sampling',
    description: 'Asks the client to sample an answer to a question, then returns it.',
    input: noInput,
    run(_input, call) {
      const answer = inputResponse(call.sdk.mcpReq.inputResponses, 'capital_question');
      return answer.kind === 'sampling'
        ? `Sampled: ${JSON.stringify(answer.result.content)}`
        : inputRequired({ inputRequests: { capital_question: capitalQuestion } });
    }
  }),
  textTool({
    name: 'test_input_required_result_list_roots',
    description: 'Asks the client for its roots, then lists them.',
    input: noInput,
    run(_input, call) {
      const answer = inputResponse(call.sdk.mcpReq.inputResponses, 'client_roots');
      return answer.kind === 'roots'
        ? `Roots: ${answer.roots.map(root => root.uri).join(', ')}`
        : inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
    }
  }),
  confirmWithSignedState('test_input_required_result_request_state', {
    description: 'Asks for confirmation and carries signed request state to the retry.',
    done: 'state-ok: confirmed'
  }),
  textTool({
    name: 'test_input_required_result_multiple_inputs',
    description: 'Asks for a name, a sampled greeting and the roots in one round.',
    input: noInput,
    async run(_input, call) {
      const responses = call.sdk.mcpReq.inputResponses;
      const name = acceptedContent(responses, 'user_name', nameSchema);
      const greeting = inputResponse(responses, 'greeting');
      const roots = inputResponse(responses, 'client_roots');
      if (name && greeting.kind === 'sampling' && roots.kind === 'roots') {
        return `Hello ${name.name}; ${roots.roots.length} root(s).`;
      }
      return inputRequired({
        inputRequests: {
          user_name: nameForm,
          greeting: greetingRequest,
          client_roots: inputRequired.listRoots()
        },
        requestState: await call.context.stateCodec.mint({ step: 'all' })
      });
    }
  }),
  textTool({
    name: 'test_input_required_result_multi_round',
    description: 'Asks for a name, then in a second round for a colour, then answers.',
    input: noInput,
    async run(_input, call) {
      const state = call.sdk.mcpReq.requestState<{ step?: string; name?: string }>();
      const responses = call.sdk.mcpReq.inputResponses;
      if (state?.step === 'step2' && state.name !== undefined) {
        const color = acceptedContent(responses, 'color', colorSchema);
        if (color) return `${state.name} likes ${color.color}.`;
        return inputRequired({
          inputRequests: { color: colorForm },
          requestState: await call.context.stateCodec.mint(state)
        });
      }
      const name = acceptedContent(responses, 'name', nameSchema);
      if (name) {
        return inputRequired({
          inputRequests: { color: colorForm },
          requestState: await call.context.stateCodec.mint({ step: 'step2', name: name.name })
        });
      }
      return inputRequired({
        inputRequests: { name: nameForm },
        requestState: await call.context.stateCodec.mint({ step: 'step1' })
      });
    }
  }),
  confirmWithSignedState('test_input_required_result_tampered_state', {
    description: 'Issues signed request state; a tampered copy is rejected before this tool runs.',
    done: 'State verified.'
  }),
  textTool({
    name: 'test_input_required_result_capabilities',
    description: 'Asks only for what the client declared it can provide (elicitation, sampling, roots).',
    input: noInput,
    run(_input, call) {
      const envelope = call.sdk.mcpReq.envelope as Record<string, unknown> | undefined;
      const capabilities = (envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? {}) as ClientCapabilities;
      const responses = call.sdk.mcpReq.inputResponses;
      if (responses !== undefined && Object.keys(responses).length > 0) return 'Thanks for the input.';
      const requests: InputRequests = {};
      if (capabilities.elicitation) requests.user_name = nameForm;
      if (capabilities.sampling) requests.capital_question = capitalQuestion;
      if (capabilities.roots) requests.client_roots = inputRequired.listRoots();
      return Object.keys(requests).length === 0
        ? 'The client declared no capability to ask through.'
        : inputRequired({ inputRequests: requests });
    }
  })
];
